namespace Lewel.Engine.Tests.Training;

/// <summary>Tests that compare runs bit-for-bit seed libtorch's global generator and initialise models from it; run
/// alone so no test in parallel draws from that generator in between.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TrainerCollection
{
    public const string Name = "Trainer (not parallel: global torch generator)";
}
