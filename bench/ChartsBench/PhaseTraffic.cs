using System.Diagnostics;

namespace ChartsBench;

/// <summary>WebSocket bytes and wall time per phase of a measurement.</summary>
public sealed class PhaseTraffic
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, (long Received, long Sent, long Frames, double Seconds)> phases = [];
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private string current = "load";
    private double phaseStart;

    public void Begin(string phase)
    {
        lock (gate)
        {
            Close();
            (current, phaseStart) = (phase, clock.Elapsed.TotalSeconds);
        }
    }

    public void Received(int bytes) => Add(bytes, 0);

    public void Sent(int bytes) => Add(0, bytes);

    public (long Received, long Sent, long Frames, double Seconds) Of(string phase)
    {
        lock (gate) return phases.GetValueOrDefault(phase);
    }

    private void Add(int received, int sent)
    {
        lock (gate)
        {
            var p = phases.GetValueOrDefault(current);
            phases[current] = (p.Received + received, p.Sent + sent, p.Frames + 1, p.Seconds);
        }
    }

    private void Close()
    {
        var p = phases.GetValueOrDefault(current);
        phases[current] = (p.Received, p.Sent, p.Frames, p.Seconds + clock.Elapsed.TotalSeconds - phaseStart);
    }
}
