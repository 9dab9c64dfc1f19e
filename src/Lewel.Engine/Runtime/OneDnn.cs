using System.Runtime.InteropServices;

namespace Lewel.Engine.Runtime;

/// <summary>libtorch's switch for its oneDNN (mkldnn) CPU kernels, PyTorch's <c>torch.backends.mkldnn.enabled</c>, which
/// TorchSharp does not expose: <c>at::globalContext().setUserEnabledMkldnn(bool)</c> called through the exported C++
/// symbols of <c>libtorch_cpu.so</c>. With oneDNN off, CPU convolutions take libtorch's own im2col + GEMM kernels.
/// <para>Why (libtorch 2.10, oneDNN 3.7.1, measured on an AVX-512 EPYC): a float32 3×3 convolution on a contiguous
/// NCHW input whose channels are not a multiple of oneDNN's block (16 with AVX-512 kernels, 8 with
/// <c>ONEDNN_MAX_CPU_ISA=AVX2</c>) returns a wrong input gradient (relative error 0.3–0.9 against unfold + matmul, and
/// a wrong output at e.g. 12, 20 or 28 channels) and now and then NaN, with 1 and 2 threads; channels-last inputs avoid
/// that but crash below 16 channels, and are wrong for some 1×1 stride-2 shapes above. So the engine runs NCHW and turns
/// oneDNN off for the process before the first CPU forward pass of a network whose channels are not all multiples of
/// the block (<see cref="Models.Backbones.CpuLayoutRule"/>, <see cref="DisableOnTheCpu"/>).</para></summary>
public static class OneDnn
{
    /// <summary><c>LEWEL_ONEDNN=on</c> keeps oneDNN on (benchmarks compare both; not for training you rely on).</summary>
    public const string KeepOnVariable = "LEWEL_ONEDNN";

    private static readonly Lock Gate = new();
    private static string? disabledBecause;
    private static volatile bool settled;

    /// <summary>Whether libtorch will use oneDNN kernels now; null when that cannot be read (libtorch not loaded, or
    /// a libtorch without the symbol).</summary>
    public static bool? Enabled
    {
        get
        {
            try
            {
                return TorchRuntime.Loaded ? Native.UserEnabledMkldnn(Native.GlobalContext()) : null;
            }
            catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
            {
                return null;
            }
        }
    }

    /// <summary>Why this process turned oneDNN off; null while it has not.</summary>
    public static string? DisabledBecause
    {
        get { lock (Gate) return disabledBecause; }
    }

    /// <summary>True once <see cref="DisableOnTheCpu"/> has decided, whatever it decided (off, kept on by
    /// <see cref="KeepOnVariable"/>, or no switch in this libtorch): a forward pass need not ask again.</summary>
    public static bool Settled => settled;

    /// <summary>Turns oneDNN off for the rest of the process (idempotent, thread-safe): called before the first CPU
    /// forward pass of a network whose channels oneDNN gets wrong. Other networks in the same process then also run
    /// without oneDNN (slower, still correct). False when the switch is unavailable.</summary>
    public static bool DisableOnTheCpu(string reason)
    {
        lock (Gate)
        {
            try { return TryDisable(reason); }
            finally { settled = true; }
        }
    }

    private static bool TryDisable(string reason)
    {
        if (disabledBecause is not null) return true;
        // For measuring what the rule costs, or a CPU whose oneDNN is known to be right: keep it on.
        if (Environment.GetEnvironmentVariable(KeepOnVariable) == "on") return false;
        try
        {
            TorchRuntime.EnsureLoaded();
            var context = Native.GlobalContext();
            Native.SetUserEnabledMkldnn(context, false);
            if (Native.UserEnabledMkldnn(context)) return false;
            // Without oneDNN, libtorch tries NNPACK next, which on CPUs it does not support warns on every
            // convolution ("Could not initialize NNPACK! Reason: Unsupported hardware") and falls back anyway.
            try { Native.SetUserEnabledNnpack(context, false); }
            catch (EntryPointNotFoundException) { }
            disabledBecause = reason;
            return true;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return false;
        }
    }

    private static class Native
    {
        private const string Library = "torch_cpu";

        [DllImport(Library, EntryPoint = "_ZN2at13globalContextEv")]
        public static extern IntPtr GlobalContext();

        [DllImport(Library, EntryPoint = "_ZN2at7Context20setUserEnabledMkldnnEb")]
        public static extern void SetUserEnabledMkldnn(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool enabled);

        [DllImport(Library, EntryPoint = "_ZN2at7Context20setUserEnabledNNPACKEb")]
        public static extern void SetUserEnabledNnpack(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool enabled);

        [DllImport(Library, EntryPoint = "_ZNK2at7Context17userEnabledMkldnnEv")]
        [return: MarshalAs(UnmanagedType.U1)]
        public static extern bool UserEnabledMkldnn(IntPtr context);
    }
}
