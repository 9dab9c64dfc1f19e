using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Lewel.Data.Configurations;

/// <summary>Stores a UTC <see cref="DateTime"/> as Unix milliseconds.</summary>
internal sealed class UnixMillisecondsConverter() : ValueConverter<DateTime, long>(
    v => ToUnixMilliseconds(v),
    v => FromUnixMilliseconds(v))
{
    public static readonly UnixMillisecondsConverter Instance = new();

    public static long ToUnixMilliseconds(DateTime time) =>
        (long)(DateTime.SpecifyKind(time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : time, DateTimeKind.Utc)
            - DateTime.UnixEpoch).TotalMilliseconds;

    public static DateTime FromUnixMilliseconds(long milliseconds) => DateTime.UnixEpoch.AddMilliseconds(milliseconds);
}
