using Lewel.Data.Stores;
using Lewel.Web.Auth;
using Lewel.Web.Runs;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Lewel.Web.Hubs;

/// <summary>Live run updates for browsers and scripts (<c>/hubs/runs</c>).
/// <para><c>Subscribe(runId)</c> joins the run's group and returns its current <see cref="RunState"/>; afterwards the
/// client receives <c>metrics</c>, <c>status</c>, <c>snapshot</c>, <c>evaluation</c>, <c>checkpoint</c>, <c>log</c>
/// and <c>deleted</c> messages, each with the run's <c>sequence</c> number. Ignore a message whose sequence is at or
/// below the state's (it is already in the state); nothing after it is missed.</para>
/// <para><c>SubscribeAll()</c> receives <c>status</c>, <c>progress</c>, <c>snapshot</c>, <c>evaluation</c>,
/// <c>checkpoint</c> and <c>deleted</c> messages of every run (no per-step metrics).</para>
/// <para>With sign-in on, connecting needs a viewer (or higher): a cookie, or a token as <c>access_token</c>.</para></summary>
[Authorize(Policy = LewelPolicies.Viewer)]
public sealed class RunsHub(RunNotifier notifier) : Hub
{
    public const string Path = "/hubs/runs";
    public const string AllRunsGroup = "runs";

    public static string RunGroup(long runId) => $"run:{runId}";

    public async Task<RunState> Subscribe(long runId)
    {
        await Groups.AddToGroupAsync(Context.ConnectionId, RunGroup(runId));
        try
        {
            return await notifier.GetStateAsync(runId, Context.ConnectionAborted);
        }
        catch (RunNotFoundException e)
        {
            await Groups.RemoveFromGroupAsync(Context.ConnectionId, RunGroup(runId));
            throw new HubException(e.Message);
        }
    }

    public Task Unsubscribe(long runId) => Groups.RemoveFromGroupAsync(Context.ConnectionId, RunGroup(runId));

    public Task SubscribeAll() => Groups.AddToGroupAsync(Context.ConnectionId, AllRunsGroup);

    public Task UnsubscribeAll() => Groups.RemoveFromGroupAsync(Context.ConnectionId, AllRunsGroup);
}
