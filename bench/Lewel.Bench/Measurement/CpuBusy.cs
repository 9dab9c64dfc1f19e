using System.Globalization;

namespace Lewel.Bench.Measurement;

/// <summary>How many cores the machine kept busy between two readings, in all and with other work alone: /proc/stat
/// counts every process's jiffies, /proc/self/stat this process's and those of its children it has waited for. Our
/// runs are this process and its children (a run's child process is waited for before the next reading), so the
/// difference is what everything else on the machine did meanwhile.</summary>
public static class CpuBusy
{
    /// <summary>The machine's and our jiffies now, or null off Linux.</summary>
    public static CpuTimes? Read()
    {
        const string machine = "/proc/stat", self = "/proc/self/stat";
        if (!File.Exists(machine) || !File.Exists(self)) return null;
        var (total, idle) = ParseMachine(File.ReadLines(machine).First());
        return new CpuTimes(total, idle, ParseOwn(File.ReadAllText(self)));
    }

    /// <summary>Parses <c>cpu user nice system idle iowait irq softirq steal …</c>: all jiffies and idle ones (idle +
    /// iowait).</summary>
    public static (long Total, long Idle) ParseMachine(string line)
    {
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 5 || fields[0] != "cpu") throw new FormatException($"not the aggregate line of /proc/stat: '{line}'");
        // guest and guest_nice (fields 9 and 10) are already counted in user and nice.
        var values = fields.Skip(1).Take(8).Select(Jiffies).ToArray();
        return (values.Sum(), values[3] + (values.Length > 4 ? values[4] : 0));
    }

    /// <summary>Parses /proc/[pid]/stat: utime + stime + cutime + cstime (fields 14–17; the command name in parentheses
    /// may hold spaces, so fields are counted after its closing parenthesis).</summary>
    public static long ParseOwn(string stat)
    {
        var close = stat.LastIndexOf(')');
        var fields = stat[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (close < 0 || fields.Length < 15) throw new FormatException($"not a /proc/[pid]/stat line: '{stat}'");
        return fields.Skip(11).Take(4).Sum(Jiffies); // fields[0] is field 3 (state), so field 14 is fields[11]
    }

    private static long Jiffies(string field) => long.Parse(field, NumberStyles.None, CultureInfo.InvariantCulture);

    /// <summary>Busy cores between two readings, all work: the busy fraction of all jiffies times the number of cores.</summary>
    public static double Cores(CpuTimes before, CpuTimes after, int processorCount) => Fraction(before, after, ownToo: true) * processorCount;

    /// <summary>Busy cores between two readings with the jiffies of this process and its waited-for children left out.</summary>
    public static double OtherCores(CpuTimes before, CpuTimes after, int processorCount) =>
        Math.Max(0, Fraction(before, after, ownToo: false) * processorCount);

    private static double Fraction(CpuTimes before, CpuTimes after, bool ownToo)
    {
        var total = after.Total - before.Total;
        var busy = total - (after.Idle - before.Idle) - (ownToo ? 0 : after.Own - before.Own);
        return total <= 0 ? double.NaN : (double)busy / total;
    }

    /// <summary>Cores other work kept busy over the next <paramref name="span"/> (NaN off Linux).</summary>
    public static double SampleOthers(TimeSpan span)
    {
        var before = Read();
        Thread.Sleep(span);
        var after = Read();
        return before is null || after is null ? double.NaN : OtherCores(before, after, Environment.ProcessorCount);
    }
}

/// <summary>Jiffies since boot: over all cores in total and idle, and those of this process and its waited-for
/// children.</summary>
public sealed record CpuTimes(long Total, long Idle, long Own);
