namespace Lewel.Engine.Models.Backbones;

/// <summary>How a ResNet computes on the CPU: NCHW activations with libtorch's oneDNN kernels turned off for the
/// process (<see cref="Runtime.OneDnn"/>), at every width. libtorch 2.10's oneDNN (3.7.1) is not safe for the shapes a
/// ResNet meets, measured on a 2-core AMD EPYC with AVX-512 and with <c>ONEDNN_MAX_CPU_ISA=AVX2</c>: channels-last
/// inputs with fewer than 16 channels corrupt memory (SIGABRT "double free or corruption", SIGSEGV) or spin forever;
/// NCHW 3×3 kernels return input gradients off by 30–90 % whenever the channels are not a multiple of the ISA's block;
/// and channels-last 1×1 stride-2 shortcuts are wrong for some shapes of 16 channels and more (256→512 in ResNet-18
/// width 1 at 16 px), so the backbone's float64 gradient check failed at widths 0.3, 0.75 and 1 with oneDNN on. With
/// oneDNN off every one of those cases is right. docs/training.md, "Memory layout on the CPU", has the measurements
/// and what the rule costs in speed.</summary>
public static class CpuLayoutRule
{
    /// <summary>The rule in one line, as <c>lewel doctor</c> prints it.</summary>
    public static string Description =>
        "NCHW with libtorch's oneDNN kernels off on the CPU, at every width (oneDNN 3.7.1 computes wrong gradients or " +
        "corrupts memory for common ResNet shapes); GPUs are unaffected";

    /// <summary>Why the engine turned oneDNN off, as the process records it.</summary>
    public static string Reason(ResNetSpec spec, double width) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{spec.Id} at width {width} on the CPU: {Description}");
}
