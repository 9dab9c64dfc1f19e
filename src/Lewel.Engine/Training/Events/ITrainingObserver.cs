namespace Lewel.Engine.Training.Events;

/// <summary>Receives a run's events on the training thread, in order. Implementations must return quickly (buffer and
/// hand off); an exception thrown here is logged, not fatal to the run.</summary>
public interface ITrainingObserver
{
    void OnEvent(TrainingEvent e);
}
