using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Lewel.E2E.Tests;

/// <summary>The whole app on Kestrel at a free loopback port with a temporary data directory, CPU only, two CPU
/// workers (a paired launch trains both runs at once) and fast job polling.</summary>
public sealed class AppServer : IAsyncDisposable
{
    private readonly WebApplicationFactory<Program> factory;

    public AppServer()
    {
        DataDir = Path.Combine(Path.GetTempPath(), "lewel-e2e-" + Guid.NewGuid().ToString("N"));
        factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            // Kestrel defaults to port 5000; a free port keeps the tests off any app already running here (this setting also
            // wins over an ASPNETCORE_URLS in the environment).
            b.UseSetting(WebHostDefaults.ServerUrlsKey, "http://127.0.0.1:0");
            b.UseSetting("Lewel:DataDir", DataDir);
            b.UseSetting("Lewel:Device", "cpu");
            b.UseSetting("Lewel:QueuePollIntervalMs", "200");
            b.UseSetting("Lewel:Workers:Cpu", "2");
            b.UseSetting("Lewel:Workers:Gpu", "0");
            b.UseSetting("Lewel:Jobs:FlushIntervalMs", "200");
            b.UseSetting("Logging:LogLevel:Default", "Warning");
            b.ConfigureServices(services => StoreReadCounter.Install(services, StoreReads));
        });
        factory.UseKestrel();
        factory.StartServer();
        var addresses = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses
            ?? throw new InvalidOperationException("the test server reports no address");
        BaseUrl = addresses.First(a => a.StartsWith("http://", StringComparison.Ordinal)).Replace("[::]", "127.0.0.1").Replace("localhost", "127.0.0.1").TrimEnd('/');
    }

    public string DataDir { get; }
    /// <summary>Store contexts created so far (each store operation creates one).</summary>
    public StoreReadCounter StoreReads { get; } = new();
    public string BaseUrl { get; }
    public IServiceProvider Services => factory.Services;

    public async ValueTask DisposeAsync()
    {
        await factory.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(DataDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
