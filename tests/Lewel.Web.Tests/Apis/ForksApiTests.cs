using System.Net;
using System.Text.Json;
using Lewel.Data.Entities;
using Lewel.Data.Stores;
using Lewel.Engine.Checkpoints;
using Lewel.Engine.Config;
using Lewel.Web.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Lewel.Web.Tests.Apis;

[Collection(HostCollection.Name)]
public class ForksApiTests(QueueOnlyHostFixture fixture) : IClassFixture<QueueOnlyHostFixture>
{
    private LewelHost Host => fixture.Host;

    /// <summary>A queued run with a recorded checkpoint at step 4 whose file holds the run's configuration (no tensors:
    /// the fork copies the file and the run's own process restores it).</summary>
    private async Task<long> ParentAsync()
    {
        var id = (await Host.PostJsonAsync("/api/runs", Configs.Tiny(steps: 8), HttpStatusCode.Created)).GetProperty("run").GetProperty("id").GetInt64();
        var run = await Host.Services.GetRequiredService<RunStore>().GetAsync(id);
        var metadata = new CheckpointMetadata
        {
            Step = 4, Epoch = 0, BatchInEpoch = 4, TotalSteps = 8, StepsPerEpoch = 8, MethodId = run.Method, MethodDescription = run.Method,
            Optimizer = "lars", Config = RunConfig.FromJson(run.ConfigJson),
        };
        var path = Path.Combine(Host.Directory.RunDirectory(id), "checkpoints", "step0000004.ckpt");
        AtomicFile.Write(path, stream => TensorArchive.Write(stream, JsonSerializer.Serialize(metadata, RunConfig.Json), [],
            [KeyValuePair.Create(TrainingCheckpoint.OptimizerBlobName, new byte[] { 1, 2, 3 })]));
        var batch = new RunBatch(id);
        batch.Checkpoints.Add(new CheckpointRecord(id, $"runs/{id}/checkpoints/step0000004.ckpt", 4, new FileInfo(path).Length, DateTime.UtcNow));
        await Host.Services.GetRequiredService<RunBatchWriter>().WriteAsync(batch, DateTime.UtcNow);
        return id;
    }

    [Fact]
    public async Task Fork_WithANewLearningRate_CreatesALinkedRunWhoseDirectoryContinuesFromTheCheckpoint()
    {
        var parent = await ParentAsync();

        var fork = await Host.PostJsonAsync($"/api/runs/{parent}/fork",
            new { checkpoint = "step0000004.ckpt", config = new { optimizer = new { baseLr = 0.25 } } }, HttpStatusCode.Created);

        var id = fork.GetProperty("id").GetInt64();
        Assert.Equal(parent, fork.GetProperty("parentRunId").GetInt64());
        var run = await Host.Services.GetRequiredService<RunStore>().GetAsync(id);
        Assert.Equal((parent, 4), (run.ParentRunId, run.ForkStep));
        Assert.Equal(0.25, RunConfig.FromJson(run.ConfigJson).Optimizer.BaseLr);
        var forkDir = Host.Directory.RunDirectory(id);
        Assert.Equal(0.25, RunConfig.FromJson(File.ReadAllText(Path.Combine(forkDir, "config.json"))).Optimizer.BaseLr);
        Assert.Equal(File.ReadAllBytes(Path.Combine(Host.Directory.RunDirectory(parent), "checkpoints", "step0000004.ckpt")),
            File.ReadAllBytes(Path.Combine(forkDir, "checkpoints", "step0000004.ckpt")));
        Assert.Equal("step0000004.ckpt", File.ReadAllText(Path.Combine(forkDir, "checkpoints", "latest")).Trim());
        Assert.Equal(RunStatus.Queued, run.Status);
    }

    [Theory]
    [InlineData("""{ "checkpoint": "step0000004.ckpt", "config": { "width": 0.5 } }""", "config.width", "shape")]
    [InlineData("""{ "checkpoint": "step0000004.ckpt", "config": { "method": "byol" } }""", "config.method", "method")]
    [InlineData("""{ "checkpoint": "step0000004.ckpt", "config": { "optimizer": { "lr": 1 } } }""", "config.optimizer.lr", "not a configuration field")]
    [InlineData("""{ "checkpoint": "step9.ckpt" }""", "checkpoint", "step0000004.ckpt")]
    [InlineData("""{ }""", "checkpoint", "name the checkpoint")]
    public async Task Fork_ThatCannotContinueTheCheckpoint_Is400NamingTheField(string body, string field, string message)
    {
        var parent = await ParentAsync();
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        var response = await Host.Client.PostAsync($"/api/runs/{parent}/fork", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        var messages = string.Join(" ", errors.GetProperty(field).EnumerateArray().Select(m => m.GetString()));
        Assert.Contains(message, messages, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Fork_OfAMissingRun_Is404()
    {
        using var content = new StringContent("""{ "checkpoint": "step0000004.ckpt" }""", System.Text.Encoding.UTF8, "application/json");
        Assert.Equal(HttpStatusCode.NotFound, (await Host.Client.PostAsync("/api/runs/987654/fork", content)).StatusCode);
    }
}
