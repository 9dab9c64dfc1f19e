using System.Text.Json;
using Lewel.Data;
using Lewel.Data.Entities;
using Lewel.Data.Stores;
using Lewel.Engine.Config;
using Lewel.Engine.Evaluation.Embeddings;
using Lewel.Engine.Rendering;
using Lewel.Engine.Training.Snapshots;
using Lewel.Web.Runs;
using Microsoft.Extensions.DependencyInjection;

namespace Lewel.E2E.Tests;

/// <summary>Finished runs written straight into the app's store and data directory, with map snapshots and embedding
/// projections of known content, so the browser tests of the map and embedding views need no training.</summary>
public sealed class SeededRuns(AppServer app)
{
    /// <summary>K = 4 maps of 4 × 4 positions, 2 heads; the run's snapshots are peaked at <c>peak</c> (a position index).</summary>
    public const int Maps = 4, Side = 4, Heads = 2;

    /// <summary>The seeded runs' configuration (never trained); <see cref="StepsPerEpoch"/> is what the pages compute for it.</summary>
    public static readonly RunConfig Config = new()
    {
        Name = "seeded", Method = MethodIds.LewelB, Dataset = "shapes:size=16,n=64,seed=1", ImageSize = 16, Width = 0.0625, Steps = 64,
        Epochs = null, BatchSize = 8, Device = "cpu",
    };

    public static int StepsPerEpoch => RunCostEstimator.StepsOf(Config).StepsPerEpoch!.Value;

    private RunStore Runs => app.Services.GetRequiredService<RunStore>();
    private DataDirectory Directory => app.Services.GetRequiredService<DataDirectory>();

    public async Task<long> RunAsync(string name)
    {
        var config = Config with { Name = name };
        var run = await Runs.CreateAsync(new NewRun(name, RunKind.Pretrain, config.Method, config.ToJson(), config.Dataset, config.Backbone,
            config.Seed, "cpu", "cpu", 64));
        // Finished at once, so no worker or recovery sweep ever picks it up.
        await Runs.UpdateAsync(run.Id, (r, now) =>
        {
            r.Start(r.ExecutionToken, "seeded", now);
            r.Succeed(64, now);
        });
        return run.Id;
    }

    /// <summary>Writes and records the snapshots of probes 0 and 1 at <paramref name="step"/> whose maps put all weight
    /// on position <paramref name="peak"/> (head 0) and spread it evenly (head 1); returns them as the page sees them.</summary>
    public async Task<IReadOnlyList<MapSnapshotDto>> SnapshotAsync(long runId, int step, int peak, bool publish = false)
    {
        var batch = new RunBatch(runId);
        foreach (var probe in new[] { 0, 1 })
        {
            var folder = $"runs/{runId}/maps/{step:D7}";
            System.IO.Directory.CreateDirectory(Directory.Resolve(folder));
            var raw = $"{folder}/probe{probe}_maps.npy";
            var values = new float[3 * Maps * Side * Side];
            for (var view = 0; view < 3; view++)
                for (var k = 0; k < Maps; k++)
                    for (var p = 0; p < Side * Side; p++)
                        values[(view * Maps + k) * Side * Side + p] = k < Maps / Heads ? (p == peak ? 1f : 0f) : 1f / (Side * Side);
            await using (var stream = File.Create(Directory.Resolve(raw)))
                NpyFile.WriteFloat32(stream, [3, Maps, Side, Side], values);
            var grey = Enumerable.Repeat((byte)128, 16 * 16 * 3).ToArray();
            await File.WriteAllBytesAsync(Directory.Resolve(MapSnapshotFiles.PlainImagePath(raw)), ImageCanvas.EncodeRgbPng(new RgbImage(16, 16, grey)));
            batch.Snapshots.Add(new MapSnapshotRecord(runId, step, probe, probe, Heads,
                [.. Enumerable.Range(0, Heads).Select(h => $"{folder}/probe{probe}_head{h}.png")], $"{folder}/probe{probe}_original.png",
                $"{folder}/probe{probe}_view1.png", $"{folder}/probe{probe}_view2.png", raw, [1, 1, 12, 12], [4, 4, 15, 15], false, true, DateTime.UtcNow));
        }
        await app.Services.GetRequiredService<RunBatchWriter>().WriteAsync(batch, DateTime.UtcNow);
        var dtos = batch.Snapshots.Select(MapSnapshotDto.From).ToList();
        if (publish)
            foreach (var dto in dtos)
                await app.Services.GetRequiredService<RunNotifier>().PublishAsync(new SnapshotAdded(runId, dto));
        return dtos;
    }

    /// <summary>Projections of 50 images at the given steps: image i of label i mod 5 (class names disc, square, …) sits at (i, i²/50 + shift), so
    /// image 0 is the bottom-left point of every projection.</summary>
    public async Task EmbeddingsAsync(long runId, params int[] steps)
    {
        var root = Directory.RunDirectory(runId);
        System.IO.Directory.CreateDirectory(Path.Combine(root, EmbeddingFiles.Folder));
        for (var s = 0; s < steps.Length; s++)
        {
            var indices = Enumerable.Range(0, 50).ToArray();
            var projection = new EmbeddingProjection(steps[s], s, indices, [.. indices.Select(i => i % 5)],
                [.. indices.Select(i => (float)i)], [.. indices.Select(i => i * i / 50f + (i == 0 ? 0 : s * 10))], [0.4, 0.2])
            {
                ClassNames = ["disc", "square", "triangle", "star", "ring"],
            };
            await File.WriteAllTextAsync(Path.Combine(root, EmbeddingFiles.FileFor(steps[s])), JsonSerializer.Serialize(projection, EmbeddingFiles.Json));
        }
        var tiles = new byte[10 * 8 * 5 * 8 * 3];
        Array.Fill(tiles, (byte)200);
        await File.WriteAllBytesAsync(Path.Combine(root, EmbeddingFiles.Folder, EmbeddingFiles.ThumbnailsFile), ImageCanvas.EncodeRgbPng(new RgbImage(80, 40, tiles)));
        await File.WriteAllTextAsync(Path.Combine(root, EmbeddingFiles.Folder, EmbeddingFiles.ThumbnailsLayoutFile),
            JsonSerializer.Serialize(new ThumbnailLayout(8, 10, 50), EmbeddingFiles.Json));
    }
}
