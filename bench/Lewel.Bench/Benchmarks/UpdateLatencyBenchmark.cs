using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Lewel.Bench.Measurement;
using Lewel.Tests.Postgres;
using Microsoft.AspNetCore.SignalR.Client;

namespace Lewel.Bench.Benchmarks;

/// <summary><c>update-latency</c>: how long after a training step ends its loss reaches a client of the studio's
/// <c>/hubs/runs</c> (a SignalR .NET client standing in for the browser, subscribed to the run). The step's end is the
/// time stamp the training process puts on the step's metric point; arrival is when the client's handler runs; both
/// clocks are this machine's. Two deployments: <c>sqlite</c>, the studio running the job itself; <c>postgres</c>, a
/// studio that runs no jobs and a worker host process on one PostgreSQL database, the worker's batches reaching the
/// studio through LISTEN/NOTIFY. The hosts keep their default <c>Lewel:Jobs:FlushIntervalMs</c> (500 ms) unless
/// <c>--flush-ms</c> says otherwise. Writes bench/results/update-latency.json.</summary>
public static class UpdateLatencyBenchmark
{
    public const string Name = "update-latency";
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(10);

    public static int Run(string[] argv)
    {
        var flushMs = 500;
        var rest = new List<string>();
        for (var i = 0; i < argv.Length; i++)
        {
            if (argv[i] == "--flush-ms" && i + 1 < argv.Length) flushMs = int.Parse(argv[++i], System.Globalization.CultureInfo.InvariantCulture);
            else rest.Add(argv[i]);
        }
        var args = BenchArgs.Parse([.. rest]);
        var steps = args.Steps ?? (args.Quick ? 60 : 300);
        var rows = new List<UpdateLatencyRow>();
        using (var postgres = new PostgresCluster())
        {
            foreach (var deployment in new[] { "sqlite", "postgres" })
            {
                var row = MeasureAsync(deployment, postgres, steps, flushMs).GetAwaiter().GetResult();
                Console.WriteLine($"{row.Deployment,-8} {row.Points} steps: median {row.MedianMs:0} ms, p95 {row.P95Ms:0} ms, max {row.MaxMs:0} ms " +
                                  $"(flush every {flushMs} ms)");
                rows.Add(row);
            }
        }
        Console.WriteLine(ResultsFile.Write(args.Output ?? Name, new UpdateLatencyResults(steps, flushMs, rows)));
        return 0;
    }

    private static async Task<UpdateLatencyRow> MeasureAsync(string deployment, PostgresCluster postgres, int steps, int flushMs)
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "lewel-latency-" + Guid.NewGuid().ToString("N"));
        var database = deployment == "postgres" ? await postgres.CreateDatabaseAsync("lewel_latency") : null;
        var common = new Dictionary<string, string>
        {
            ["Lewel:Jobs:FlushIntervalMs"] = flushMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Lewel:QueuePollIntervalMs"] = "100",
            ["Lewel:Workers:Gpu"] = "0",
        };
        if (database is not null)
        {
            common["Lewel:Store:Provider"] = "postgres";
            common["ConnectionStrings:Lewel"] = postgres.ConnectionString(database);
        }
        LewelHostProcess? worker = null;
        try
        {
            await using var studio = await LewelHostProcess.StartStudioAsync(dataDir, new Dictionary<string, string>(common)
            {
                ["Lewel:Workers:Cpu"] = database is null ? "1" : "0",
            });
            if (database is not null)
                worker = LewelHostProcess.StartWorker(dataDir, new Dictionary<string, string>(common) { ["Lewel:Workers:Cpu"] = "1", ["Lewel:Worker:Name"] = "latency-worker" });

            var latencies = new ConcurrentBag<double>();
            await using var hub = new HubConnectionBuilder().WithUrl(new Uri(studio.Address!, "hubs/runs")).Build();
            hub.On<JsonElement>("metrics", batch =>
            {
                var arrived = DateTime.UtcNow;
                foreach (var point in batch.GetProperty("points").EnumerateArray())
                    if (point.GetProperty("name").GetString() == "loss")
                        latencies.Add((arrived - point.GetProperty("time").GetDateTime().ToUniversalTime()).TotalMilliseconds);
            });
            await hub.StartAsync();

            using var client = new HttpClient { BaseAddress = studio.Address, Timeout = TimeSpan.FromSeconds(30) };
            var launched = await client.PostAsJsonAsync("api/runs", RunBody(steps));
            var text = await launched.Content.ReadAsStringAsync();
            if (!launched.IsSuccessStatusCode) throw new InvalidOperationException($"launch failed: {(int)launched.StatusCode} {text}");
            var runId = JsonDocument.Parse(text).RootElement.GetProperty("run").GetProperty("id").GetInt64();
            await hub.InvokeAsync<JsonElement>("Subscribe", runId); // before the run's first step: its process takes seconds to start
            await WaitForEndAsync(client, runId, studio, worker);
            await Task.Delay(TimeSpan.FromMilliseconds(flushMs * 2)); // the last batch is in flight
            var values = latencies.Order().ToArray();
            if (values.Length == 0) throw new InvalidOperationException("no step reached the client");
            return new UpdateLatencyRow(deployment, values.Length, Statistics.Median(values), Percentile(values, 0.95), values[^1]);
        }
        finally
        {
            if (worker is not null) await worker.DisposeAsync();
            if (database is not null) await postgres.DropDatabaseAsync(database);
            try { Directory.Delete(dataDir, recursive: true); } catch (IOException) { }
        }
    }

    private static async Task WaitForEndAsync(HttpClient client, long runId, LewelHostProcess studio, LewelHostProcess? worker)
    {
        var deadline = DateTime.UtcNow + RunTimeout;
        while (DateTime.UtcNow < deadline)
        {
            var run = JsonDocument.Parse(await client.GetStringAsync($"api/runs/{runId}")).RootElement.GetProperty("run");
            var status = run.GetProperty("status").GetString();
            if (status == "succeeded") return;
            if (status is "failed" or "cancelled")
                throw new InvalidOperationException($"run {runId} {status}: {run.GetProperty("error")}\n{studio.Log}\n{worker?.Log}");
            await Task.Delay(250);
        }
        throw new TimeoutException($"run {runId} did not finish within {RunTimeout}");
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    // The tests' tiny run (1/16-width ResNet-18 on 16 px shapes): steps of a few tens of milliseconds, so the figures are
    // the path's latency, not the step's.
    private static Dictionary<string, object?> RunBody(int steps) => new()
    {
        ["name"] = "update latency",
        ["method"] = "byol",
        ["dataset"] = "shapes:size=16,n=64,seed=3",
        ["width"] = 0.0625,
        ["imageSize"] = 16,
        ["steps"] = steps,
        ["batchSize"] = 8,
        ["device"] = "cpu",
        ["seed"] = 11,
        ["heads"] = new Dictionary<string, object> { ["projectorHidden"] = 32, ["dim"] = 16, ["predictorHidden"] = 32 },
        ["schedule"] = new Dictionary<string, object> { ["warmupEpochs"] = 0 },
        ["monitor"] = new Dictionary<string, object>
        {
            ["knnEveryEpochs"] = 0, ["probeIndices"] = new[] { 0, 1 }, ["snapshotEverySteps"] = steps, ["checkpointEverySteps"] = steps,
        },
    };
}

public sealed record UpdateLatencyRow(string Deployment, int Points, double MedianMs, double P95Ms, double MaxMs);

public sealed record UpdateLatencyResults(int Steps, int FlushIntervalMs, IReadOnlyList<UpdateLatencyRow> Rows);
