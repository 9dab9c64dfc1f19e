using TorchSharp;

namespace Lewel.Engine.Runtime;

/// <summary>Turns a user's device string (auto, cpu, cuda, cuda:N) into a torch device, with a clear error when the
/// machine cannot provide it.</summary>
public static class DeviceSelector
{
    public static readonly IReadOnlyList<string> Examples = ["auto", "cpu", "cuda", "cuda:0"];

    public static torch.Device Resolve(string? spec)
    {
        var text = string.IsNullOrWhiteSpace(spec) ? "auto" : spec.Trim().ToLowerInvariant();
        if (text == "auto")
            return TorchRuntime.CudaAvailable ? new torch.Device(DeviceType.CUDA, 0) : torch.CPU;
        if (text == "cpu")
            return torch.CPU;
        if (text == "cuda" || text.StartsWith("cuda:", StringComparison.Ordinal))
        {
            var index = 0;
            if (text.Length > 4 && (!int.TryParse(text.AsSpan(5), out index) || index < 0))
                throw new DeviceUnavailableException($"Device '{spec}' is not valid: expected cuda:N with N a GPU index (0, 1, ...).");
            if (!TorchRuntime.CudaAvailable)
                throw new DeviceUnavailableException(
                    $"Device '{spec}' was requested but CUDA is not available here ({TorchRuntime.BackendDescription}). " +
                    "Use --device cpu or auto, or build with -p:TorchBackend=cuda on a machine with an NVIDIA GPU.");
            var count = TorchRuntime.CudaDeviceCount;
            if (index >= count)
                throw new DeviceUnavailableException($"Device '{spec}' was requested but only {count} CUDA device(s) exist (cuda:0..cuda:{count - 1}).");
            return new torch.Device(DeviceType.CUDA, index);
        }
        throw new DeviceUnavailableException($"Device '{spec}' is not valid: use one of {string.Join(", ", Examples)} (or cuda:N).");
    }

    /// <summary>Checks the syntax only (no torch call), for validating configs before any work.</summary>
    public static string? SyntaxError(string? spec)
    {
        var text = string.IsNullOrWhiteSpace(spec) ? "auto" : spec.Trim().ToLowerInvariant();
        if (text is "auto" or "cpu" or "cuda") return null;
        if (text.StartsWith("cuda:", StringComparison.Ordinal) && int.TryParse(text.AsSpan(5), out var i) && i >= 0) return null;
        return $"'{spec}' is not a device: use auto, cpu, cuda or cuda:N";
    }
}

public sealed class DeviceUnavailableException(string message) : Exception(message);
