using Lewel.Engine.Training.Events;

namespace Lewel.Engine.Tests.Training.Fakes;

/// <summary>Keeps every event; optionally runs an action on each (on the training thread).</summary>
internal sealed class RecordingObserver(Action<TrainingEvent>? onEvent = null) : ITrainingObserver
{
    public List<TrainingEvent> Events { get; } = [];

    public IEnumerable<T> Of<T>() where T : TrainingEvent => Events.OfType<T>();

    public void OnEvent(TrainingEvent e)
    {
        Events.Add(e);
        onEvent?.Invoke(e);
    }
}
