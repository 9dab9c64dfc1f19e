using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lewel.Data.Entities;
using Lewel.Web.Jobs;
using Lewel.Web.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Lewel.Web.Tests.Apis;

[Collection(HostCollection.Name)]
public class RunsApiTests(QueueOnlyHostFixture fixture) : IClassFixture<QueueOnlyHostFixture>
{
    private LewelHost Host => fixture.Host;
    private RunJobQueue Jobs => Host.Services.GetRequiredService<RunJobQueue>();

    private async Task<JsonElement> ErrorsOf(object body)
    {
        var problem = await Host.PostJsonAsync("/api/runs", body, HttpStatusCode.BadRequest);
        return problem.GetProperty("errors");
    }

    [Fact]
    public async Task Post_UnknownNestedField_Returns400NamingItsPath()
    {
        var errors = await ErrorsOf(new { method = "lewel-b", lewel = new { numHeadz = 4 } });
        Assert.Contains("not a configuration field", errors.GetProperty("lewel.numHeadz")[0].GetString());
    }

    [Fact]
    public async Task Post_WrongType_Returns400NamingTheField()
    {
        var errors = await ErrorsOf(new { batchSize = "many", lewel = new { numHeads = 2 } });
        Assert.True(errors.TryGetProperty("batchSize", out _), errors.ToString());
    }

    [Fact]
    public async Task Post_UnknownMethod_Returns400ListingTheMethods()
    {
        var errors = await ErrorsOf(new { method = "simclr" });
        var message = errors.GetProperty("method")[0].GetString()!;
        Assert.Contains("'simclr' is not a method", message);
        Assert.Contains("mocov2, mocov2plus", message);
    }

    [Theory]
    [InlineData("mocov2")]
    [InlineData("mocov2plus")]
    public async Task Post_EitherMocoVariant_IsQueuedUnderItsOwnId(string method)
    {
        var created = await Host.PostJsonAsync("/api/runs", Configs.Tiny(method), HttpStatusCode.Created);
        var id = created.GetProperty("run").GetProperty("id").GetInt64();
        Assert.Equal(method, created.GetProperty("run").GetProperty("method").GetString());
        var config = (await Host.GetJsonAsync($"/api/runs/{id}")).GetProperty("config");
        Assert.Equal(method, config.GetProperty("method").GetString());
        Assert.Equal(8, config.GetProperty("moco").GetProperty("bnSplits").GetInt32());
    }

    [Fact]
    public async Task Post_MocoV2WithBnSplitsThatDoNotDivideTheBatch_Returns400NamingTheField()
    {
        var body = Configs.Tiny("mocov2");
        body["moco"] = new Dictionary<string, object> { ["queueSize"] = 64, ["bnSplits"] = 3 };
        var errors = await ErrorsOf(body);
        Assert.Contains("do not divide the batch of 8", errors.GetProperty("moco.bnSplits")[0].GetString());
    }

    [Fact]
    public async Task Post_SeveralBadFields_Returns400ForEach()
    {
        var body = Configs.Tiny();
        body["device"] = "tpu";
        body["lewel"] = new { numHeads = 3 };
        body["batchSize"] = 0;
        var errors = await ErrorsOf(body);
        Assert.Contains("tpu", errors.GetProperty("device")[0].GetString());
        Assert.True(errors.TryGetProperty("lewel.numHeads", out _), errors.ToString());
        Assert.True(errors.TryGetProperty("batchSize", out _), errors.ToString());
    }

    [Fact]
    public async Task Post_UnknownDatasetKind_Returns400OnDataset()
    {
        var body = Configs.Tiny();
        body["dataset"] = "mnist:/somewhere";
        var errors = await ErrorsOf(body);
        Assert.Contains("unknown kind 'mnist'", errors.GetProperty("dataset")[0].GetString());
    }

    [Fact]
    public async Task Post_Cuda_IsRefusedOnDeviceWithoutAGpu_AndQueuedOnTheGpuQueueWithOne()
    {
        var body = Configs.Tiny();
        body["device"] = "cuda";
        if (Lewel.Engine.Runtime.TorchRuntime.CudaAvailable)
        {
            body["steps"] = 1;
            var created = await Host.PostJsonAsync("/api/runs", body, HttpStatusCode.Created);
            Assert.Equal("gpu", created.GetProperty("run").GetProperty("queue").GetString());
            Assert.StartsWith("cuda", created.GetProperty("run").GetProperty("device").GetString());
            return;
        }
        var errors = await ErrorsOf(body);
        Assert.Contains("CUDA is not available", errors.GetProperty("device")[0].GetString());
    }

    [Fact]
    public async Task Post_TagsThatAreNotStrings_Returns400()
    {
        var errors = await ErrorsOf(new { method = "byol", tags = new[] { 1, 2 } });
        Assert.True(errors.TryGetProperty("tags", out _));
    }

    [Fact]
    public async Task Post_NotAnObject_Returns400()
    {
        var errors = await ErrorsOf(new[] { 1, 2 });
        Assert.True(errors.TryGetProperty("", out _));
    }

    [Fact]
    public async Task Post_ValidConfig_Returns201WithTheResolvedConfigAndAQueuedJob()
    {
        var body = Configs.Tiny();
        body["tags"] = new[] { "smoke", "tiny" };
        body["notes"] = "first";
        var response = await Host.Client.PostAsJsonAsync("/api/runs", body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var detail = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var run = detail.GetProperty("run");
        var id = run.GetProperty("id").GetInt64();
        Assert.Equal($"/api/runs/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("queued", run.GetProperty("status").GetString());
        Assert.Equal("cpu", run.GetProperty("device").GetString());
        Assert.Equal("cpu", run.GetProperty("queue").GetString());
        Assert.Equal(["smoke", "tiny"], run.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("first", detail.GetProperty("notes").GetString());
        Assert.Equal($"runs/{id}", detail.GetProperty("runDir").GetString());
        var config = detail.GetProperty("config");
        Assert.Equal(2, config.GetProperty("lewel").GetProperty("numHeads").GetInt32());
        Assert.Equal(0.5, config.GetProperty("lewel").GetProperty("alpha").GetDouble()); // omitted: default
        Assert.False(config.TryGetProperty("tags", out _));
        var jobId = detail.GetProperty("jobId").GetString()!;
        Assert.Equal("Enqueued", Jobs.StateOf(jobId));
        Assert.Equal("queued", detail.GetProperty("history")[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task Post_SameIdempotencyKeyTwice_QueuesOneRun()
    {
        var key = Guid.NewGuid().ToString();
        async Task<HttpResponseMessage> Send()
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/runs") { Content = JsonContent.Create(Configs.Tiny()) };
            request.Headers.Add("Idempotency-Key", key);
            return await Host.Client.SendAsync(request);
        }
        var first = await Send();
        var second = await Send();
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var id1 = JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement.GetProperty("run").GetProperty("id").GetInt64();
        var id2 = JsonDocument.Parse(await second.Content.ReadAsStringAsync()).RootElement.GetProperty("run").GetProperty("id").GetInt64();
        Assert.Equal(id1, id2);
    }

    [Theory]
    [InlineData("lewel-b", "byol", "lewel-b")]
    [InlineData("mocov2plus", "mocov2plus", "lewel-m")]
    [InlineData("lewel-m", "mocov2plus", "lewel-m")]
    public async Task PostPaired_QueuesTheBaselineAndItsLewelVariantWithIdenticalSettings(string method, string baseline, string lewel)
    {
        var created = await Host.PostJsonAsync("/api/runs/paired", Configs.Tiny(method, name: "pair"), HttpStatusCode.Created);
        var runs = created.EnumerateArray().ToArray();
        Assert.Equal([baseline, lewel], runs.Select(r => r.GetProperty("method").GetString()));
        var key = runs[0].GetProperty("pairingKey").GetString();
        Assert.False(string.IsNullOrEmpty(key));
        Assert.Equal(key, runs[1].GetProperty("pairingKey").GetString());
        Assert.Equal(["pair [" + baseline + "]", "pair [" + lewel + "]"], runs.Select(r => r.GetProperty("name").GetString()));

        var configs = new List<JsonElement>();
        foreach (var r in runs) configs.Add((await Host.GetJsonAsync($"/api/runs/{r.GetProperty("id").GetInt64()}")).GetProperty("config"));
        string Normalized(JsonElement c)
        {
            var node = System.Text.Json.Nodes.JsonNode.Parse(c.GetRawText())!.AsObject();
            node.Remove("method");
            node.Remove("name");
            return node.ToJsonString();
        }
        Assert.Equal(Normalized(configs[0]), Normalized(configs[1]));

        var listed = await Host.GetJsonAsync($"/api/runs?pairingKey={key}");
        Assert.Equal(2, listed.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task PostPaired_WithoutAName_NamesEachRunAfterItsOwnMethod()
    {
        var body = Configs.Tiny("lewel-b");
        body.Remove("name");
        var created = await Host.PostJsonAsync("/api/runs/paired", body, HttpStatusCode.Created);
        Assert.Equal(["byol on shapes", "lewel-b on shapes"], created.EnumerateArray().Select(r => r.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task PostPaired_ANameThatNamesOneMethod_IsKeptForThatRunAndBracketedForItsPartner()
    {
        var created = await Host.PostJsonAsync("/api/runs/paired", Configs.Tiny("mocov2plus", name: "MoCoV2plus sweep 3"), HttpStatusCode.Created);
        Assert.Equal(["MoCoV2plus sweep 3", "MoCoV2plus sweep 3 [lewel-m]"], created.EnumerateArray().Select(r => r.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task PostPaired_OfficialMocoV2_Is400PointingToMocoV2Plus()
    {
        var problem = await Host.PostJsonAsync("/api/runs/paired", Configs.Tiny("mocov2"), HttpStatusCode.BadRequest);
        var message = problem.GetProperty("errors").GetProperty("method")[0].GetString();
        Assert.Contains("pair mocov2plus with lewel-m", message);
    }

    [Fact]
    public async Task Post_StepsWithEpochsNull_StoresEpochsNull()
    {
        var body = Configs.Tiny("byol");
        body["epochs"] = null;
        var id = (await Host.PostJsonAsync("/api/runs", body, HttpStatusCode.Created)).GetProperty("run").GetProperty("id").GetInt64();
        var config = (await Host.GetJsonAsync($"/api/runs/{id}")).GetProperty("config");
        Assert.Equal(JsonValueKind.Null, config.GetProperty("epochs").ValueKind);
        Assert.Equal(6, config.GetProperty("steps").GetInt32());
    }

    [Fact]
    public async Task PostWithPairedFlag_IsTheSameAsThePairedEndpoint()
    {
        var body = Configs.Tiny("byol");
        body["paired"] = true;
        var created = await Host.PostJsonAsync("/api/runs", body, HttpStatusCode.Created);
        Assert.Equal(["byol", "lewel-b"], created.EnumerateArray().Select(r => r.GetProperty("method").GetString()));
    }

    [Fact]
    public async Task List_FiltersByStatusMethodTagAndTextAndPages()
    {
        var tag = "t" + Guid.NewGuid().ToString("N")[..8];
        var ids = new List<long>();
        foreach (var method in new[] { "byol", "lewel-b", "lewel-b" })
        {
            var body = Configs.Tiny(method, name: $"{tag} {method}");
            body["tags"] = new[] { tag };
            ids.Add((await Host.PostJsonAsync("/api/runs", body, HttpStatusCode.Created)).GetProperty("run").GetProperty("id").GetInt64());
        }
        await Host.PostJsonAsync($"/api/runs/{ids[2]}/cancel", new { }, HttpStatusCode.OK);

        async Task<long[]> Ids(string query) =>
            [.. (await Host.GetJsonAsync("/api/runs?" + query)).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64())];
        Assert.Equal([ids[2], ids[1], ids[0]], await Ids($"tag={tag}"));
        Assert.Equal([ids[2], ids[1]], await Ids($"tag={tag}&method=lewel-b"));
        Assert.Equal([ids[2]], await Ids($"tag={tag}&status=cancelled"));
        Assert.Equal([ids[0]], await Ids($"q={tag.ToUpperInvariant()}%20BYOL"));
        var page = await Host.GetJsonAsync($"/api/runs?tag={tag}&skip=1&take=1");
        Assert.Equal(3, page.GetProperty("total").GetInt32());
        Assert.Equal(ids[1], page.GetProperty("items")[0].GetProperty("id").GetInt64());

        var bad = await Host.Client.GetAsync("/api/runs?status=exploded&take=0");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = JsonDocument.Parse(await bad.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.Contains("exploded", errors.GetProperty("status")[0].GetString());
        Assert.True(errors.TryGetProperty("take", out _));
    }

    [Fact]
    public async Task Get_UnknownRun_Returns404Problem()
    {
        var response = await Host.Client.GetAsync("/api/runs/987654");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("987654", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Cancel_QueuedRun_CancelsItAndDeletesItsJob()
    {
        var detail = await Host.PostJsonAsync("/api/runs", Configs.Tiny(), HttpStatusCode.Created);
        var id = detail.GetProperty("run").GetProperty("id").GetInt64();
        var jobId = detail.GetProperty("jobId").GetString()!;

        var cancelled = await Host.PostJsonAsync($"/api/runs/{id}/cancel", new { }, HttpStatusCode.OK);
        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        Assert.Equal("Deleted", Jobs.StateOf(jobId));
        var again = await Host.PostJsonAsync($"/api/runs/{id}/cancel", new { }, HttpStatusCode.Conflict);
        Assert.Contains("cancelled", again.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Resume_CancelledRun_QueuesANewExecution()
    {
        var detail = await Host.PostJsonAsync("/api/runs", Configs.Tiny(), HttpStatusCode.Created);
        var id = detail.GetProperty("run").GetProperty("id").GetInt64();
        var firstToken = (await Host.Runs.GetAsync(id)).ExecutionToken;
        await Host.PostJsonAsync($"/api/runs/{id}/cancel", new { }, HttpStatusCode.OK);

        var resumed = await Host.PostJsonAsync($"/api/runs/{id}/resume", new { }, HttpStatusCode.Accepted);
        Assert.Equal("queued", resumed.GetProperty("status").GetString());
        var run = await Host.Runs.GetAsync(id, withHistory: true);
        Assert.NotEqual(firstToken, run.ExecutionToken);
        Assert.NotEqual(detail.GetProperty("jobId").GetString(), run.JobId);
        Assert.Equal("Enqueued", Jobs.StateOf(run.JobId!));
        Assert.Equal([RunStatus.Queued, RunStatus.Cancelled, RunStatus.Queued], run.History.Select(h => h.Status));

        await Host.PostJsonAsync($"/api/runs/{id}/resume", new { }, HttpStatusCode.Conflict);
        await Host.PostJsonAsync("/api/runs/999999/resume", new { }, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Delete_RemovesTheRowsAndTheRunDirectory()
    {
        var id = (await Host.PostJsonAsync("/api/runs", Configs.Tiny(), HttpStatusCode.Created)).GetProperty("run").GetProperty("id").GetInt64();
        var runDir = Host.Directory.RunDirectory(id);
        Directory.CreateDirectory(Path.Combine(runDir, "maps", "3"));
        await File.WriteAllTextAsync(Path.Combine(runDir, "maps", "3", "probe0_head0.png"), "png");
        var batch = new Lewel.Data.Stores.RunBatch(id);
        batch.Metrics.Add(new Lewel.Data.Stores.MetricSample("loss", 1, 0, 4, DateTime.UtcNow));
        await Host.Services.GetRequiredService<Lewel.Data.Stores.RunBatchWriter>().WriteAsync(batch, DateTime.UtcNow);

        var response = await Host.Client.DeleteAsync($"/api/runs/{id}");
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.False(Directory.Exists(runDir));
        Assert.Empty(Directory.EnumerateDirectories(Host.Directory.RunsRoot, ".deleting-*"));
        Assert.Equal(HttpStatusCode.NotFound, (await Host.Client.GetAsync($"/api/runs/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Host.Client.GetAsync($"/api/runs/{id}/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Host.Client.DeleteAsync($"/api/runs/{id}")).StatusCode);
    }

    [Fact]
    public async Task Delete_RunningRun_Returns409AndKeepsEverything()
    {
        var id = (await Host.PostJsonAsync("/api/runs", Configs.Tiny(), HttpStatusCode.Created)).GetProperty("run").GetProperty("id").GetInt64();
        var token = (await Host.Runs.GetAsync(id)).ExecutionToken;
        await Host.Runs.UpdateAsync(id, (r, now) => r.Start(token, "elsewhere", now));
        Directory.CreateDirectory(Host.Directory.RunDirectory(id));

        var response = await Host.Client.DeleteAsync($"/api/runs/{id}");
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("cancel it first", await response.Content.ReadAsStringAsync());
        Assert.True(Directory.Exists(Host.Directory.RunDirectory(id)));
        Assert.Equal(RunStatus.Running, (await Host.Runs.GetAsync(id)).Status);

        var cancel = await Host.PostJsonAsync($"/api/runs/{id}/cancel", new { }, HttpStatusCode.Accepted);
        Assert.Equal("running", cancel.GetProperty("status").GetString());
        Assert.True((await Host.Runs.GetAsync(id)).CancelRequested);
    }
}
