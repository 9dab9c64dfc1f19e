using Lewel.Data.Series;
using System.Data;
using Microsoft.EntityFrameworkCore;

namespace Lewel.Data.Stores;

/// <summary>Reads metric series of a run, for charts and exports.</summary>
public sealed class MetricReader(IDbContextFactory<LewelDbContext> contextFactory)
{
    public async Task<IReadOnlyList<string>> NamesAsync(long runId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.MetricPoints.Where(m => m.RunId == runId).Select(m => m.Name).Distinct().OrderBy(n => n).ToListAsync(cancellationToken);
    }

    /// <summary>The full history of each requested series, in step order (an absent name gives an empty series).</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<SeriesPoint>>> SeriesAsync(long runId, IReadOnlyCollection<string> names,
        CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        var result = new Dictionary<string, IReadOnlyList<SeriesPoint>>(StringComparer.Ordinal);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT \"Step\", \"Epoch\", \"Value\", \"Time\" FROM \"MetricPoints\" " +
            "WHERE \"RunId\" = @run AND \"Name\" = @name ORDER BY \"Step\";";
        command.AddParameter("@run", DbType.Int64).Value = runId;
        var name = command.AddParameter("@name", DbType.String);
        foreach (var n in names.Distinct(StringComparer.Ordinal))
        {
            name.Value = n;
            var points = new List<SeriesPoint>();
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    points.Add(new SeriesPoint(reader.GetInt32(0), reader.GetInt32(1),
                        reader.IsDBNull(2) ? double.NaN : reader.GetDouble(2),
                        DateTime.UnixEpoch.AddMilliseconds(reader.GetInt64(3))));
                }
            }
            result[n] = points;
        }
        return result;
    }

    /// <summary>The last point of every series of a run (for a run's current state).</summary>
    public async Task<IReadOnlyDictionary<string, SeriesPoint>> LatestAsync(long runId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText =
            "SELECT m.\"Name\", m.\"Step\", m.\"Epoch\", m.\"Value\", m.\"Time\" FROM \"MetricPoints\" m " +
            "JOIN (SELECT \"Name\", MAX(\"Step\") AS \"Step\" FROM \"MetricPoints\" WHERE \"RunId\" = @run GROUP BY \"Name\") last " +
            "ON m.\"Name\" = last.\"Name\" AND m.\"Step\" = last.\"Step\" WHERE m.\"RunId\" = @run;";
        command.AddParameter("@run", DbType.Int64).Value = runId;
        var result = new Dictionary<string, SeriesPoint>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result[reader.GetString(0)] = new SeriesPoint(reader.GetInt32(1), reader.GetInt32(2),
                reader.IsDBNull(3) ? double.NaN : reader.GetDouble(3), DateTime.UnixEpoch.AddMilliseconds(reader.GetInt64(4)));
        }
        return result;
    }
}
