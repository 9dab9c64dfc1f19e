using Microsoft.Extensions.Configuration;

namespace Lewel.Data;

/// <summary>Which database holds the store: <c>Lewel:Store:Provider</c> (<c>sqlite</c>, the default: the file
/// <c>{DataDir}/lewel.db</c>; or <c>postgres</c>) and, for PostgreSQL, <c>ConnectionStrings:Lewel</c>.</summary>
public sealed class StoreSettings
{
    public const string SectionName = "Lewel:Store";
    public const string ConnectionStringName = "Lewel";
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    public string Provider { get; set; } = Sqlite;

    /// <summary>Set from <c>ConnectionStrings:Lewel</c>; required for PostgreSQL, unused for SQLite.</summary>
    public string? ConnectionString { get; set; }

    public bool IsPostgres => string.Equals(Provider?.Trim(), Postgres, StringComparison.OrdinalIgnoreCase);

    public static StoreSettings SqliteDefault { get; } = new();

    /// <summary>Reads <c>Lewel:Store</c> and <c>ConnectionStrings:Lewel</c> (or their environment-variable forms,
    /// <c>Lewel__Store__Provider</c> and <c>ConnectionStrings__Lewel</c>) and validates them.</summary>
    public static StoreSettings FromConfiguration(IConfiguration configuration)
    {
        var settings = configuration.GetSection(SectionName).Get<StoreSettings>() ?? new StoreSettings();
        settings.ConnectionString = configuration.GetConnectionString(ConnectionStringName);
        return settings.Validate();
    }

    public static StoreSettings ForPostgres(string connectionString) => new() { Provider = Postgres, ConnectionString = connectionString };

    /// <summary>Throws <see cref="InvalidOperationException"/> naming the setting that is wrong.</summary>
    public StoreSettings Validate()
    {
        var provider = Provider?.Trim() ?? "";
        if (!string.Equals(provider, Sqlite, StringComparison.OrdinalIgnoreCase) && !IsPostgres)
            throw new InvalidOperationException($"Lewel:Store:Provider: '{Provider}' is not a store provider; use '{Sqlite}' or '{Postgres}'.");
        if (IsPostgres && string.IsNullOrWhiteSpace(ConnectionString))
            throw new InvalidOperationException(
                $"ConnectionStrings:Lewel is required when Lewel:Store:Provider is '{Postgres}' (e.g. Host=db;Database=lewel;Username=lewel;Password=...).");
        return this;
    }
}
