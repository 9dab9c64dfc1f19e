using System.Net;
using Lewel.Web.Security;
using Lewel.Web.Tests.TestSupport;

namespace Lewel.Web.Tests.Security;

[Collection(HostCollection.Name)]
public class SecurityHeadersTests(QueueOnlyHostFixture fixture) : IClassFixture<QueueOnlyHostFixture>
{
    [Theory]
    [InlineData("/runs")]
    [InlineData("/api/runs")]
    [InlineData("/files/runs/1/nothing.txt")]
    [InlineData("/openapi/v1.json")]
    public async Task EveryResponse_CarriesTheSecurityHeaders(string url)
    {
        var response = await fixture.Host.Client.GetAsync(url);
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound, $"{url}: {response.StatusCode}");
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Equal(SecurityHeaders.ContentSecurityPolicy, policy);
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.DoesNotContain("unsafe-eval", policy);
    }

    [Fact]
    public async Task APage_HasNoInlineScriptTheCspWouldBlock()
    {
        var html = await fixture.Host.Client.GetStringAsync("/runs");
        Assert.DoesNotMatch(@"<script(?![^>]*\bsrc=)[^>]*>", html);
    }
}
