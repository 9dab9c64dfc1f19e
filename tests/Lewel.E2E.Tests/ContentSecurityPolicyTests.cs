using Microsoft.Playwright;

namespace Lewel.E2E.Tests;

/// <summary>The studio's pages load and go interactive in chromium under the Content-Security-Policy the app sends,
/// with nothing refused: the policy is tight (scripts from the studio only) without breaking Blazor or MudBlazor.</summary>
[Collection(E2ECollection.Name)]
public sealed class ContentSecurityPolicyTests(E2EFixture fixture)
{
    [Theory]
    [InlineData("/runs", true)]
    [InlineData("/runs/new", true)]
    [InlineData("/inspect", true)]
    [InlineData("/compare", true)]
    [InlineData("/hangfire", false)]
    public async Task APage_LoadsUnderThePolicy_WithNothingRefused(string path, bool blazor)
    {
        var page = await fixture.Browser.NewPageAsync();
        var refusals = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)
                                            || message.Text.Contains("Refused to", StringComparison.Ordinal)))
                lock (refusals) refusals.Add(message.Text);
        };
        page.PageError += (_, error) => { lock (refusals) refusals.Add(error); };
        try
        {
            var response = await page.GotoAsync(fixture.App.BaseUrl + path);
            Assert.NotNull(response);
            Assert.Equal(200, response.Status);
            Assert.Contains("script-src 'self'", response.Headers["content-security-policy"]);
            if (blazor)
                await page.Locator("html[data-interactive=true]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
            else
                await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            await page.WaitForTimeoutAsync(500); // late style and font loads report their refusals too
            lock (refusals) Assert.True(refusals.Count == 0, $"{path}: {string.Join(" | ", refusals)}");
        }
        finally
        {
            await page.CloseAsync();
        }
    }
}
