using System.Diagnostics;
using TorchSharp;

namespace Lewel.Bench.Engine;

/// <summary>Splits a step into phases: <see cref="Mark"/> charges the wall time and the process's CPU time (all threads)
/// since the last mark to a phase. On a GPU the device is synchronised at every mark, so a phase holds its own kernels.</summary>
public sealed class PhaseClock(torch.Device device) : IDisposable
{
    private readonly Stopwatch watch = new();
    private readonly Process self = Process.GetCurrentProcess();
    private readonly Dictionary<string, double> seconds = [];
    private readonly Dictionary<string, double> cpuSeconds = [];
    private TimeSpan last;
    private TimeSpan lastCpu;

    public IReadOnlyDictionary<string, double> Seconds => seconds;
    public IReadOnlyDictionary<string, double> CpuSeconds => cpuSeconds;

    public void Start()
    {
        Synchronize();
        seconds.Clear();
        cpuSeconds.Clear();
        lastCpu = Cpu();
        watch.Restart();
        last = TimeSpan.Zero;
    }

    public void Mark(string phase)
    {
        Synchronize();
        var now = watch.Elapsed;
        var nowCpu = Cpu();
        seconds[phase] = seconds.GetValueOrDefault(phase) + (now - last).TotalSeconds;
        cpuSeconds[phase] = cpuSeconds.GetValueOrDefault(phase) + (nowCpu - lastCpu).TotalSeconds;
        (last, lastCpu) = (now, nowCpu);
    }

    /// <summary>Moves <paramref name="wall"/> and <paramref name="cpu"/> seconds already charged to <paramref name="from"/>
    /// over to <paramref name="to"/>.</summary>
    public void Move(string from, string to, double wall, double cpu)
    {
        seconds[from] = seconds.GetValueOrDefault(from) - wall;
        seconds[to] = seconds.GetValueOrDefault(to) + wall;
        cpuSeconds[from] = cpuSeconds.GetValueOrDefault(from) - cpu;
        cpuSeconds[to] = cpuSeconds.GetValueOrDefault(to) + cpu;
    }

    public void Dispose() => self.Dispose();

    private TimeSpan Cpu()
    {
        self.Refresh();
        return self.TotalProcessorTime;
    }

    private void Synchronize()
    {
        if (device.type == DeviceType.CUDA) torch.cuda.synchronize(device);
    }
}
