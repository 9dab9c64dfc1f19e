namespace Lewel.Engine.Training.Events;

/// <summary>Hands every event to several observers in order. One that throws does not keep the event from the others;
/// the failures are rethrown together afterwards (the trainer logs them and goes on).</summary>
public sealed class ObserverGroup(params ITrainingObserver[] observers) : ITrainingObserver
{
    public void OnEvent(TrainingEvent e)
    {
        List<Exception>? failures = null;
        foreach (var observer in observers)
        {
            try { observer.OnEvent(e); }
            catch (Exception error) { (failures ??= []).Add(error); }
        }
        if (failures is not null)
            throw failures.Count == 1 ? failures[0] : new AggregateException(failures);
    }
}
