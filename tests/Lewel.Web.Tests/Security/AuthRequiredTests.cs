using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Lewel.Data;
using Lewel.Data.Accounts;
using Lewel.Web.Hubs;
using Lewel.Web.Tests.TestSupport;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RouteAttribute = Microsoft.AspNetCore.Components.RouteAttribute;

namespace Lewel.Web.Tests.Security;

/// <summary>With sign-in required: every API route answers 401 without credentials, every page redirects to /signin,
/// a viewer may not write, revoked and expired tokens are refused, and the hub, the job dashboard and the sign-in form
/// enforce the same rules.</summary>
[Collection(HostCollection.Name)]
public class AuthRequiredTests(AuthRequiredHostFixture fixture) : IClassFixture<AuthRequiredHostFixture>
{
    private static readonly string[] WritingMethods = ["POST", "PUT", "DELETE", "PATCH"];

    [Fact]
    public async Task EveryApiRouteAnswers401WithoutCredentials()
    {
        using var anonymous = fixture.ClientWith(null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/openapi/v1.json")).StatusCode);
        var routes = await RoutesAsync();
        Assert.True(routes.Count >= 12, $"only {routes.Count} routes in the OpenAPI document");
        foreach (var (method, url) in routes)
        {
            using var response = await anonymous.SendAsync(Request(method, url));
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {url}: {(int)response.StatusCode}, expected 401");
            Assert.Null(response.Headers.Location); // an API never redirects to the sign-in page
        }
    }

    [Fact]
    public async Task AViewerTokenIsRefusedOnEveryWritingRouteAndAcceptedOnReadingOnes()
    {
        using var viewer = fixture.ClientWith(fixture.Viewer.Token);
        var routes = await RoutesAsync();
        var writing = routes.Where(r => WritingMethods.Contains(r.Method)).ToList();
        Assert.True(writing.Count >= 6, $"only {writing.Count} writing routes");
        foreach (var (method, url) in writing)
        {
            using var response = await viewer.SendAsync(Request(method, url));
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{method} {url} as viewer: {(int)response.StatusCode}, expected 403");
        }
        foreach (var (method, url) in routes.Where(r => r.Method == "GET"))
        {
            using var response = await viewer.SendAsync(Request(method, url));
            Assert.True(response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden),
                $"GET {url} as viewer: {(int)response.StatusCode}");
        }
        Assert.Equal(RunStatusQueued, (await RunAsync(viewer)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task AStudyIsLaunchedByAResearcher_AndAViewerMayOnlyReadIt()
    {
        var config = Configs.Tiny(steps: 2);
        foreach (var field in new[] { "method", "seed", "name" }) config.Remove(field);
        var body = new { pair = "byol", seeds = 1, config };
        using var viewer = fixture.ClientWith(fixture.Viewer.Token);
        using var refused = await viewer.PostAsJsonAsync("/api/studies", body, LewelHost.Json);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        using var researcher = fixture.ClientWith(fixture.Researcher.Token);
        using var launched = await researcher.PostAsJsonAsync("/api/studies", body, LewelHost.Json);
        Assert.Equal(HttpStatusCode.Created, launched.StatusCode);
        var id = JsonDocument.Parse(await launched.Content.ReadAsStringAsync()).RootElement.GetProperty("study").GetProperty("id").GetInt64();
        using var read = await viewer.GetAsync($"/api/studies/{id}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Contains(fixture.Researcher.UserName, await read.Content.ReadAsStringAsync()); // launchedBy
    }

    [Fact]
    public async Task EveryPageRedirectsToSignInWithoutACookie()
    {
        var pages = typeof(Program).Assembly.GetTypes()
            .Where(t => t.GetCustomAttribute<AllowAnonymousAttribute>() is null)
            .SelectMany(t => t.GetCustomAttributes<RouteAttribute>())
            .Select(r => Regex.Replace(r.Template, "{[^}]+}", fixture.RunId.ToString()))
            .Distinct().ToList();
        Assert.True(pages.Count >= 8, "pages found: " + string.Join(", ", pages));
        using var anonymous = fixture.ClientWith(null);
        foreach (var page in pages)
        {
            using var response = await anonymous.GetAsync(page);
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"GET {page}: {(int)response.StatusCode}, expected a redirect");
            Assert.Equal("/signin?returnUrl=" + Uri.EscapeDataString(page), Local(response.Headers.Location));
        }
        using var signIn = await anonymous.GetAsync("/signin");
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
    }

    [Fact]
    public async Task RevokedAndExpiredTokensAreRefused()
    {
        var contexts = fixture.Host.Services.GetRequiredService<IDbContextFactory<LewelDbContext>>();
        var viewerId = await UserIdAsync(fixture.Viewer.UserName);
        var store = fixture.Host.Services.GetRequiredService<ApiTokenStore>();
        var revoked = await store.CreateAsync(viewerId, "to revoke");
        using (var before = fixture.ClientWith(revoked.Text))
            Assert.Equal(HttpStatusCode.OK, (await before.GetAsync("/api/runs")).StatusCode);
        Assert.True(await store.RevokeAsync(viewerId, revoked.Token.Id));
        // Made 100 days ago with a 90-day life: expired 10 days ago.
        var expired = await new ApiTokenStore(contexts, new ShiftedTimeProvider(TimeSpan.FromDays(-100))).CreateAsync(viewerId, "old");

        foreach (var (what, token) in new[] { ("revoked", revoked.Text), ("expired", expired.Text), ("made up", ApiTokenSecret.Generate()), ("malformed", "nonsense") })
        {
            using var client = fixture.ClientWith(token);
            using var response = await client.GetAsync("/api/runs");
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{what} token: {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task TheHubRefusesAConnectionWithoutATokenAndAcceptsOneWith()
    {
        await using (var anonymous = Hub(null))
            Assert.Equal(HttpStatusCode.Unauthorized, (await Assert.ThrowsAsync<HttpRequestException>(() => anonymous.StartAsync())).StatusCode);
        await using (var viewer = Hub(fixture.Viewer.Token))
        {
            await viewer.StartAsync();
            var state = await viewer.InvokeAsync<JsonElement>(nameof(RunsHub.Subscribe), fixture.RunId);
            Assert.Equal(fixture.RunId, state.GetProperty("runId").GetInt64());
        }
        // Browsers' WebSockets carry the token in the query string.
        using var client = fixture.ClientWith(null);
        var negotiate = $"{RunsHub.Path}/negotiate?negotiateVersion=1";
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync(negotiate, null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"{negotiate}&access_token={Uri.EscapeDataString(fixture.Viewer.Token)}", null)).StatusCode);
        // Only on the hub: elsewhere a token belongs in the header.
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync($"/api/runs?access_token={Uri.EscapeDataString(fixture.Viewer.Token)}")).StatusCode);
    }

    [Fact]
    public async Task TheJobDashboardIsServedToAnAdminOnly()
    {
        using (var anonymous = fixture.ClientWith(null))
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/hangfire")).StatusCode);
        foreach (var user in new[] { fixture.Viewer, fixture.Researcher })
        {
            using var client = fixture.ClientWith(user.Token);
            Assert.True((await client.GetAsync("/hangfire")).StatusCode == HttpStatusCode.Forbidden, $"{user.Role} got the dashboard");
        }
        using var admin = fixture.ClientWith(fixture.Admin.Token);
        using var page = await admin.GetAsync("/hangfire");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Lewel jobs", await page.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task TheSignInPageSignsInWithTheRightPasswordAndRefusesAWrongOne()
    {
        var back = $"/runs/{fixture.RunId}";
        using var wrong = CookieClient();
        using var refused = await PostSignInAsync(wrong, fixture.Viewer.UserName, "not the password", back);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Wrong user name or password.", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await wrong.GetAsync("/runs")).StatusCode);

        using var right = CookieClient();
        using var accepted = await PostSignInAsync(right, fixture.Viewer.UserName, Accounts.Password, back);
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Equal(back, Local(accepted.Headers.Location));
        using var runs = await right.GetAsync("/runs");
        Assert.Equal(HttpStatusCode.OK, runs.StatusCode);
        Assert.Contains(fixture.Viewer.UserName, await runs.Content.ReadAsStringAsync());
        // The cookie reads the API, and the viewer's role still may not write.
        Assert.Equal(HttpStatusCode.OK, (await right.GetAsync("/api/runs")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await right.PostAsync($"/api/runs/{fixture.RunId}/cancel", null)).StatusCode);
        // Only local return addresses: another site's becomes the runs page.
        foreach (var foreign in new[] { "//evil.example/x", "https://evil.example/", "/\\evil.example" })
        {
            using var elsewhere = CookieClient();
            using var redirected = await PostSignInAsync(elsewhere, fixture.Viewer.UserName, Accounts.Password, foreign);
            Assert.Equal("/runs", Local(redirected.Headers.Location));
        }
        // A page for researchers sends the signed-in viewer back to sign-in.
        using var newRun = await right.GetAsync("/runs/new");
        Assert.Equal(HttpStatusCode.Redirect, newRun.StatusCode);
        Assert.StartsWith("/signin?returnUrl=", Local(newRun.Headers.Location));
    }

    [Fact]
    public async Task SigningOutFromTheAppBarEndsTheSession()
    {
        using var client = CookieClient();
        Assert.Equal(HttpStatusCode.Redirect, (await PostSignInAsync(client, fixture.Researcher.UserName, Accounts.Password, "/runs")).StatusCode);
        var page = await client.GetStringAsync("/runs");
        Assert.Contains($"{fixture.Researcher.UserName} (researcher)", page);
        var form = Regex.Match(page, "<form method=\"post\" action=\"/signout\".*?</form>", RegexOptions.Singleline);
        Assert.True(form.Success, "no sign-out form in the app bar");
        var antiforgery = Regex.Match(form.Value, "name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"");
        Assert.True(antiforgery.Success, "the sign-out form has no antiforgery token");

        // Without the antiforgery token the post is refused and the session stays.
        using var forged = await client.PostAsync("/signout", new FormUrlEncodedContent(new Dictionary<string, string> { ["returnUrl"] = "/runs" }));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/runs")).StatusCode);

        using var signedOut = await client.PostAsync("/signout", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(antiforgery.Groups[1].Value),
            ["returnUrl"] = "/runs",
        }));
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.Equal("/signin?returnUrl=%2Fruns", Local(signedOut.Headers.Location));
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/runs")).StatusCode);
    }

    [Fact]
    public async Task TheUserPageIsForAdminsAndTheTokenPageListsTheUsersOwnTokens()
    {
        using var admin = fixture.ClientWith(fixture.Admin.Token);
        var users = await admin.GetStringAsync("/admin/users");
        foreach (var user in new[] { fixture.Admin, fixture.Researcher, fixture.Viewer }) Assert.Contains(user.UserName, users);
        using var researcher = fixture.ClientWith(fixture.Researcher.Token);
        Assert.Equal(HttpStatusCode.Forbidden, (await researcher.GetAsync("/admin/users")).StatusCode);
        var tokens = await researcher.GetStringAsync("/account/tokens");
        Assert.Contains("My API tokens", tokens);
        Assert.Contains("tests", tokens); // the seeded token's name
    }

    [Fact]
    public async Task ARunLaunchedWithAResearcherTokenRecordsWhoLaunchedIt()
    {
        using var viewer = fixture.ClientWith(fixture.Viewer.Token);
        Assert.Equal(fixture.Researcher.UserName, (await RunAsync(viewer)).GetProperty("launchedBy").GetString());
        Assert.Equal(fixture.Researcher.UserName, (await fixture.Host.Runs.GetAsync(fixture.RunId)).LaunchedBy);
    }

    private const string RunStatusQueued = "queued";

    /// <summary>A redirect's target on this site, whether the header is absolute or relative.</summary>
    private static string Local(Uri? location)
    {
        Assert.NotNull(location);
        return location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString;
    }

    private async Task<JsonElement> RunAsync(HttpClient client) =>
        JsonDocument.Parse(await client.GetStringAsync($"/api/runs/{fixture.RunId}")).RootElement.GetProperty("run").Clone();

    /// <summary>Every (method, url) of the OpenAPI document, with route parameters filled: the fixture's run for ids,
    /// a file name for paths, a dummy for the rest.</summary>
    private async Task<List<(string Method, string Url)>> RoutesAsync()
    {
        using var viewer = fixture.ClientWith(fixture.Viewer.Token);
        var document = JsonDocument.Parse(await viewer.GetStringAsync("/openapi/v1.json")).RootElement;
        var routes = new List<(string, string)>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            var url = Regex.Replace(path.Name, "{([^}]+)}", m => m.Groups[1].Value switch
            {
                "id" => fixture.RunId.ToString(),
                "path" => "log.txt",
                _ => "dummy",
            });
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Name is "get" or "post" or "put" or "delete" or "patch"))
                routes.Add((operation.Name.ToUpperInvariant(), url));
        }
        return routes;
    }

    private static HttpRequestMessage Request(string method, string url)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (method is "POST" or "PUT" or "PATCH") request.Content = JsonContent.Create(Configs.Tiny(), options: LewelHost.Json);
        return request;
    }

    private HubConnection Hub(string? token) => new HubConnectionBuilder()
        .WithUrl(new Uri(fixture.Host.Factory.Server.BaseAddress, RunsHub.Path.TrimStart('/')), options =>
        {
            options.HttpMessageHandlerFactory = _ => fixture.Host.Factory.Server.CreateHandler();
            options.Transports = HttpTransportType.LongPolling;
            if (token is not null) options.AccessTokenProvider = () => Task.FromResult<string?>(token);
        })
        .Build();

    private HttpClient CookieClient() =>
        fixture.Host.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    private static async Task<HttpResponseMessage> PostSignInAsync(HttpClient client, string userName, string password, string returnUrl)
    {
        var url = "/signin?returnUrl=" + Uri.EscapeDataString(returnUrl);
        var form = await client.GetStringAsync(url);
        var antiforgery = Regex.Match(form, "name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"");
        Assert.True(antiforgery.Success, "the sign-in form has no antiforgery token");
        return await client.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "signin",
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(antiforgery.Groups[1].Value),
            ["Input.UserName"] = userName,
            ["Input.Password"] = password,
            ["ReturnUrl"] = returnUrl,
        }));
    }

    private async Task<string> UserIdAsync(string userName)
    {
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<UserAccounts>().FindAsync(userName))!.Id;
    }
}
