namespace Lewel.Engine.Models.Backbones;

/// <summary>Which memory layout a ResNet's activations get on the CPU, and when oneDNN must be off. Channels-last saves
/// ~8 % of a training step, but libtorch 2.10's oneDNN kernels corrupt memory on channels-last tensors with few channels:
/// forward + backward of conv3×3(c→c), ReLU, conv1×1(c→2c, stride 2) on a [8, c, 16, 16] channels-last input aborts
/// ("double free or corruption") or segfaults on an AVX-512 EPYC for c = 2–14 with 1 and 2 threads and passes for
/// c ≥ 16; with <c>ONEDNN_MAX_CPU_ISA=AVX2</c> it fails for c = 2–6 with 1 thread, and on an AVX2-only machine c = 4 with
/// 2 threads spins forever. 16 floats fill one AVX-512 register (8 one AVX2 register). Contiguous NCHW does not crash,
/// but its 3×3 kernels return wrong gradients whenever c is not a multiple of 16 (AVX-512) or 8 (AVX2), so NCHW is no
/// refuge with oneDNN on: channels-last (correct for every c ≥ 16 measured, 16–64) when every convolution after the
/// stem's 3-channel input has at least <see cref="MinChannels"/> channels; otherwise NCHW with oneDNN turned off
/// (<see cref="Runtime.OneDnn"/>). docs/training.md, "Memory layout on the CPU", has the measurements.</summary>
public static class CpuLayoutRule
{
    /// <summary>The fewest channels a convolution may have for the network to run channels-last on the CPU.</summary>
    public const int MinChannels = 16;

    /// <summary>The rule in one line, as <c>lewel doctor</c> prints it.</summary>
    public static string Description =>
        $"channels-last on the CPU only when the narrowest convolution after the stem input has >= {MinChannels} channels " +
        "(ResNet width 0.25 and up); narrower networks run NCHW with oneDNN turned off for the process";

    /// <summary>The fewest channels of any convolution after the stem's input: the stem's output planes, every stage's
    /// planes and their expansions (for a ResNet this is the stem, <c>Planes(64, width)</c>).</summary>
    public static int NarrowestConvolution(ResNetSpec spec, double width)
    {
        var narrowest = ResNetSpec.Planes(64, width);
        foreach (var baseChannels in new[] { 64, 128, 256, 512 })
            narrowest = Math.Min(narrowest, ResNetSpec.Planes(baseChannels, width));
        return Math.Min(narrowest, ResNetSpec.Planes(64, width) * spec.Expansion);
    }

    /// <summary>True when a network of this shape runs channels-last on the CPU.</summary>
    public static bool UsesChannelsLast(ResNetSpec spec, double width) => NarrowestConvolution(spec, width) >= MinChannels;
}
