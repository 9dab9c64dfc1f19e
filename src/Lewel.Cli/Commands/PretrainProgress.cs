using System.Diagnostics;
using System.Globalization;
using Lewel.Engine.Training.Events;

namespace Lewel.Cli.Commands;

/// <summary>Shows a run on the terminal. Interactive: a one-line progress bar with the running loss and an ETA,
/// redrawn in place with \r; other messages are printed above it. Redirected output: plain lines, about fifty per run
/// plus the first and last step.</summary>
public sealed class PretrainProgress(TextWriter output, TextWriter errors, bool interactive) : ITrainingObserver
{
    private const int BarWidth = 24;
    private const int RunningWindow = 20;
    private readonly Queue<double> recentLosses = new();
    private readonly Stopwatch session = new();
    private int totalSteps;
    private int startStep;
    private int plainEvery = 1;
    private bool barShown;

    public void OnEvent(TrainingEvent e)
    {
        switch (e)
        {
            case RunStarted s:
                (totalSteps, startStep, plainEvery) = (s.TotalSteps, s.StartStep, Math.Max(1, s.TotalSteps / 50));
                session.Restart();
                Line(output, $"{s.MethodDescription} on {s.Device}: " +
                             (s.StartStep == 0 ? $"{s.TotalSteps} steps" : $"resuming at step {s.StartStep} of {s.TotalSteps}") +
                             $" ({s.StepsPerEpoch} per epoch) in {s.RunDir}");
                break;
            case StepCompleted s:
                recentLosses.Enqueue(s.Loss);
                if (recentLosses.Count > RunningWindow) recentLosses.Dequeue();
                if (interactive) DrawBar(s);
                else if (s.Step == startStep + 1 || s.Step % plainEvery == 0 || s.Step == totalSteps) Line(output, Plain(s));
                break;
            case HealthReport { Warning: { } warning } h:
                Line(errors, $"warning: step {h.Step}: {warning}");
                break;
            case RankReport { Warning: { } rankWarning } r:
                Line(errors, $"warning: step {r.Step}: {rankWarning}");
                break;
            case EpochCompleted ep:
                Line(output, $"epoch {ep.Epoch} done at step {ep.Step}: mean loss {Number(ep.MeanLoss)}");
                break;
            case EvaluationCompleted ev:
                Line(output, $"epoch {ev.Epoch} {ev.Protocol}: " +
                             string.Join(", ", ev.Values.Select(v => $"{v.Key} {v.Value.ToString("G4", CultureInfo.InvariantCulture)}")));
                break;
            case CheckpointWritten c when !interactive:
                Line(output, $"checkpoint {c.Path}");
                break;
            case LogMessage m:
                Line(m.Level is "warning" or "error" ? errors : output, m.Level == "info" ? m.Text : $"{m.Level}: {m.Text}");
                break;
            case RunFinished f:
                Line(output, $"finished {f.Step} steps in {Duration(f.WallSeconds)}; final loss {Number(f.FinalLoss)}");
                break;
            case RunCancelled c:
                Line(output, $"cancelled at step {c.Step}" +
                             (c.CheckpointPath is null ? "; nothing to resume from" : $"; checkpoint {c.CheckpointPath} (continue with --resume)"));
                break;
            case RunFailed f:
                Line(errors, $"failed at step {f.Step}: {f.Reason}");
                break;
        }
    }

    private void DrawBar(StepCompleted s)
    {
        var fraction = totalSteps == 0 ? 1 : (double)s.Step / totalSteps;
        var filled = (int)Math.Round(fraction * BarWidth);
        var done = s.Step - startStep;
        var eta = done == 0 ? "?" : Duration(session.Elapsed.TotalSeconds / done * (totalSteps - s.Step));
        var bar = new string('#', filled) + new string('-', BarWidth - filled);
        var text = FormattableString.Invariant(
            $"[{bar}] {s.Step}/{totalSteps} {fraction,4:P0} loss {s.Loss:F4} (avg {recentLosses.Average():F4}) {s.ImagesPerSecond:F1} img/s ETA {eta}");
        output.Write("\r" + text + "\u001b[K");
        output.Flush();
        barShown = true;
    }

    private static string Plain(StepCompleted s)
    {
        var aligned = s.LossAligned is { } value ? FormattableString.Invariant($" aligned {value:F4}") : "";
        return FormattableString.Invariant(
            $"step {s.Step} epoch {s.Epoch} loss {s.Loss:F4} global {s.LossGlobal:F4}{aligned} lr {s.LearningRate:G3} momentum {s.Momentum:F4} {s.ImagesPerSecond:F1} img/s");
    }

    private void Line(TextWriter writer, string text)
    {
        if (barShown)
        {
            output.Write("\r\u001b[K");
            output.Flush();
            barShown = false;
        }
        writer.WriteLine(text);
        writer.Flush();
    }

    private static string Number(double v) => double.IsFinite(v) ? v.ToString("F4", CultureInfo.InvariantCulture) : "n/a";

    private static string Duration(double seconds)
    {
        var time = TimeSpan.FromSeconds(Math.Max(0, seconds));
        return time.TotalHours >= 1 ? $"{(int)time.TotalHours}:{time:mm\\:ss}" : time.ToString(@"m\:ss", CultureInfo.InvariantCulture);
    }
}
