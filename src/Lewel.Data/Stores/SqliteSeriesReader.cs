using Lewel.Data.Series;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Lewel.Data.Stores;

/// <summary>Reads whole metric series straight through SQLite's C API. A run page opens the full history of every
/// series it charts, a million rows for 100,000 steps of ten series: through <see cref="SqliteDataReader"/>, which checks
/// each value's type before reading it, that took 5× as long as SQLite itself needs to visit the rows
/// (bench <c>history-read</c>).</summary>
internal static class SqliteSeriesReader
{
    private const string Query = "SELECT \"Step\", \"Epoch\", \"Value\", \"Time\" FROM \"MetricPoints\" " +
        "WHERE \"RunId\" = ?1 AND \"Name\" = ?2 ORDER BY \"Step\";";

    /// <summary>Reads the series on up to one connection per core (a WAL file serves readers side by side): the store's
    /// share of opening a run page is CPU, and the browser waits meanwhile.</summary>
    public static async Task<IReadOnlyDictionary<string, IReadOnlyList<SeriesPoint>>> ReadAsync(string connectionString, long runId,
        IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        var readers = Math.Clamp(Math.Min(Environment.ProcessorCount, names.Count), 1, 4);
        var parts = await Task.WhenAll(Enumerable.Range(0, readers).Select(part => Task.Run(() =>
        {
            using var connection = new SqliteConnection(connectionString);
            connection.Open();
            return Read(connection, runId, names.Where((_, i) => i % readers == part), cancellationToken);
        }, cancellationToken)));
        var result = new Dictionary<string, IReadOnlyList<SeriesPoint>>(StringComparer.Ordinal);
        foreach (var part in parts)
            foreach (var (name, points) in part) result[name] = points;
        return result;
    }

    private static Dictionary<string, IReadOnlyList<SeriesPoint>> Read(SqliteConnection connection, long runId, IEnumerable<string> names,
        CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, IReadOnlyList<SeriesPoint>>(StringComparer.Ordinal);
        var db = connection.Handle ?? throw new InvalidOperationException("the SQLite connection is not open");
        Check(db, raw.sqlite3_prepare_v2(db, Query, out var statement));
        using (statement)
        {
            foreach (var name in names)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Check(db, raw.sqlite3_reset(statement));
                Check(db, raw.sqlite3_bind_int64(statement, 1, runId));
                Check(db, raw.sqlite3_bind_text(statement, 2, name));
                var points = new List<SeriesPoint>();
                int code;
                while ((code = raw.sqlite3_step(statement)) == raw.SQLITE_ROW)
                {
                    // NaN is stored as NULL (SQLite has no NaN).
                    var value = raw.sqlite3_column_type(statement, 2) == raw.SQLITE_NULL ? double.NaN : raw.sqlite3_column_double(statement, 2);
                    points.Add(new SeriesPoint(raw.sqlite3_column_int(statement, 0), raw.sqlite3_column_int(statement, 1), value,
                        DateTime.UnixEpoch.AddMilliseconds(raw.sqlite3_column_int64(statement, 3))));
                }
                if (code != raw.SQLITE_DONE) Check(db, code);
                result[name] = points;
            }
        }
        return result;
    }

    private static void Check(sqlite3 db, int code)
    {
        if (code != raw.SQLITE_OK) throw new SqliteException($"SQLite Error {code}: '{raw.sqlite3_errmsg(db).utf8_to_string()}' reading metric series", code);
    }
}
