namespace Lewel.Engine.Models.Backbones;

/// <summary>How a ResNet computes on the CPU: NCHW activations at every width, with libtorch's oneDNN kernels kept on
/// only when every convolution after the image input has a multiple of <see cref="OneDnnBlock"/> channels; any other
/// network turns oneDNN off for its process (<see cref="Runtime.OneDnn"/>) and takes libtorch's own kernels (correct,
/// about 3× slower at width 1). Measured with libtorch 2.10 (oneDNN 3.7.1) on a 2-core AMD EPYC with AVX-512 and with
/// <c>ONEDNN_MAX_CPU_ISA=AVX2</c>: channels-last inputs with fewer than 16 channels corrupt memory (SIGABRT "double
/// free or corruption", SIGSEGV) or spin forever, and channels-last 1×1 stride-2 shortcuts are wrong for some shapes
/// of 16 channels and more (256→512, 19→38); NCHW 3×3 kernels return input gradients off by 30–90 % whenever the
/// channels are not a multiple of the ISA's block (16 with AVX-512, 8 with AVX2) and are right when they are. So
/// ResNet-18/50 at widths 0.25, 0.5 and 1 (16-channel multiples) keep oneDNN; widths such as 1/16, 1/8 or 0.3 turn it
/// off. docs/training.md, "Memory layout on the CPU", has the measurements.</summary>
public static class CpuLayoutRule
{
    /// <summary>oneDNN's widest channel block (AVX-512: 16 floats; AVX2's 8 divides it).</summary>
    public const int OneDnnBlock = 16;

    /// <summary>The rule in one line, as <c>lewel doctor</c> prints it.</summary>
    public static string Description =>
        $"NCHW on the CPU; oneDNN kernels only when every convolution has a multiple of {OneDnnBlock} channels " +
        "(ResNet widths 0.25, 0.5, 1), otherwise off for the process (oneDNN 3.7.1 computes wrong gradients there)";

    /// <summary>The channel counts of every convolution after the image input: the stem's output, each stage's planes
    /// and, for bottlenecks, their expansion.</summary>
    public static IEnumerable<int> ConvolutionChannels(ResNetSpec spec, double width)
    {
        foreach (var baseChannels in new[] { 64, 128, 256, 512 })
        {
            var planes = ResNetSpec.Planes(baseChannels, width);
            yield return planes;
            if (spec.Bottleneck) yield return planes * spec.Expansion;
        }
    }

    /// <summary>True when oneDNN computes this network right on the CPU (every channel count a multiple of the block).</summary>
    public static bool KeepsOneDnn(ResNetSpec spec, double width) => ConvolutionChannels(spec, width).All(c => c % OneDnnBlock == 0);

    /// <summary>Why the engine turned oneDNN off, as the process records it.</summary>
    public static string Reason(ResNetSpec spec, double width) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{spec.Id} at width {width} has convolutions of {string.Join("/", ConvolutionChannels(spec, width).Distinct())} channels, " +
            $"not all multiples of {OneDnnBlock}: oneDNN 3.7.1 computes wrong gradients for them on the CPU");
}
