using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Lewel.Engine.Runtime;

/// <summary>The memory a device has for a run: the process's memory limit on the CPU (the machine's RAM, or its
/// container's limit), the GPU's total memory as <c>nvidia-smi</c> reports it for <c>cuda:N</c>. Null when it cannot be
/// told (no nvidia-smi); then nothing is refused for memory.</summary>
public static class DeviceMemory
{
    private static readonly ConcurrentDictionary<int, long?> GpuTotals = new();

    public static long? TotalBytes(string device)
    {
        if (device == "cpu") return GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        if (!device.StartsWith("cuda", StringComparison.Ordinal)) return null;
        var index = device.Length > 5 && int.TryParse(device.AsSpan(5), out var i) ? i : 0;
        return GpuTotals.GetOrAdd(index, QueryGpu);
    }

    private static long? QueryGpu(int index)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("nvidia-smi", ["--query-gpu=memory.total", "--format=csv,noheader,nounits", "-i", index.ToString(CultureInfo.InvariantCulture)])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            });
            if (process is null) return null;
            var output = process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                process.Kill();
                return null;
            }
            return process.ExitCode == 0 && double.TryParse(output.Result.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var mib)
                ? (long)(mib * 1024 * 1024) : null;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
        {
            return null;
        }
    }
}
