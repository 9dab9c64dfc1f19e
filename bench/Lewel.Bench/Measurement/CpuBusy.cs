using System.Globalization;

namespace Lewel.Bench.Measurement;

/// <summary>How many cores the whole machine kept busy between two readings of /proc/stat (all processes, ours included):
/// a sample taken while nothing of ours runs shows what other work is doing, one taken over a measurement how much
/// more than the measurement itself ran.</summary>
public static class CpuBusy
{
    /// <summary>The first line of /proc/stat (aggregate jiffies), or null off Linux.</summary>
    public static CpuTimes? Read()
    {
        const string path = "/proc/stat";
        return File.Exists(path) ? Parse(File.ReadLines(path).First()) : null;
    }

    /// <summary>Parses <c>cpu user nice system idle iowait irq softirq steal …</c>; idle time is idle + iowait.</summary>
    public static CpuTimes Parse(string line)
    {
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 5 || fields[0] != "cpu") throw new FormatException($"not the aggregate line of /proc/stat: '{line}'");
        // guest and guest_nice (fields 9 and 10) are already counted in user and nice.
        var values = fields.Skip(1).Take(8).Select(f => long.Parse(f, NumberStyles.None, CultureInfo.InvariantCulture)).ToArray();
        var idle = values[3] + (values.Length > 4 ? values[4] : 0);
        return new CpuTimes(values.Sum(), idle);
    }

    /// <summary>Busy cores between two readings: the busy fraction of all jiffies times the number of cores.</summary>
    public static double Cores(CpuTimes before, CpuTimes after, int processorCount)
    {
        var total = after.Total - before.Total;
        return total <= 0 ? double.NaN : (double)(total - (after.Idle - before.Idle)) / total * processorCount;
    }

    /// <summary>Busy cores over the next <paramref name="span"/> (NaN off Linux).</summary>
    public static double Sample(TimeSpan span)
    {
        var before = Read();
        Thread.Sleep(span);
        var after = Read();
        return before is null || after is null ? double.NaN : Cores(before, after, Environment.ProcessorCount);
    }
}

/// <summary>Jiffies since boot over all cores: in total and idle.</summary>
public sealed record CpuTimes(long Total, long Idle);
