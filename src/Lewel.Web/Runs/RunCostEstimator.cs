using Lewel.Data.Entities;
using Lewel.Data.Stores;
using Lewel.Engine.Config;
using Lewel.Engine.Data;
using Lewel.Engine.Runtime;

namespace Lewel.Web.Runs;

/// <summary>Estimates a configuration's length in steps and its wall time from the throughput that earlier runs of the
/// same shape (backbone, width, image size, stem, device; best with the same method and batch) measured here. Says
/// "unknown" rather than guess.</summary>
public sealed class RunCostEstimator(RunStore runs, MetricReader metrics)
{
    private const string ThroughputSeries = "imagesPerSecond";
    private const int RunsExamined = 200;
    private const int TailPoints = 200;

    /// <summary>Optimiser steps of the run: <c>steps</c> when set, else epochs × ⌊train images / batch⌋ (the last
    /// partial batch is dropped). Null steps when the data set's size is unknown before it is opened.</summary>
    public static (int? Steps, int? StepsPerEpoch, string Note) StepsOf(RunConfig config)
    {
        // Null when the spec does not tell (or does not parse: the form shows the spec error).
        var trainImages = DatasetSizes.TrainImages(config.Dataset);
        int? perEpoch = trainImages is { } images && config.BatchSize > 0 ? images / config.BatchSize : null;
        if (config.Steps is > 0)
        {
            var steps = config.Steps.Value;
            return (steps, perEpoch, perEpoch is > 0 ? $"{steps:N0} steps ≈ {(double)steps / perEpoch.Value:0.##} epochs" : $"{steps:N0} steps");
        }
        if (config.Epochs is not > 0) return (null, perEpoch, "no length set");
        var epochs = config.Epochs.Value;
        if (perEpoch is null) return (null, null, $"{epochs} epochs; steps per epoch are known once the data set is opened");
        if (perEpoch == 0) return (0, 0, $"the data set has fewer images than one batch of {config.BatchSize}");
        return (epochs * perEpoch.Value, perEpoch, $"{epochs} epochs × {perEpoch.Value:N0} steps");
    }

    public async Task<RunCostEstimate> EstimateAsync(RunConfig config, CancellationToken cancellationToken = default) =>
        (await ThroughputEstimateAsync(config, cancellationToken)) with { Memory = MemoryOf(config) };

    /// <summary>The peak-memory estimate against the device's memory, or null when the device is not known here.</summary>
    public static string? MemoryOf(RunConfig config)
    {
        // A half-filled form may have no section or a non-finite width yet: no estimate then, the form shows why.
        if (config.Heads is null || config.Lewel is null || config.Moco is null || config.Dataset is null || !double.IsFinite(config.Width)) return null;
        var device = ResolveDevice(config.Device);
        if (device is null) return null;
        var estimate = RunMemoryEstimator.Estimate(config);
        return DeviceMemory.TotalBytes(device) is { } available
            ? $"≈ {MemoryEstimate.GiB(estimate.TotalBytes)} of {MemoryEstimate.GiB(available)} on {device}"
            : $"≈ {MemoryEstimate.GiB(estimate.TotalBytes)} on {device}";
    }

    private async Task<RunCostEstimate> ThroughputEstimateAsync(RunConfig config, CancellationToken cancellationToken)
    {
        var (steps, perEpoch, note) = StepsOf(config);
        var device = ResolveDevice(config.Device);
        if (device is null)
            return new RunCostEstimate(steps, perEpoch, note, null, null, $"unknown: device '{config.Device}' is not available here");

        var page = await runs.ListAsync(new RunFilter { Kind = RunKind.Pretrain, Take = RunsExamined }, cancellationToken);
        var candidates = new List<(Run Run, RunConfig Config, int Rank)>();
        foreach (var run in page.Items.Where(r => r.Step > 0 && r.Device == device))
        {
            RunConfig past;
            try
            {
                past = RunConfig.FromJson(run.ConfigJson);
            }
            catch (Exception e) when (e is System.Text.Json.JsonException or ConfigException)
            {
                continue;
            }
            if (Rank(config, past) is { } rank) candidates.Add((run, past, rank));
        }
        foreach (var (run, past, rank) in candidates.OrderBy(c => c.Rank).ThenByDescending(c => c.Run.Id).Take(5))
        {
            var series = await metrics.SeriesAsync(run.Id, [ThroughputSeries], cancellationToken);
            var values = series[ThroughputSeries].TakeLast(TailPoints).Select(p => p.Value).Where(v => double.IsFinite(v) && v > 0).Order().ToList();
            if (values.Count == 0) continue;
            var median = values[values.Count / 2];
            var basis = rank switch
            {
                0 => $"median throughput of run #{run.Id} ({run.Name}) with the same shape on {device}",
                1 => $"median throughput of run #{run.Id} ({run.Name}) on {device}, batch {past.BatchSize} instead of {config.BatchSize}",
                _ => $"rough: median throughput of run #{run.Id} ({run.Name}, {past.Method}, batch {past.BatchSize}) on {device}",
            };
            TimeSpan? duration = steps is { } s ? TimeSpan.FromSeconds(s * (double)config.BatchSize / median) : null;
            return new RunCostEstimate(steps, perEpoch, note, median, duration, basis);
        }
        return new RunCostEstimate(steps, perEpoch, note, null, null,
            $"unknown: no earlier run of {config.Backbone} at width {config.Width}, {config.ImageSize} px on {device}");
    }

    /// <summary>0 = same method and batch; 1 = same method, other batch; 2 = another method; null = another backbone,
    /// width, image size or stem (not comparable).</summary>
    private static int? Rank(RunConfig wanted, RunConfig past)
    {
        if (past.Backbone != wanted.Backbone || past.Width != wanted.Width || past.ImageSize != wanted.ImageSize || past.Stem != wanted.Stem)
            return null;
        if (past.Method != wanted.Method) return 2;
        return past.BatchSize == wanted.BatchSize ? 0 : 1;
    }

    private static string? ResolveDevice(string device)
    {
        try
        {
            return DeviceSelector.Resolve(device).ToString();
        }
        catch (Exception e) when (e is DeviceUnavailableException or TypeInitializationException or DllNotFoundException)
        {
            return null;
        }
    }
}
