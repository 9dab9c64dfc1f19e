using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Lewel.Data.Accounts;
using Lewel.Web.Tests.TestSupport;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Lewel.Web.Tests.Security;

/// <summary>A host with <c>Lewel:Auth:Required=true</c>, no workers (runs stay queued), an admin, a researcher and a
/// viewer, and one run launched by the researcher.</summary>
public sealed class AuthRequiredHostFixture : IAsyncLifetime
{
    public LewelHost Host { get; private set; } = null!;
    public Accounts.Seeded Admin { get; private set; } = null!;
    public Accounts.Seeded Researcher { get; private set; } = null!;
    public Accounts.Seeded Viewer { get; private set; } = null!;
    public long RunId { get; private set; }
    private string dataDir = "";

    public async Task InitializeAsync()
    {
        dataDir = LewelHost.NewDataDir();
        Admin = await Accounts.AddAsync(dataDir, "ada", LewelRoles.Admin);
        Researcher = await Accounts.AddAsync(dataDir, "rosalind", LewelRoles.Researcher);
        Viewer = await Accounts.AddAsync(dataDir, "victor", LewelRoles.Viewer);
        Host = new LewelHost(cpuWorkers: 0, dataDir: dataDir, settings: new Dictionary<string, string>
        {
            ["Lewel:Auth:Required"] = "true",
            ["Lewel:Jobs:SweepIntervalSeconds"] = "3600",
        });
        using var researcher = ClientWith(Researcher.Token);
        var response = await researcher.PostAsJsonAsync("/api/runs", Configs.Tiny(), LewelHost.Json);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"launch as researcher: {(int)response.StatusCode} {text}");
        RunId = JsonDocument.Parse(text).RootElement.GetProperty("run").GetProperty("id").GetInt64();
    }

    /// <summary>A client that follows no redirects (so a redirect to /signin is seen), with a bearer token or none.</summary>
    public HttpClient ClientWith(string? token)
    {
        var client = Host.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        LewelHost.DeleteDataDir(dataDir);
    }
}
