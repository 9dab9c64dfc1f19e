using System.Diagnostics;
using Lewel.Bench.Measurement;
using Lewel.Data;
using Lewel.Data.Entities;
using Lewel.Data.Series;
using Lewel.Data.Stores;
using Lewel.Web.Runs;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lewel.Bench.Benchmarks;

/// <summary><c>history-read</c>: what a run page pays to open a long history on SQLite, split into reading the series
/// from the store (<see cref="MetricReader.SeriesAsync"/>) and shaping them for the charts (smoothing over all of it and
/// decimation with a min/max band, <see cref="RunChartReader.Shape"/>). Two histories of <c>--steps</c> steps (default
/// 100,000): one series (the UI scale test's loss) and the ten the run page charts for a LEWEL run, each at every step (a
/// run stores its health series less often, so this is an upper bound). The reference, timed in
/// the same run, is SQLite visiting the same rows by itself (<c>SELECT sum(Value)</c> per series, no row leaves the
/// engine), so the ratio says what the read adds over what the file itself costs. Writes
/// bench/results/history-read.json.</summary>
public static class HistoryReadBenchmark
{
    public const string Name = "history-read";

    private static readonly string[] RealSeries =
    [
        MetricNames.Loss, MetricNames.LossGlobal, MetricNames.LossAligned, MetricNames.LearningRate, MetricNames.Momentum,
        MetricNames.ImagesPerSecond, MetricNames.DataWaitSeconds, MetricNames.ComputeSeconds, MetricNames.EmbeddingStd,
        MetricNames.MapEntropyRatio,
    ];

    public static int Run(string[] argv)
    {
        var args = BenchArgs.Parse(argv);
        var steps = args.Steps ?? (args.Quick ? 10_000 : 100_000);
        var reps = args.Reps ?? (args.Quick ? 2 : 5);
        var rows = new List<HistoryReadRow>
        {
            MeasureAsync("one series", [MetricNames.Loss], steps, reps).GetAwaiter().GetResult(),
            MeasureAsync("ten series", RealSeries, steps, reps).GetAwaiter().GetResult(),
        };
        foreach (var row in rows)
            Console.WriteLine($"{row.History,-14} {row.Rows,8} rows: read {row.ReadMs,7:0.0} ms ({row.ReadMs / row.ScanMs:0.00}× a scan's {row.ScanMs:0.0} ms), " +
                $"shape {row.ShapeMs,6:0.0} ms, last points {row.LatestMs,6:0.0} ms, {row.RowsPerSecondRead / 1e6:0.00} M rows/s read");
        Console.WriteLine(ResultsFile.Write(args.Output ?? Name, new HistoryReadResults(steps, reps, rows)));
        return 0;
    }

    private static async Task<HistoryReadRow> MeasureAsync(string label, IReadOnlyList<string> series, int steps, int reps)
    {
        var root = Directory.CreateTempSubdirectory("lewel-history-bench-").FullName;
        try
        {
            await using var services = new ServiceCollection().AddLewelData(new DataDirectory(root), StoreSettings.SqliteDefault).BuildServiceProvider();
            var contexts = services.GetRequiredService<IDbContextFactory<LewelDbContext>>();
            await StoreMigrator.MigrateAsync(contexts);
            var run = await services.GetRequiredService<RunStore>().CreateAsync(
                new NewRun("history", RunKind.Pretrain, "byol", "{}", "shapes", "resnet18", 1, "cpu", "cpu", steps));
            var writer = services.GetRequiredService<RunBatchWriter>();
            var start = DateTime.UtcNow.AddDays(-1);
            for (var from = 0; from < steps; from += 5_000)
            {
                var batch = new RunBatch(run.Id);
                for (var step = from; step < Math.Min(steps, from + 5_000); step++)
                    foreach (var name in series)
                        batch.Metrics.Add(new MetricSample(name, step, step / 1000, 5 * Math.Exp(-step / 30_000.0) + 0.05 * Math.Sin(step), start.AddSeconds(step)));
                await writer.WriteAsync(batch, DateTime.UtcNow);
            }
            var reader = services.GetRequiredService<MetricReader>();
            var axis = new ChartXAxis(ChartXKind.Step, 64, 1000, start);
            var reads = new List<double>();
            var shapes = new List<double>();
            var scans = new List<double>();
            var latests = new List<double>();
            var rows = 0;
            for (var rep = 0; rep < reps + 1; rep++)
            {
                var clock = Stopwatch.StartNew();
                var raw = await reader.SeriesAsync(run.Id, series);
                var read = clock.Elapsed.TotalMilliseconds;
                clock.Restart();
                foreach (var (name, points) in raw) RunChartReader.Shape(name, points, ChartSmoothing.Default, axis, null, RunChartReader.DefaultMaxPoints);
                var shape = clock.Elapsed.TotalMilliseconds;
                var scan = await ScanAsync(contexts, run.Id, series);
                clock.Restart();
                await reader.LatestAsync(run.Id);
                var latest = clock.Elapsed.TotalMilliseconds;
                rows = raw.Values.Sum(p => p.Count);
                if (rep == 0) continue; // the first pass warms the JIT and the page cache
                reads.Add(read);
                shapes.Add(shape);
                scans.Add(scan);
                latests.Add(latest);
            }
            var readMs = Statistics.Median(reads);
            return new HistoryReadRow(label, series.Count, rows, readMs, Statistics.Median(shapes), Statistics.Median(scans), Statistics.Median(latests),
                rows / (readMs / 1000));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(root, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>Milliseconds for SQLite to visit the same rows, through the same index, and sum their values.</summary>
    private static async Task<double> ScanAsync(IDbContextFactory<LewelDbContext> contexts, long runId, IReadOnlyList<string> series)
    {
        await using var db = await contexts.CreateDbContextAsync();
        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "SELECT sum(\"Value\") FROM \"MetricPoints\" WHERE \"RunId\" = $run AND \"Name\" = $name;";
        var run = command.CreateParameter();
        run.ParameterName = "$run";
        run.Value = runId;
        var name = command.CreateParameter();
        name.ParameterName = "$name";
        command.Parameters.Add(run);
        command.Parameters.Add(name);
        var clock = Stopwatch.StartNew();
        foreach (var n in series)
        {
            name.Value = n;
            await command.ExecuteScalarAsync();
        }
        return clock.Elapsed.TotalMilliseconds;
    }
}

public sealed record HistoryReadRow(string History, int Series, int Rows, double ReadMs, double ShapeMs, double ScanMs, double LatestMs,
    double RowsPerSecondRead);

public sealed record HistoryReadResults(int Steps, int Reps, IReadOnlyList<HistoryReadRow> Rows);
