using Microsoft.Playwright;

namespace ChartsBench;

/// <summary>Debian's chromium through Playwright, headless, as the E2E tests launch it.</summary>
public sealed class BenchBrowser : IAsyncDisposable
{
    private readonly IPlaywright playwright;

    private BenchBrowser(IPlaywright playwright, IBrowser browser)
    {
        this.playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    public static async Task<BenchBrowser> LaunchAsync()
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });
        return new BenchBrowser(playwright, browser);
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        playwright.Dispose();
    }
}
