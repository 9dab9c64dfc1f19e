using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Lewel.Data;

/// <summary>Per-connection settings (they do not persist in the file, unlike the journal mode).
/// <c>synchronous=NORMAL</c> under WAL: a commit is not fsynced until the next checkpoint, so a power cut (never an
/// application crash) can lose the last few commits but cannot corrupt the file. The rows at risk are at most a second
/// of metrics, which a resumed run re-creates from its checkpoint; FULL would fsync every half-second metric batch of
/// every running run for no gain in what can be recovered.</summary>
internal sealed class SqlitePragmaInterceptor : DbConnectionInterceptor
{
    public static readonly SqlitePragmaInterceptor Instance = new();
    private const string Pragmas = "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
