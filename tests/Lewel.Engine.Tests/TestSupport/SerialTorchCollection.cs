namespace Lewel.Engine.Tests.TestSupport;

/// <summary>Tests that seed torch's global generator and compare the draws must not run beside other tests that draw
/// from it at the same time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialTorchCollection
{
    public const string Name = "Seeded torch generator";
}
