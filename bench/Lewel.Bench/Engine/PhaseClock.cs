using System.Diagnostics;
using TorchSharp;

namespace Lewel.Bench.Engine;

/// <summary>Splits a step into phases: <see cref="Mark"/> charges the time since the last mark to a phase. On a GPU the
/// device is synchronised at every mark, so a phase holds its own kernels.</summary>
public sealed class PhaseClock(torch.Device device)
{
    private readonly Stopwatch watch = new();
    private readonly Dictionary<string, double> seconds = [];
    private TimeSpan last;

    public IReadOnlyDictionary<string, double> Seconds => seconds;

    public void Start()
    {
        Synchronize();
        seconds.Clear();
        watch.Restart();
        last = TimeSpan.Zero;
    }

    public void Mark(string phase)
    {
        Synchronize();
        var now = watch.Elapsed;
        seconds[phase] = seconds.GetValueOrDefault(phase) + (now - last).TotalSeconds;
        last = now;
    }

    /// <summary>Moves <paramref name="amount"/> seconds already charged to <paramref name="from"/> over to <paramref name="to"/>.</summary>
    public void Move(string from, string to, double amount)
    {
        seconds[from] = seconds.GetValueOrDefault(from) - amount;
        seconds[to] = seconds.GetValueOrDefault(to) + amount;
    }

    private void Synchronize()
    {
        if (device.type == DeviceType.CUDA) torch.cuda.synchronize(device);
    }
}
