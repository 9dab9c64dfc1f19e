using System.Net;
using Lewel.Data;
using Lewel.Data.Entities;
using Lewel.Data.Stores;
using Lewel.Web.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using static Lewel.Web.Tests.Security.SecurityRequests;

namespace Lewel.Web.Tests.Security;

/// <summary>A run directory with a normal file, and links that lead out of it: to a file and a folder outside the data
/// directory, to the database next to it, and to another run's directory.</summary>
[Collection(HostCollection.Name)]
public sealed class FileRouteTests(QueueOnlyHostFixture fixture) : IClassFixture<QueueOnlyHostFixture>, IDisposable
{
    private readonly string outside = Path.Combine(Path.GetTempPath(), "lewel-outside-" + Guid.NewGuid().ToString("N"));
    private LewelHost Host => fixture.Host;

    private async Task<(long Id, string RunDir)> RunWithLinksAsync()
    {
        var id = (await Host.PostJsonAsync("/api/runs", Configs.Tiny(), HttpStatusCode.Created)).GetProperty("run").GetProperty("id").GetInt64();
        var other = (await Host.PostJsonAsync("/api/runs", Configs.Tiny(), HttpStatusCode.Created)).GetProperty("run").GetProperty("id").GetInt64();
        var runDir = Host.Directory.RunDirectory(id);
        Directory.CreateDirectory(Path.Combine(runDir, "maps"));
        Directory.CreateDirectory(Host.Directory.RunDirectory(other));
        await File.WriteAllTextAsync(Path.Combine(Host.Directory.RunDirectory(other), "log.txt"), "another run's log");
        await File.WriteAllTextAsync(Path.Combine(runDir, "maps", "ok.txt"), "fine");
        Directory.CreateDirectory(outside);
        await File.WriteAllTextAsync(Path.Combine(outside, "secret.txt"), "secret");
        File.CreateSymbolicLink(Path.Combine(runDir, "leak.txt"), Path.Combine(outside, "secret.txt"));
        Directory.CreateSymbolicLink(Path.Combine(runDir, "outside"), outside);
        File.CreateSymbolicLink(Path.Combine(runDir, "maps", "db.png"), "../../../lewel.db"); // relative link
        Directory.CreateSymbolicLink(Path.Combine(runDir, "neighbour"), Host.Directory.RunDirectory(other));
        File.CreateSymbolicLink(Path.Combine(runDir, "chain.txt"), Path.Combine(runDir, "leak.txt")); // a link to a link
        return (id, runDir);
    }

    [Fact]
    public async Task ANormalFile_IsServed()
    {
        var (id, _) = await RunWithLinksAsync();
        var response = await Host.Client.GetAsync($"/files/runs/{id}/maps/ok.txt");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("fine", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("leak.txt")]
    [InlineData("outside/secret.txt")]
    [InlineData("maps/db.png")]
    [InlineData("neighbour/log.txt")]
    [InlineData("chain.txt")]
    [InlineData("..%2F..%2Flewel.db")]
    [InlineData("%2e%2e%2f%2e%2e%2flewel.db")]
    [InlineData("%252e%252e%252f%252e%252e%252flewel.db")]
    [InlineData("maps/..%2F..%2F..%2Flewel.db")]
    [InlineData("%2Fetc%2Fpasswd")]
    [InlineData("/etc/passwd")]
    [InlineData("maps")]
    [InlineData("maps/missing.png")]
    public async Task PathsThatLeaveTheRunDirectory_Get404LikeAMissingFile(string path)
    {
        var (id, _) = await RunWithLinksAsync();
        var problem = await ProblemAsync(await Host.Client.GetAsync($"/files/runs/{id}/{path}"), HttpStatusCode.NotFound);
        Assert.Equal($"Run {id} has no such file.", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task ACheckpointRecordThatIsALinkOutOfTheRun_IsNotDownloaded()
    {
        var (id, runDir) = await RunWithLinksAsync();
        Directory.CreateDirectory(Path.Combine(runDir, "checkpoints"));
        File.CreateSymbolicLink(Path.Combine(runDir, "checkpoints", "step1.ckpt"), Path.Combine(outside, "secret.txt"));
        var batch = new RunBatch(id);
        batch.Checkpoints.Add(new CheckpointRecord(id, $"runs/{id}/checkpoints/step1.ckpt", 1, 6, DateTime.UtcNow));
        await Host.Services.GetRequiredService<RunBatchWriter>().WriteAsync(batch, DateTime.UtcNow);
        await ProblemAsync(await Host.Client.GetAsync($"/api/runs/{id}/checkpoints/step1.ckpt"), HttpStatusCode.NotFound);
    }

    [Fact]
    public void ResolveUnder_RefusesLinksOut_AndAllowsLinksThatStayInside()
    {
        var root = Path.Combine(outside, "root");
        Directory.CreateDirectory(Path.Combine(root, "real"));
        File.WriteAllText(Path.Combine(root, "real", "a.txt"), "a");
        Directory.CreateSymbolicLink(Path.Combine(root, "inside"), Path.Combine(root, "real"));
        Directory.CreateSymbolicLink(Path.Combine(root, "up"), outside);
        Directory.CreateSymbolicLink(Path.Combine(outside, "via"), root); // the root reached through a link

        Assert.Equal(Path.Combine(root, "inside", "a.txt"), DataDirectory.ResolveUnder(root, "inside/a.txt"));
        Assert.Equal(Path.Combine(outside, "via", "real", "a.txt"), DataDirectory.ResolveUnder(Path.Combine(outside, "via"), "real/a.txt"));
        Assert.Equal(Path.Combine(root, "new", "file.txt"), DataDirectory.ResolveUnder(root, "new/file.txt")); // not there yet
        Assert.Throws<UnsafePathException>(() => DataDirectory.ResolveUnder(root, "up/root/../secret.txt"));
        Assert.Throws<UnsafePathException>(() => DataDirectory.ResolveUnder(root, "up/anything"));
        Assert.Throws<UnsafePathException>(() => DataDirectory.ResolveUnder(root, "real/a.txt\0.png"));
    }

    [Fact]
    public void ResolveUnder_RefusesALinkLoop()
    {
        var root = Path.Combine(outside, "loop");
        Directory.CreateDirectory(root);
        File.CreateSymbolicLink(Path.Combine(root, "a"), Path.Combine(root, "b"));
        File.CreateSymbolicLink(Path.Combine(root, "b"), Path.Combine(root, "a"));
        Assert.Throws<UnsafePathException>(() => DataDirectory.ResolveUnder(root, "a"));
    }

    public void Dispose()
    {
        try { Directory.Delete(outside, recursive: true); } catch (IOException) { }
    }
}
