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
        if (db.Database.IsSqlite())
            return await SqliteSeriesReader.ReadAsync(db.Database.GetConnectionString()!, runId, [.. names.Distinct(StringComparer.Ordinal)], cancellationToken);
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

    /// <summary>The last point of every series of a run (for a run's current state). The series' names are found by
    /// seeking the key's index from one name to the next, and each last point by one more seek: grouping the run's rows by
    /// name instead visited every one of them, 0.37 s for 100,000 steps of ten series (bench <c>history-read</c>), and a
    /// run page asks for this twice while it opens.</summary>
    public async Task<IReadOnlyDictionary<string, SeriesPoint>> LatestAsync(long runId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText =
            "WITH RECURSIVE names(\"Name\") AS (" +
            "SELECT (SELECT min(\"Name\") FROM \"MetricPoints\" WHERE \"RunId\" = @run) " +
            "UNION ALL SELECT (SELECT min(m.\"Name\") FROM \"MetricPoints\" m WHERE m.\"RunId\" = @run AND m.\"Name\" > names.\"Name\") " +
            "FROM names WHERE names.\"Name\" IS NOT NULL) " +
            "SELECT m.\"Name\", m.\"Step\", m.\"Epoch\", m.\"Value\", m.\"Time\" FROM names JOIN \"MetricPoints\" m " +
            "ON m.\"RunId\" = @run AND m.\"Name\" = names.\"Name\" AND m.\"Step\" = " +
            "(SELECT max(l.\"Step\") FROM \"MetricPoints\" l WHERE l.\"RunId\" = @run AND l.\"Name\" = names.\"Name\");";
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
