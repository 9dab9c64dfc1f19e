using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Lewel.Data.Configurations;

/// <summary>SQLite keeps no time zone: every time is written as UTC and read back marked as UTC.</summary>
internal sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    v => v.Kind == DateTimeKind.Local ? v.ToUniversalTime() : v,
    v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
