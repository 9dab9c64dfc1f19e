using System.Diagnostics;
using Microsoft.Playwright;

namespace ChartsBench;

/// <summary>Loads one candidate's page, then measures four phases: load, live appends at 2 Hz, zoom + reset of every
/// chart, and a hover sweep across one chart (appends go on meanwhile). Frame times come from requestAnimationFrame in
/// the page; circuit traffic from the WebSocket frames Playwright sees.</summary>
public static class CandidateRun
{
    private const string FrameRecorder = """
        window.__phase = 'load'; window.__frames = [];
        (function loop(t) {
            if (window.__last !== undefined) window.__frames.push([window.__phase, t - window.__last]);
            window.__last = t; requestAnimationFrame(loop);
        })(performance.now());
        """;

    public static async Task<CandidateResult> MeasureAsync(BenchBrowser browser, string baseUrl, Candidate candidate, TimeSpan live)
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 1000 } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(60_000);
        await page.AddInitScriptAsync(FrameRecorder);
        var traffic = new PhaseTraffic();
        var errors = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") errors.Add(m.Text); };
        page.PageError += (_, e) => errors.Add(e);
        page.WebSocket += (_, socket) =>
        {
            socket.FrameReceived += (_, f) => traffic.Received(f.Binary?.Length ?? f.Text?.Length ?? 0);
            socket.FrameSent += (_, f) => traffic.Sent(f.Binary?.Length ?? f.Text?.Length ?? 0);
        };

        var load = Stopwatch.StartNew();
        await page.GotoAsync(baseUrl + candidate.Path);
        try
        {
            await page.WaitForFunctionAsync(candidate.ReadyScript, null, new PageWaitForFunctionOptions { PollingInterval = 50 });
        }
        catch (TimeoutException)
        {
            throw new InvalidOperationException($"{candidate.Name} never drew its charts; browser errors: {string.Join(" | ", errors)}");
        }
        var loadMs = load.Elapsed.TotalMilliseconds;

        await SetPhaseAsync(page, traffic, "live");
        await Task.Delay(live);

        await SetPhaseAsync(page, traffic, "zoom");
        var zoom = Stopwatch.StartNew();
        await page.EvaluateAsync(candidate.ZoomScript);
        var zoomMs = zoom.Elapsed.TotalMilliseconds;
        await Task.Delay(500);
        var reset = Stopwatch.StartNew();
        await page.EvaluateAsync(candidate.ResetScript);
        var resetMs = reset.Elapsed.TotalMilliseconds;
        await Task.Delay(500);

        await SetPhaseAsync(page, traffic, "hover");
        var box = await page.Locator(candidate.HoverSelector).First.BoundingBoxAsync() ?? throw new InvalidOperationException("no hover target");
        for (var i = 0; i <= 60; i++)
        {
            await page.Mouse.MoveAsync((float)(box.X + box.Width * (0.1 + 0.8 * i / 60.0)), box.Y + box.Height / 2);
            await Task.Delay(33);
        }
        await SetPhaseAsync(page, traffic, "end");

        var frames = await page.EvaluateAsync<double[][]>("() => window.__frames.map(f => [['load','live','zoom','hover','end'].indexOf(f[0]), f[1]])");
        await context.CloseAsync();
        string[] phases = ["load", "live", "zoom", "hover"];
        var byPhase = phases.Select((name, index) => PhaseResult.From(name, frames.Where(f => (int)f[0] == index).Select(f => f[1]).ToList(), traffic.Of(name))).ToList();
        return new CandidateResult(candidate.Name, candidate.Package, loadMs, zoomMs, resetMs, byPhase, [.. errors.Distinct().Take(5)]);
    }

    private static async Task SetPhaseAsync(IPage page, PhaseTraffic traffic, string phase)
    {
        await page.EvaluateAsync("p => { window.__phase = p; }", phase);
        traffic.Begin(phase);
    }
}
