using Lewel.Data.Entities;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Lewel.Data.Tests.TestSupport;

/// <summary>Writes runs into a database migrated only part of the way: the current model would insert columns a later
/// migration adds, so each run is inserted with the columns its table has at that point, converted as EF stores them.</summary>
public static class OlderSchema
{
    public static async Task InsertRunsAsync(LewelDbContext db, params Run[] runs)
    {
        var entity = db.Model.FindEntityType(typeof(Run))!;
        var table = entity.GetTableName()!;
        var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
        var existing = (await db.Database.SqlQueryRaw<string>("SELECT name AS Value FROM pragma_table_info(@table)", new SqliteParameter("@table", table)).ToListAsync()).ToHashSet();
        foreach (var run in runs)
        {
            var columns = new List<string>();
            var values = new List<object>();
            foreach (var property in entity.GetProperties())
            {
                if (property.IsPrimaryKey() || property.GetColumnName(store) is not { } column || !existing.Contains(column)) continue;
                var value = property.PropertyInfo?.GetValue(run) ?? property.FieldInfo?.GetValue(run);
                if (value is not null && (property.GetValueConverter() ?? property.GetTypeMapping().Converter) is { } converter)
                    value = converter.ConvertToProvider(value);
                columns.Add(column);
                values.Add(value switch
                {
                    null => DBNull.Value,
                    Guid guid => guid.ToString().ToUpperInvariant(), // as EF's SQLite provider stores a Guid
                    Enum e => Convert.ToInt64(e, System.Globalization.CultureInfo.InvariantCulture),
                    _ => value,
                });
            }
            var sql = $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", columns.Select((_, i) => $"@p{i}"))})";
            await db.Database.ExecuteSqlRawAsync(sql, values.Select((v, i) => new SqliteParameter($"@p{i}", v)));
        }
    }
}
