using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Lewel.Data.Configurations;

/// <summary>SQLite keeps no time zone: every time is written as UTC and read back marked as UTC. An unmarked time is
/// taken as UTC (PostgreSQL's timestamptz refuses one that is not marked).</summary>
internal sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    v => v.Kind == DateTimeKind.Local ? v.ToUniversalTime() : DateTime.SpecifyKind(v, DateTimeKind.Utc),
    v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
