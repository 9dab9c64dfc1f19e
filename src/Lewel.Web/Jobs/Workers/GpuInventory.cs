using System.Diagnostics;
using System.Globalization;

namespace Lewel.Web.Jobs.Workers;

public sealed record GpuInfo(int Index, string Name, long MemoryMiB);

/// <summary>The GPUs this host may give its runs.</summary>
public interface IGpuInventory
{
    IReadOnlyList<GpuInfo> Gpus { get; }
}

/// <summary>The machine's GPUs as <see cref="GpuInventory.Detect"/> finds them, asked once.</summary>
public sealed class NvidiaSmiGpuInventory : IGpuInventory
{
    private readonly Lazy<IReadOnlyList<GpuInfo>> gpus = new(GpuInventory.Detect);

    public IReadOnlyList<GpuInfo> Gpus => gpus.Value;
}

/// <summary>The GPUs of this machine as <c>nvidia-smi</c> reports them (index, name, total memory). No nvidia-smi, or
/// one that fails or does not answer within a few seconds, means no GPU: the worker then serves the cpu queue only.</summary>
public static class GpuInventory
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public static IReadOnlyList<GpuInfo> Detect()
    {
        try
        {
            var start = new ProcessStartInfo("nvidia-smi", "--query-gpu=index,name,memory.total --format=csv,noheader,nounits")
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            };
            using var process = Process.Start(start);
            if (process is null) return [];
            var output = process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit(Timeout))
            {
                process.Kill(entireProcessTree: true);
                return [];
            }
            return process.ExitCode == 0 && output.Wait(Timeout) ? Parse(output.Result) : [];
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return []; // not installed
        }
    }

    /// <summary>Parses <c>nvidia-smi --format=csv,noheader,nounits</c> lines: <c>0, NVIDIA H200, 143771</c>.</summary>
    public static IReadOnlyList<GpuInfo> Parse(string csv)
    {
        var gpus = new List<GpuInfo>();
        foreach (var line in csv.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var fields = line.Split(',', StringSplitOptions.TrimEntries);
            if (fields.Length >= 3 && int.TryParse(fields[0], CultureInfo.InvariantCulture, out var index)
                && long.TryParse(fields[^1], CultureInfo.InvariantCulture, out var memory))
                gpus.Add(new GpuInfo(index, string.Join(", ", fields[1..^1]), memory));
        }
        return gpus;
    }
}
