using Lewel.Engine.Training.Events;

namespace Lewel.Engine.Training;

/// <summary>Delivers events to the run's observer. An observer that throws does not stop the run: each failure is
/// counted and reported as a warning <see cref="LogMessage"/> (if the observer can take that).</summary>
internal sealed class EventSink(ITrainingObserver observer)
{
    public int ObserverFailures { get; private set; }

    public void Emit(TrainingEvent e)
    {
        try
        {
            observer.OnEvent(e);
        }
        catch (Exception error)
        {
            ObserverFailures++;
            try { observer.OnEvent(new LogMessage(DateTimeOffset.UtcNow, "warning", $"the run's observer failed on {e.GetType().Name}: {error.Message}")); }
            catch (Exception) { /* it cannot even log; the run goes on regardless */ }
        }
    }

    public void Log(string level, string text) => Emit(new LogMessage(DateTimeOffset.UtcNow, level, text));
}
