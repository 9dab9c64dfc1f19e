using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;

namespace Lewel.E2E.Tests;

/// <summary>The alignment-map comparer and the embedding view in a real browser, on runs seeded with maps of known
/// content (<see cref="SeededRuns"/>): run A's head 0 puts all its weight on the top-left position, run B's on the
/// bottom-right one.</summary>
[Collection(E2ECollection.Name)]
public sealed class MapViewsTests(E2EFixture fixture)
{
    private const int TopLeft = 0, BottomRight = SeededRuns.Side * SeededRuns.Side - 1;

    private SeededRuns Seeded => new(fixture.App);

    [Fact]
    public async Task TwoRunsAtOneStep_SwipeOverlayAndDifference_ShowEachRunsMapWhereItBelongs()
    {
        var a = await Seeded.RunAsync("maps A");
        var b = await Seeded.RunAsync("maps B");
        await Seeded.SnapshotAsync(a, 8, TopLeft);
        await Seeded.SnapshotAsync(b, 8, BottomRight);
        var page = await fixture.Browser.NewPageAsync();
        await GoAsync(page, $"{fixture.App.BaseUrl}/maps/compare?runs={a},{b}");
        var head0 = page.Locator("canvas[data-testid=comparer-canvas][data-head='0']");

        // Swipe: A left of the divider (its bright top-left corner), B right of it (its bright bottom-right corner).
        await head0.And(page.Locator("[data-drawn=swipe]")).WaitForAsync();
        var (topLeft, bottomRight) = (await Pixel(head0, 0.1, 0.1), await Pixel(head0, 0.9, 0.9));
        Assert.True(Brightness(topLeft) > 300 && Brightness(bottomRight) > 300, $"both peaks show: {Show(topLeft)}, {Show(bottomRight)}");
        await Screenshots.SaveAsync(page, "10-map-comparer-swipe");
        // Dragging the divider to the right edge shows A there too: A is dark at the bottom right.
        var box = (await head0.BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(box.X + box.Width * 0.5f, box.Y + box.Height * 0.5f);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(box.X + box.Width * 0.99f, box.Y + box.Height * 0.5f, new MouseMoveOptions { Steps = 5 });
        await page.Mouse.UpAsync();
        await WaitUntil(async () => Brightness(await Pixel(head0, 0.9, 0.9)) < Brightness(bottomRight) - 100,
            "dragging the divider did not bring A's dark bottom-right corner into view");

        // Overlay: half of each, so both corners are lit, each less than its own run alone.
        await page.Locator("[data-testid=comparer-mode] .mud-toggle-item:has-text('overlay')").ClickAsync();
        await head0.And(page.Locator("[data-drawn=overlay]")).WaitForAsync();
        var overlaid = await Pixel(head0, 0.9, 0.9);
        Assert.True(Brightness(overlaid) < Brightness(bottomRight), $"the overlay at the bottom right ({Show(overlaid)}) is dimmer than B alone ({Show(bottomRight)})");
        await Screenshots.SaveAsync(page, "11-map-comparer-overlay");

        // Difference A − B: red where A is higher (top left), blue where B is (bottom right).
        await page.Locator("[data-testid=comparer-mode] .mud-toggle-item:has-text('difference')").ClickAsync();
        await head0.And(page.Locator("[data-drawn=difference]")).WaitForAsync();
        var (red, blue) = (await Pixel(head0, 0.1, 0.1), await Pixel(head0, 0.9, 0.9));
        Assert.True(red[0] > red[2] + 60, $"A − B at the top left is red: {Show(red)}");
        Assert.True(blue[2] > blue[0] + 60, $"A − B at the bottom right is blue: {Show(blue)}");
        await Screenshots.SaveAsync(page, "12-map-comparer-difference");
    }

    [Fact]
    public async Task Slider_FollowsLiveSnapshotsUntilTouched_ThenStays_AndJumpsToAnEpoch()
    {
        var run = await Seeded.RunAsync("live maps");
        var perEpoch = SeededRuns.StepsPerEpoch;
        foreach (var step in new[] { 0, perEpoch, 2 * perEpoch }) await Seeded.SnapshotAsync(run, step, TopLeft);
        var page = await fixture.Browser.NewPageAsync();
        await GoAsync(page, $"{fixture.App.BaseUrl}/maps/compare?runs={run}");
        var comparer = page.Locator("[data-testid=map-comparer]");
        await WaitForStep(comparer, 2 * perEpoch);

        await Seeded.SnapshotAsync(run, 3 * perEpoch, BottomRight, publish: true);
        await WaitForStep(comparer, 3 * perEpoch); // untouched: follows the newest

        await comparer.FocusAsync();
        await page.Keyboard.PressAsync("ArrowLeft");
        await WaitForStep(comparer, 2 * perEpoch);
        await Seeded.SnapshotAsync(run, 4 * perEpoch, BottomRight, publish: true);
        await page.Locator("[data-testid=comparer-position]").Filter(new() { HasText = "/5" }).WaitForAsync(); // it arrived…
        Assert.Equal((2 * perEpoch).ToString(CultureInfo.InvariantCulture), await comparer.GetAttributeAsync("data-step")); // …and the slider stayed

        await page.Locator("input[data-testid=comparer-jump-epoch]").FillAsync("1");
        await page.Locator("button[data-testid=comparer-jump]").ClickAsync();
        await WaitForStep(comparer, perEpoch);
        await Seeded.SnapshotAsync(run, 5 * perEpoch, TopLeft, publish: true);
        await page.Locator("[data-testid=comparer-position]").Filter(new() { HasText = "/6" }).WaitForAsync();
        Assert.Equal(perEpoch.ToString(CultureInfo.InvariantCulture), await comparer.GetAttributeAsync("data-step"));
        await Screenshots.SaveAsync(page, "13-map-comparer-steps");

        await page.Locator("[data-testid=comparer-view] .mud-toggle-item:has-text('probe ×')").ClickAsync();
        await page.Locator("canvas[data-testid=grid-canvas][data-drawn=single]").First.WaitForAsync();
        Assert.Equal(2 * SeededRuns.Heads, await page.Locator("canvas[data-testid=grid-canvas]").CountAsync());
        await Screenshots.SaveAsync(page, "14-map-grid");
    }

    [Fact]
    public async Task EmbeddingView_EpochSlider_MovesThePointsBetweenMonitorPoints_AndHoverShowsTheImage()
    {
        var run = await Seeded.RunAsync("embedding");
        await Seeded.EmbeddingsAsync(run, 8, 16);
        var page = await fixture.Browser.NewPageAsync();
        await GoAsync(page, $"{fixture.App.BaseUrl}/runs/{run}/embedding");
        var view = page.Locator("[data-testid=embedding-view][data-ready=true]");
        await view.WaitForAsync();
        var position = page.Locator("[data-testid=embedding-position]");
        Assert.Contains("step 16", await position.InnerTextAsync());

        var slider = page.Locator("input[data-testid=embedding-slider]");
        await slider.FillAsync("0");
        await WaitUntil(async () => (await position.InnerTextAsync()).Contains("epoch 1 · step 8"), "the slider did not move to the first monitor point");
        await slider.FillAsync("0.5");
        await WaitUntil(async () => (await position.InnerTextAsync()).Contains("between step 8 and step 16"), "the slider did not move between monitor points");
        await Screenshots.SaveAsync(page, "15-embedding");

        // Image 0 is the bottom-left point of every projection: 12 px in from the canvas's edges.
        var canvas = page.Locator("canvas[data-testid=embedding-canvas]");
        var box = (await canvas.BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(box.X + 12 * box.Width / 640, box.Y + box.Height - 12 * box.Height / 480);
        // The readout names the class, not its number.
        await page.Locator("[data-testid=embedding-tip]").Filter(new() { HasText = "image #0 · disc" }).WaitForAsync();
        Assert.Equal("0", await view.GetAttributeAsync("data-hovered"));
    }

    private static async Task WaitForStep(ILocator comparer, int step) =>
        await WaitUntil(async () => await comparer.GetAttributeAsync("data-step") == step.ToString(CultureInfo.InvariantCulture),
            $"the comparer never showed step {step}", timeoutMs: 30_000);

    /// <summary>The RGB of the canvas at (fx, fy) of its size.</summary>
    private static async Task<int[]> Pixel(ILocator canvas, double fx, double fy)
    {
        var json = await canvas.EvaluateAsync<string>(
            "(c, f) => JSON.stringify(Array.from(c.getContext('2d').getImageData(Math.floor(c.width * f[0]), Math.floor(c.height * f[1]), 1, 1).data.slice(0, 3)))",
            new[] { fx, fy });
        return JsonSerializer.Deserialize<int[]>(json)!;
    }

    private static int Brightness(int[] rgb) => rgb[0] + rgb[1] + rgb[2];

    private static string Show(int[] rgb) => $"rgb({string.Join(", ", rgb)})";

    private static async Task GoAsync(IPage page, string url)
    {
        await page.GotoAsync(url);
        await page.Locator("html[data-interactive=true]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
    }

    private static async Task WaitUntil(Func<Task<bool>> condition, string failure, int timeoutMs = 30_000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition()) return;
            await Task.Delay(200);
        }
        Assert.Fail(failure);
    }
}
