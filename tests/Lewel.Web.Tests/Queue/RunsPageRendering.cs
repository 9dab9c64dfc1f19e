using Bunit;
using Lewel.Web.Auth;
using Lewel.Web.Components.Pages.Runs;
using Lewel.Web.Jobs;
using Lewel.Web.Runs;
using Lewel.Web.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace Lewel.Web.Tests.Queue;

/// <summary>The runs page rendered by bUnit over a running host's services (its store, its job queue), so the queue
/// column shows what the host's Hangfire holds. The table loads its rows after the first render.</summary>
internal sealed class RunsPageRendering : IAsyncDisposable
{
    private readonly BunitContext context = new();
    private readonly IRenderedComponent<RunsPage> page;

    public RunsPageRendering(LewelHost host)
    {
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddMudServices();
        context.AddAuthorization();
        context.Services.AddScoped<SignedInUser>();
        // The host's own singletons: the page reads the host's store and Hangfire, as it does in the app.
        context.Services.AddSingleton(host.Services.GetRequiredService<AuthMode>());
        context.Services.AddSingleton(host.Runs);
        context.Services.AddSingleton(host.Services.GetRequiredService<RunTableMetrics>());
        context.Services.AddSingleton(host.Services.GetRequiredService<RunService>());
        context.Services.AddSingleton(host.Services.GetRequiredService<RunNotifier>());
        context.Services.AddSingleton(host.Services.GetRequiredService<RunQueueOrder>());
        context.Render<MudPopoverProvider>();
        page = context.Render<RunsPage>();
    }

    public void WaitFor(Action assertion) => page.WaitForAssertion(assertion, TimeSpan.FromSeconds(20));

    /// <summary>The position the row of run <paramref name="runId"/> shows, or null when it shows none.</summary>
    public string? PositionShownFor(long runId)
    {
        var row = page.FindAll($"tr.run-row-{runId}").SingleOrDefault() ?? throw new Xunit.Sdk.XunitException($"no row for run {runId}");
        return row.QuerySelector("[data-queue-position]")?.GetAttribute("data-queue-position");
    }

    public ValueTask DisposeAsync() => context.DisposeAsync();
}
