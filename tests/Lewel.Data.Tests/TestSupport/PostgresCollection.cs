using Lewel.Tests.Postgres;

namespace Lewel.Data.Tests.TestSupport;

/// <summary>The store tests that run on PostgreSQL share one throwaway cluster (each test gets its own database).</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresCluster>
{
    public const string Name = "PostgreSQL cluster";
}
