namespace Lewel.Engine.Training.Optim;

/// <summary>The optimiser as the trainer drives it: clear gradients, step, set the learning rate every step, and
/// save/load its state (momentum buffers) with a checkpoint.</summary>
public interface IPretrainOptimizer : IDisposable
{
    /// <summary>lars or sgd.</summary>
    string Name { get; }
    IReadOnlyList<ParameterGroup> Groups { get; }
    /// <summary>The learning rate of every group (the schedule's value for the current step).</summary>
    double LearningRate { get; set; }
    /// <summary>Sets every gradient to none, so parameters without a gradient next step are skipped.</summary>
    void ZeroGrad();
    void Step();
    void Save(BinaryWriter writer);
    /// <exception cref="InvalidDataException">The stream holds another optimiser's state or other parameters.</exception>
    void Load(BinaryReader reader);
}
