namespace Lewel.Engine.Tests.Interop;

[CollectionDefinition(Name)]
public sealed class OfficialCheckpointsCollection : ICollectionFixture<OfficialCheckpoints>
{
    public const string Name = "official LEWEL checkpoints";
}
