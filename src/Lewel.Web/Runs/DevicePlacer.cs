using Lewel.Engine.Config;
using Lewel.Engine.Runtime;

namespace Lewel.Web.Runs;

/// <summary>Resolves a run's device (auto → cuda:0 when a GPU exists, else cpu) and picks its queue: cuda devices go to
/// the gpu queue, everything else to the cpu queue.</summary>
public sealed class DevicePlacer
{
    public DevicePlacement Place(string? device, out ConfigError? error)
    {
        error = null;
        if (DeviceSelector.SyntaxError(device) is { } syntax)
        {
            error = new ConfigError("device", syntax);
            return new DevicePlacement("cpu", DevicePlacement.CpuQueue);
        }
        try
        {
            var resolved = DeviceSelector.Resolve(device).ToString();
            var queue = resolved.StartsWith("cuda", StringComparison.Ordinal) ? DevicePlacement.GpuQueue : DevicePlacement.CpuQueue;
            return new DevicePlacement(resolved, queue);
        }
        catch (DeviceUnavailableException e)
        {
            error = new ConfigError("device", e.Message);
            return new DevicePlacement("cpu", DevicePlacement.CpuQueue);
        }
    }
}
