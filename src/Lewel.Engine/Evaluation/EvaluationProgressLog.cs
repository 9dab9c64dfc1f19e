using Lewel.Engine.Training.Events;

namespace Lewel.Engine.Evaluation;

/// <summary>Evaluation progress as occasional log lines (every stage change and every tenth of a stage), so that a long
/// evaluation shows it is alive to the user and to a supervisor's stall watchdog.</summary>
public sealed class EvaluationProgressLog(Action<LogMessage> log) : IProgress<EvaluationProgress>
{
    private readonly Lock gate = new();
    private string lastStage = "";
    private int lastTenth = -1;

    public EvaluationProgressLog(ITrainingObserver observer) : this(observer.OnEvent) { }

    public void Report(EvaluationProgress value)
    {
        var tenth = value.Total > 0 ? (int)(value.Done * 10L / value.Total) : 0;
        lock (gate)
        {
            if (value.Stage == lastStage && tenth == lastTenth) return;
            (lastStage, lastTenth) = (value.Stage, tenth);
        }
        log(new LogMessage(DateTimeOffset.UtcNow, "info", $"{value.Protocol}: {value.Stage} {value.Done}/{value.Total}"));
    }
}
