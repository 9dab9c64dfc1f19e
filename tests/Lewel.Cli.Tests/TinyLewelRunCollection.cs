namespace Lewel.Cli.Tests;

/// <summary>The eval, maps and export tests share one <see cref="TinyLewelRun"/> (one <c>lewel pretrain</c>).</summary>
[CollectionDefinition(Name)]
public sealed class TinyLewelRunCollection : ICollectionFixture<TinyLewelRun>
{
    public const string Name = "tiny LEWEL_B run";
}
