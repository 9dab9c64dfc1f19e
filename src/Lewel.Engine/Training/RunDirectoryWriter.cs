using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lewel.Engine.Checkpoints;
using Lewel.Engine.Config;
using Lewel.Engine.Data;
using Lewel.Engine.Training.Events;

namespace Lewel.Engine.Training;

/// <summary>
/// Records a run's events in its directory (<see cref="RunDirectory"/>): <c>metrics.jsonl</c> (one line per step),
/// <c>health.jsonl</c>, <c>evaluations.jsonl</c>, <c>log.txt</c>, and <c>summary.json</c> when the session ends. On a
/// resume it first drops the lines of steps after the checkpoint the run continues from, so every step appears once.
/// Used by the CLI and by the web jobs.
/// </summary>
public sealed class RunDirectoryWriter : ITrainingObserver, IDisposable
{
    private static readonly JsonSerializerOptions CompactJson = new(RunConfig.Json) { WriteIndented = false };
    private readonly RunDirectory run;
    private readonly Dictionary<string, StreamWriter> writers = [];
    private RunStarted? started;
    private double lossSum;
    private int lossCount;
    private double? lastLoss;
    private string? lastCheckpoint;

    public RunDirectoryWriter(string runDir)
    {
        run = new RunDirectory(runDir);
        Directory.CreateDirectory(run.Root);
    }

    public void OnEvent(TrainingEvent e)
    {
        switch (e)
        {
            case RunStarted s: Start(s); break;
            case StepCompleted s: Step(s); break;
            case HealthReport h:
                Append(RunDirectory.HealthFile, HealthLine(h));
                if (h.CollapseWarning) Log(h.Time, "warning", $"step {h.Step}: {h.Warning}");
                break;
            case RankReport r:
                Append(RunDirectory.HealthFile, RankLine(r));
                if (r.LowRankWarning) Log(r.Time, "warning", $"step {r.Step}: {r.Warning}");
                break;
            case EvaluationCompleted ev:
                Append(RunDirectory.EvaluationsFile, JsonSerializer.Serialize(ev, CompactJson));
                Log(ev.Time, "info", $"epoch {ev.Epoch} (step {ev.Step}) {ev.Protocol}: " +
                                     string.Join(", ", ev.Values.Select(v => $"{v.Key} = {v.Value.ToString("G4", CultureInfo.InvariantCulture)}")));
                break;
            case EpochCompleted ep: Log(ep.Time, "info", $"epoch {ep.Epoch} completed at step {ep.Step}: mean loss {Number(ep.MeanLoss)}"); break;
            case CheckpointWritten c:
                lastCheckpoint = c.Path;
                Log(c.Time, "info", $"checkpoint {c.Path} ({c.Bytes / 1024.0 / 1024.0:F1} MiB)");
                break;
            case LogMessage m: Log(m.Time, m.Level, m.Text); break;
            case RunFinished f:
                Log(f.Time, "info", $"finished at step {f.Step} in {f.WallSeconds:F1} s, final loss {Number(f.FinalLoss)}");
                Summarise("finished", f.Step, f.WallSeconds, null, lastCheckpoint);
                break;
            case RunCancelled c:
                Log(c.Time, "info", $"cancelled at step {c.Step}" + (c.CheckpointPath is null ? "" : $", checkpoint {c.CheckpointPath}"));
                Summarise("cancelled", c.Step, null, null, c.CheckpointPath);
                break;
            case RunFailed f:
                Log(f.Time, "error", $"failed at step {f.Step}: {f.Reason}");
                Summarise("failed", f.Step, null, f.Reason, f.LastCheckpointPath);
                break;
        }
    }

    public void Dispose()
    {
        foreach (var writer in writers.Values) writer.Dispose();
        writers.Clear();
    }

    private void Start(RunStarted s)
    {
        started = s;
        (lossSum, lossCount, lastLoss) = (0, 0, null);
        lastCheckpoint = run.Checkpoints.List() is [var newest, ..] ? run.Relative(newest) : null;
        Dispose();
        KeepStepsUpTo(RunDirectory.MetricsFile, s.StartStep, line =>
        {
            var loss = line["loss"]!.GetValue<double>();
            lossSum += loss;
            lossCount++;
            lastLoss = loss;
        });
        KeepStepsUpTo(RunDirectory.HealthFile, s.StartStep, _ => { });
        KeepStepsUpTo(RunDirectory.EvaluationsFile, s.StartStep, _ => { });
        Log(s.Time, "info", (s.StartStep == 0 ? "started" : $"resumed at step {s.StartStep}") +
                            $": {s.TotalSteps} steps ({s.StepsPerEpoch} per epoch) on {s.Device}, {s.MethodDescription}");
        if (SkippedFiles.Summary(s.SkippedDataFiles) is { } skipped)
            Log(s.Time, "warning", $"data set: {skipped}");
    }

    private void Step(StepCompleted s)
    {
        lossSum += s.Loss;
        lossCount++;
        lastLoss = s.Loss;
        Append(RunDirectory.MetricsFile, MetricsLine(s));
    }

    /// <summary>The metrics.jsonl line of one step (field names are part of the run-directory format).</summary>
    public static string MetricsLine(StepCompleted s)
    {
        var line = new JsonObject
        {
            ["step"] = s.Step,
            ["epoch"] = s.Epoch,
            ["loss"] = s.Loss,
            ["loss_global"] = s.LossGlobal,
        };
        if (s.LossAligned is { } aligned) line["loss_aligned"] = aligned;
        line["lr"] = s.LearningRate;
        line["momentum"] = s.Momentum;
        line["img_per_s"] = Math.Round(s.ImagesPerSecond, 3);
        line["data_wait_s"] = Math.Round(s.DataWaitSeconds, 6);
        line["compute_s"] = Math.Round(s.ComputeSeconds, 6);
        return line.ToJsonString();
    }

    /// <summary>The step a metrics.jsonl line records (the inverse of <see cref="MetricsLine"/>; the time is not in the
    /// file and is given).</summary>
    public static StepCompleted ParseMetricsLine(string text, DateTimeOffset time)
    {
        var line = JsonNode.Parse(text)!.AsObject();
        double Number(string key) => line[key]?.GetValue<double>() ?? double.NaN;
        return new StepCompleted(time, line["step"]!.GetValue<int>(), line["epoch"]!.GetValue<int>(), Number("loss"), Number("loss_global"),
            line["loss_aligned"]?.GetValue<double>(), Number("lr"), Number("momentum"), Number("img_per_s"), Number("data_wait_s"),
            Number("compute_s"));
    }

    private static string HealthLine(HealthReport h)
    {
        var line = new JsonObject
        {
            ["step"] = h.Step,
            ["embedding_std"] = h.EmbeddingStd,
            ["expected_std"] = h.ExpectedStd,
            ["map_entropy_ratio"] = h.MapEntropyRatio,
            ["collapse_warning"] = h.CollapseWarning,
            ["warning"] = h.Warning,
        };
        return line.ToJsonString();
    }

    private static string RankLine(RankReport r)
    {
        var line = new JsonObject
        {
            ["step"] = r.Step,
            ["epoch"] = r.Epoch,
            ["rankme"] = r.RankMe,
            ["max_rank"] = r.MaxRank,
            ["samples"] = r.Samples,
            ["dim"] = r.Dim,
            ["low_rank_warning"] = r.LowRankWarning,
            ["warning"] = r.Warning,
        };
        return line.ToJsonString();
    }

    private void Summarise(string outcome, int step, double? wallSeconds, string? reason, string? checkpoint)
    {
        var summary = new JsonObject
        {
            ["outcome"] = outcome,
            ["steps"] = step,
            ["totalSteps"] = started?.TotalSteps,
            ["stepsPerEpoch"] = started?.StepsPerEpoch,
            ["resumedFromStep"] = started?.StartStep,
            ["finalLoss"] = lastLoss,
            ["meanLoss"] = lossCount == 0 ? null : lossSum / lossCount,
            ["wallSeconds"] = wallSeconds,
            ["device"] = started?.Device,
            ["method"] = MethodId(),
            ["methodDescription"] = started?.MethodDescription,
            ["reason"] = reason,
            ["checkpoint"] = checkpoint,
            ["skippedDataFiles"] = new JsonArray((started?.SkippedDataFiles ?? []).Select(f => (JsonNode?)JsonValue.Create(f)).ToArray()),
            ["endedAt"] = DateTimeOffset.UtcNow,
        };
        foreach (var writer in writers.Values) writer.Flush();
        AtomicFile.WriteAllText(run.PathOf(RunDirectory.SummaryFile), summary.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    private string? MethodId()
    {
        try { return run.HasConfig ? run.ReadConfig().Method : null; }
        catch (ConfigException) { return null; }
    }

    /// <summary>Rewrites a jsonl file keeping the lines whose <c>step</c> is at most <paramref name="lastStep"/>
    /// (a torn last line from a killed process is dropped too).</summary>
    private void KeepStepsUpTo(string file, int lastStep, Action<JsonNode> kept)
    {
        var path = run.PathOf(file);
        if (!File.Exists(path)) return;
        var keep = new StringBuilder();
        foreach (var text in File.ReadLines(path))
        {
            JsonNode? line;
            try { line = JsonNode.Parse(text); }
            catch (JsonException) { continue; }
            if (line?["step"] is not JsonValue stepValue || stepValue.GetValue<int>() > lastStep) continue;
            kept(line);
            keep.Append(text).Append('\n');
        }
        AtomicFile.WriteAllText(path, keep.ToString());
    }

    private void Log(DateTimeOffset time, string level, string text) =>
        Append(RunDirectory.LogFile, $"{time.ToUniversalTime():yyyy-MM-dd HH:mm:ss} {level.ToUpperInvariant(),-7} {text}");

    private void Append(string file, string line)
    {
        if (!writers.TryGetValue(file, out var writer))
        {
            writer = new StreamWriter(new FileStream(run.PathOf(file), FileMode.Append, FileAccess.Write, FileShare.Read), new UTF8Encoding(false));
            writers[file] = writer;
        }
        writer.Write(line);
        writer.Write('\n');
        writer.Flush();
    }

    private static string Number(double v) => double.IsFinite(v) ? v.ToString("G6", CultureInfo.InvariantCulture) : "n/a";
}
