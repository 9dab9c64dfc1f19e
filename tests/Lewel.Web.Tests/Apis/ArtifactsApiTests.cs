using System.Net;
using System.Text.Json;
using Lewel.Data.Entities;
using Lewel.Data.Stores;
using Lewel.Web.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Lewel.Web.Tests.Apis;

[Collection(HostCollection.Name)]
public class ArtifactsApiTests(QueueOnlyHostFixture fixture) : IClassFixture<QueueOnlyHostFixture>
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3];
    private LewelHost Host => fixture.Host;

    /// <summary>A run with one snapshot (files on disk) and one checkpoint, recorded as a job would.</summary>
    private async Task<long> RunWithArtifactsAsync(bool withCheckpoint = true)
    {
        var id = (await Host.PostJsonAsync("/api/runs", Configs.Tiny(), HttpStatusCode.Created)).GetProperty("run").GetProperty("id").GetInt64();
        var runDir = Host.Directory.RunDirectory(id);
        Directory.CreateDirectory(Path.Combine(runDir, "maps", "3"));
        Directory.CreateDirectory(Path.Combine(runDir, "checkpoints"));
        foreach (var name in new[] { "probe0_head0.png", "probe0_head1.png", "probe0_original.png", "probe0_view1.png", "probe0_view2.png" })
            await File.WriteAllBytesAsync(Path.Combine(runDir, "maps", "3", name), Png);
        await File.WriteAllBytesAsync(Path.Combine(runDir, "checkpoints", "step3.ckpt"), new byte[1000]);
        var batch = new RunBatch(id);
        var prefix = $"runs/{id}/maps/3/";
        batch.Snapshots.Add(new MapSnapshotRecord(id, 3, 0, 12, 2, [prefix + "probe0_head0.png", prefix + "probe0_head1.png"],
            prefix + "probe0_original.png", prefix + "probe0_view1.png", prefix + "probe0_view2.png", prefix + "probe0_maps.bin",
            [0, 0, 16, 16], [1, 2, 9, 10], false, true, DateTime.UtcNow));
        if (withCheckpoint) batch.Checkpoints.Add(new CheckpointRecord(id, $"runs/{id}/checkpoints/step3.ckpt", 3, 1000, DateTime.UtcNow));
        batch.Evaluations.Add(new EvaluationResult(id, "knn", "{\"k\":\"20\"}", "{\"top1\":0.31}", 3, 0, null, 0.2, DateTime.UtcNow));
        await Host.Services.GetRequiredService<RunBatchWriter>().WriteAsync(batch, DateTime.UtcNow);
        return id;
    }

    [Fact]
    public async Task Maps_ListsSnapshotsWithFileUrlsThatServeThePngs()
    {
        var id = await RunWithArtifactsAsync();
        var snapshot = Assert.Single((await Host.GetJsonAsync($"/api/runs/{id}/maps")).EnumerateArray());
        Assert.Equal((3, 0, 12, 2), (snapshot.GetProperty("step").GetInt32(), snapshot.GetProperty("probeIndex").GetInt32(),
            snapshot.GetProperty("datasetIndex").GetInt32(), snapshot.GetProperty("numHeads").GetInt32()));
        Assert.True(snapshot.GetProperty("view2Flipped").GetBoolean());
        Assert.Equal([1f, 2f, 9f, 10f], snapshot.GetProperty("view2Box").EnumerateArray().Select(v => v.GetSingle()));
        var url = snapshot.GetProperty("headPngUrls")[1].GetString()!;
        Assert.Equal($"/files/runs/{id}/maps/3/probe0_head1.png", url);

        var response = await Host.Client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Png, await response.Content.ReadAsByteArrayAsync());
        Assert.Empty((await Host.GetJsonAsync($"/api/runs/{id}/maps?step=4")).EnumerateArray());
    }

    [Theory]
    [InlineData("..%2F..%2Flewel.db")]
    [InlineData("%2E%2E/%2E%2E/lewel.db")]
    [InlineData("maps/..%2F..%2F..%2Flewel.db")]
    [InlineData("%2Fetc%2Fpasswd")]
    public async Task Files_PathsLeavingTheRunDirectory_AreRefused(string path)
    {
        var id = await RunWithArtifactsAsync();
        var response = await Host.Client.GetAsync($"/files/runs/{id}/{path}");
        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, $"{path}: {response.StatusCode}");
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.False(body.AsSpan().StartsWith("SQLite format"u8), "the database leaked");
    }

    [Fact]
    public async Task Files_MissingFile_Returns404()
    {
        var id = await RunWithArtifactsAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await Host.Client.GetAsync($"/files/runs/{id}/maps/3/nope.png")).StatusCode);
    }

    [Fact]
    public async Task Checkpoints_ListAndDownload()
    {
        var id = await RunWithArtifactsAsync();
        var checkpoint = Assert.Single((await Host.GetJsonAsync($"/api/runs/{id}/checkpoints")).EnumerateArray());
        Assert.Equal("step3.ckpt", checkpoint.GetProperty("name").GetString());
        Assert.Equal(1000, checkpoint.GetProperty("bytes").GetInt64());
        var download = await Host.Client.GetAsync(checkpoint.GetProperty("url").GetString());
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(1000, (await download.Content.ReadAsByteArrayAsync()).Length);
        Assert.Equal(HttpStatusCode.NotFound, (await Host.Client.GetAsync($"/api/runs/{id}/checkpoints/other.ckpt")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Host.Client.GetAsync($"/api/runs/{id}/checkpoints/..%2F..%2F..%2Flewel.db")).StatusCode);
    }

    [Fact]
    public async Task Evaluations_ListTheStoredResults()
    {
        var id = await RunWithArtifactsAsync();
        var evaluation = Assert.Single((await Host.GetJsonAsync($"/api/runs/{id}/evaluations")).EnumerateArray());
        Assert.Equal("knn", evaluation.GetProperty("protocol").GetString());
        Assert.Equal("20", evaluation.GetProperty("parameters").GetProperty("k").GetString());
        Assert.Equal(0.31, evaluation.GetProperty("values").GetProperty("top1").GetDouble());
    }

    [Fact]
    public async Task Evaluations_IncludeTheResultsOfTheRunsEvaluationRunsOnceEachMarkedWithTheChild()
    {
        var id = await RunWithArtifactsAsync();
        var other = await RunWithArtifactsAsync();
        var child = (await Host.PostJsonAsync($"/api/runs/{id}/evaluate", new { protocol = "linear" }, HttpStatusCode.Created)).GetProperty("id").GetInt64();
        var batch = new RunBatch(child);
        batch.Evaluations.Add(new EvaluationResult(child, "linear", "{\"epochs\":\"5\"}", "{\"top1\":0.42}", 3, 0,
            $"runs/{id}/checkpoints/step3.ckpt", 1.5, DateTime.UtcNow));
        await Host.Services.GetRequiredService<RunBatchWriter>().WriteAsync(batch, DateTime.UtcNow);

        var listed = (await Host.GetJsonAsync($"/api/runs/{id}/evaluations")).EnumerateArray().ToArray();
        Assert.Equal(2, listed.Length);
        Assert.Equal(2, listed.Select(e => e.GetProperty("id").GetInt64()).Distinct().Count());
        var own = Assert.Single(listed, e => e.GetProperty("protocol").GetString() == "knn");
        Assert.Equal(JsonValueKind.Null, own.GetProperty("evaluationRunId").ValueKind);
        var measuredByChild = Assert.Single(listed, e => e.GetProperty("protocol").GetString() == "linear");
        Assert.Equal(child, measuredByChild.GetProperty("evaluationRunId").GetInt64());
        Assert.Equal(0.42, measuredByChild.GetProperty("values").GetProperty("top1").GetDouble());
        Assert.Equal("step3.ckpt", measuredByChild.GetProperty("checkpoint").GetString());

        Assert.Single((await Host.GetJsonAsync($"/api/runs/{other}/evaluations")).EnumerateArray());
        var childOwn = Assert.Single((await Host.GetJsonAsync($"/api/runs/{child}/evaluations")).EnumerateArray());
        Assert.Equal(JsonValueKind.Null, childOwn.GetProperty("evaluationRunId").ValueKind);
    }

    [Fact]
    public async Task Evaluate_ValidRequest_QueuesAnEvaluationRunUnderTheRun()
    {
        var id = await RunWithArtifactsAsync();
        var child = await Host.PostJsonAsync($"/api/runs/{id}/evaluate",
            new { protocol = "knn", checkpoint = "step3.ckpt", parameters = new Dictionary<string, string> { ["k"] = "5" } }, HttpStatusCode.Created);
        Assert.Equal("eval", child.GetProperty("kind").GetString());
        Assert.Equal("queued", child.GetProperty("status").GetString());
        Assert.Equal(id, child.GetProperty("parentRunId").GetInt64());
        var childId = child.GetProperty("id").GetInt64();
        var detail = await Host.GetJsonAsync($"/api/runs/{childId}");
        Assert.Equal("knn", detail.GetProperty("config").GetProperty("protocol").GetString());
        Assert.Equal("5", detail.GetProperty("config").GetProperty("parameters").GetProperty("k").GetString());
        Assert.Equal(3, detail.GetProperty("config").GetProperty("checkpointStep").GetInt32());
        Assert.Equal("Enqueued", Host.Services.GetRequiredService<Lewel.Web.Jobs.RunJobQueue>().StateOf(detail.GetProperty("jobId").GetString()!));
        var children = await Host.GetJsonAsync($"/api/runs?parent={id}");
        Assert.Equal([childId], children.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()));
    }

    [Fact]
    public async Task Evaluate_BadRequests_AreRefusedWithTheField()
    {
        var id = await RunWithArtifactsAsync();
        var bad = await Host.PostJsonAsync($"/api/runs/{id}/evaluate", new { protocol = "mAP" }, HttpStatusCode.BadRequest);
        Assert.Contains("knn", bad.GetProperty("errors").GetProperty("protocol")[0].GetString());
        var missing = await Host.PostJsonAsync($"/api/runs/{id}/evaluate", new { protocol = "linear", checkpoint = "x.ckpt" }, HttpStatusCode.BadRequest);
        Assert.Contains("step3.ckpt", missing.GetProperty("errors").GetProperty("checkpoint")[0].GetString());
        var unknown = await Host.PostJsonAsync($"/api/runs/{id}/evaluate",
            new { protocol = "knn", parameters = new Dictionary<string, string> { ["kk"] = "5" } }, HttpStatusCode.BadRequest);
        Assert.Contains("temperature", unknown.GetProperty("errors").GetProperty("parameters.kk")[0].GetString());
        var wrong = await Host.PostJsonAsync($"/api/runs/{id}/evaluate",
            new { protocol = "knn", parameters = new Dictionary<string, string> { ["k"] = "many" } }, HttpStatusCode.BadRequest);
        Assert.Contains("many", wrong.GetProperty("errors").GetProperty("parameters.k")[0].GetString());
        var none = await RunWithArtifactsAsync(withCheckpoint: false);
        await Host.PostJsonAsync($"/api/runs/{none}/evaluate", new { protocol = "knn" }, HttpStatusCode.BadRequest);
        await Host.PostJsonAsync("/api/runs/777777/evaluate", new { protocol = "knn" }, HttpStatusCode.NotFound);
    }
}
