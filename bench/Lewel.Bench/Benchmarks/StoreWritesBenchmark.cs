using System.Diagnostics;
using Lewel.Data;
using Lewel.Data.Entities;
using Lewel.Data.Stores;
using Lewel.Tests.Postgres;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lewel.Bench.Benchmarks;

/// <summary><c>store-writes</c>: metric rows per second that 1, 4 and 16 concurrent runs get into the store, on SQLite
/// (the data directory's file, WAL, synchronous=NORMAL) and on PostgreSQL (a throwaway local cluster with fsync on and
/// synchronous_commit off, which like SQLite's NORMAL may lose the last commits on a power cut but never corrupts).
/// Each run writes what a recorder's flush writes, through the same <see cref="RunBatchWriter"/>: a batch of
/// <see cref="SeriesPerStep"/> series × <see cref="StepsPerBatch"/> steps plus its progress, back to back, for a fixed
/// time. Writes bench/results/store-writes.json.</summary>
public static class StoreWritesBenchmark
{
    public const string Name = "store-writes";
    public const int SeriesPerStep = 12;
    public const int StepsPerBatch = 5;
    public static readonly int[] Concurrency = [1, 4, 16];

    public static int Run(string[] argv)
    {
        var args = BenchArgs.Parse(argv);
        var seconds = args.Steps ?? (args.Quick ? 2 : 8);
        var rows = new List<StoreWritesRow>();
        using (var postgres = PostgresCluster.StartDurable())
        {
            foreach (var provider in new[] { StoreSettings.Sqlite, StoreSettings.Postgres })
            {
                foreach (var runs in Concurrency)
                {
                    var row = MeasureAsync(provider, postgres, runs, TimeSpan.FromSeconds(seconds)).GetAwaiter().GetResult();
                    Console.WriteLine($"{row.Provider,-8} {row.Runs,3} runs: {row.RowsPerSecond,10:0} rows/s ({row.Rows} rows in {row.Seconds:0.0} s, " +
                        $"batch p50 {row.BatchMillisecondsMedian:0.0} ms, p95 {row.BatchMillisecondsP95:0.0} ms)");
                    rows.Add(row);
                }
            }
        }
        Console.WriteLine(ResultsFile.Write(args.Output ?? Name, new StoreWritesResults(SeriesPerStep, StepsPerBatch, seconds, rows)));
        return 0;
    }

    private static async Task<StoreWritesRow> MeasureAsync(string provider, PostgresCluster postgres, int runCount, TimeSpan duration)
    {
        var root = Directory.CreateTempSubdirectory("lewel-store-bench-").FullName;
        var database = provider == StoreSettings.Postgres ? await postgres.CreateDatabaseAsync("lewel_bench") : null;
        try
        {
            var store = database is null ? StoreSettings.SqliteDefault : StoreSettings.ForPostgres(postgres.ConnectionString(database));
            await using var services = new ServiceCollection().AddLewelData(new DataDirectory(root), store).BuildServiceProvider();
            await StoreMigrator.MigrateAsync(services.GetRequiredService<IDbContextFactory<LewelDbContext>>());
            var runStore = services.GetRequiredService<RunStore>();
            var writer = services.GetRequiredService<RunBatchWriter>();
            var ids = new List<long>();
            for (var i = 0; i < runCount; i++)
            {
                var run = await runStore.CreateAsync(new NewRun($"bench {i}", RunKind.Pretrain, "byol", "{}", "shapes", "resnet18", i, "cpu", "cpu", 1_000_000));
                await runStore.UpdateAsync(run.Id, (r, now) => r.Start(run.ExecutionToken, "bench", now));
                ids.Add(run.Id);
            }
            var latencies = new List<double>[runCount];
            var written = new long[runCount];
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(ids.Select((id, index) => Task.Run(async () =>
            {
                var mine = latencies[index] = [];
                var step = 0;
                while (clock.Elapsed < duration)
                {
                    var batch = new RunBatch(id);
                    for (var s = 0; s < StepsPerBatch; s++)
                    {
                        step++;
                        for (var series = 0; series < SeriesPerStep; series++)
                            batch.Metrics.Add(new MetricSample($"series{series}", step, 0, 1.0 / step, DateTime.UtcNow));
                    }
                    batch.Progress = (step, 1_000_000);
                    var started = Stopwatch.GetTimestamp();
                    await writer.WriteAsync(batch, DateTime.UtcNow);
                    mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    written[index] += batch.Metrics.Count;
                }
            })));
            var elapsed = clock.Elapsed.TotalSeconds;
            var all = latencies.SelectMany(l => l).Order().ToArray();
            var total = written.Sum();
            return new StoreWritesRow(provider, runCount, total, elapsed, total / elapsed, Percentile(all, 0.5), Percentile(all, 0.95));
        }
        finally
        {
            if (database is not null) await postgres.DropDatabaseAsync(database);
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(root, recursive: true); } catch (IOException) { }
        }
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Floor(p * sorted.Length))];
}

public sealed record StoreWritesRow(string Provider, int Runs, long Rows, double Seconds, double RowsPerSecond,
    double BatchMillisecondsMedian, double BatchMillisecondsP95);

public sealed record StoreWritesResults(int SeriesPerStep, int StepsPerBatch, int SecondsPerPoint, IReadOnlyList<StoreWritesRow> Rows);
