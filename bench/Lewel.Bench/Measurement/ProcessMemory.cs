namespace Lewel.Bench.Measurement;

/// <summary>Resident memory of this process from /proc/self/status (Linux): current (VmRSS) and peak (VmHWM), in MiB.</summary>
public static class ProcessMemory
{
    public static double CurrentRssMb => Read("VmRSS:");

    public static double PeakRssMb => Read("VmHWM:");

    private static double Read(string key)
    {
        const string path = "/proc/self/status";
        if (!File.Exists(path)) return double.NaN;
        foreach (var line in File.ReadLines(path))
            if (line.StartsWith(key, StringComparison.Ordinal))
                return long.Parse(line[key.Length..].Trim().Split(' ')[0]) / 1024.0;
        return double.NaN;
    }
}
