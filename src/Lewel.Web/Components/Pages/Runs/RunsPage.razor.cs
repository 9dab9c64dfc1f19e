using Lewel.Data.Entities;
using Lewel.Data.Stores;
using Lewel.Web.Auth;
using Lewel.Web.Components.Shared;
using Lewel.Web.Jobs;
using Lewel.Web.Runs;
using MudBlazor;

namespace Lewel.Web.Components.Pages.Runs;

/// <summary>The runs table: server-side paging and filters, best evaluation numbers, live status, actions and the
/// selection that opens Compare. Reloads (at most once a second, through <see cref="Live.LiveRunUpdates"/>) when any run
/// changes; it subscribes after the first render, never while prerendering.</summary>
public partial class RunsPage
{
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(1);
    private MudTable<RunRow>? table;
    private HashSet<RunRow> selected = [];
    private string? text, method, tag;
    private RunStatus? status;
    private int total;
    private DateTime now = DateTime.UtcNow;
    private Live.LiveRunUpdates? live;

    private bool Filtered => !string.IsNullOrWhiteSpace(text) || method is not null || status is not null || !string.IsNullOrWhiteSpace(tag);

    /// <summary>A run, its best evaluation numbers and, while it waits, its place in the queue. Equal by id, so the
    /// selection survives reloads.</summary>
    public sealed record RunRow(Run Run, IReadOnlyDictionary<string, double> BestValues, QueuedRunDto? Queued = null)
    {
        public double? Best(string name) => BestValues.TryGetValue(name, out var v) ? v : null;
        public bool Equals(RunRow? other) => other is not null && other.Run.Id == Run.Id;
        public override int GetHashCode() => Run.Id.GetHashCode();
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (!firstRender) return;
        // Any update may change a row: the table is read again once per batch of updates, not once per update.
        live = new Live.LiveRunUpdates(Notifier, work => InvokeAsync(work), _ => Task.CompletedTask, StateHasChanged, RefreshInterval, ReloadAsync);
        live.WatchAll(_ => true);
    }

    private async Task<TableData<RunRow>> LoadAsync(TableState state, CancellationToken cancellationToken)
    {
        now = DateTime.UtcNow;
        var page = await Runs.ListAsync(new RunFilter
        {
            Text = text, Method = method, Status = status, Tag = string.IsNullOrWhiteSpace(tag) ? null : tag.Trim(), Kind = RunKind.Pretrain,
            Skip = state.Page * state.PageSize, Take = state.PageSize,
        }, cancellationToken);
        var best = await TableMetrics.BestAsync([.. page.Items.Select(r => r.Id)], cancellationToken: cancellationToken);
        var order = page.Items.Any(r => r.Status == RunStatus.Queued)
            ? (await QueueOrder.ReadAsync(cancellationToken)).ToDictionary(q => q.RunId)
            : [];
        total = page.Total;
        _ = InvokeAsync(StateHasChanged); // the count above the table
        var empty = new Dictionary<string, double>();
        return new TableData<RunRow> { TotalItems = page.Total, Items = [.. page.Items.Select(r => new RunRow(r, best.GetValueOrDefault(r.Id) ?? empty, order.GetValueOrDefault(r.Id)))] };
    }

    private Task ReloadAsync() => table?.ReloadServerData() ?? Task.CompletedTask;

    private Task SearchText(string? value) { text = value; return ReloadAsync(); }
    private Task FilterMethod(string? value) { method = value; return ReloadAsync(); }
    private Task FilterStatus(RunStatus? value) { status = value; return ReloadAsync(); }
    private Task FilterTag(string? value) { tag = value; return ReloadAsync(); }

    private void Compare() => Navigation.NavigateTo("/compare?ids=" + string.Join(",", selected.Select(r => r.Run.Id).Order()));

    private async Task CancelAsync(Run run) => await Act(() => RunService.CancelAsync(run.Id), $"Run #{run.Id}: stop requested");

    private async Task ResumeAsync(Run run) => await Act(() => RunService.ResumeAsync(run.Id), $"Run #{run.Id} queued again from its last checkpoint");

    private async Task RunNextAsync(Run run) => await Act(() => RunService.RunNextAsync(run.Id), $"Run #{run.Id} is next in its queue");

    private async Task SetPriorityAsync(Run run, RunPriority priority) =>
        await Act(() => RunService.SetPriorityAsync(run.Id, priority), $"Run #{run.Id}: priority {RunPriorities.Name(priority)}");

    private async Task DeleteAsync(Run run)
    {
        var parameters = new DialogParameters<ConfirmDialog>
        {
            { d => d.Title, $"Delete run #{run.Id}?" },
            { d => d.Message, $"“{run.Name}” and everything it recorded (metrics, checkpoints, maps) will be deleted. This cannot be undone." },
        };
        var dialog = await Dialogs.ShowAsync<ConfirmDialog>("Delete run", parameters);
        var result = await dialog.Result;
        if (result is null || result.Canceled) return;
        selected.RemoveWhere(r => r.Run.Id == run.Id);
        await Act(() => RunService.DeleteAsync(run.Id), $"Run #{run.Id} deleted");
    }

    private async Task Act(Func<Task> action, string done)
    {
        if (!await User.MayAsync(LewelPolicies.Researcher))
        {
            Snackbar.Add(SignedInUser.Refusal(LewelPolicies.Researcher), Severity.Error);
            return;
        }
        try
        {
            await action();
            Snackbar.Add(done, Severity.Success);
        }
        catch (Exception e) when (e is InvalidOperationException or RunNotFoundException or RunBusyException)
        {
            Snackbar.Add(e.Message, Severity.Error);
        }
        await ReloadAsync();
    }

    public ValueTask DisposeAsync()
    {
        live?.Dispose();
        return ValueTask.CompletedTask;
    }
}
