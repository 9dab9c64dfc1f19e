using System.Reflection;
using System.Runtime.InteropServices;
using TorchSharp;

namespace Lewel.Engine.Runtime;

/// <summary>Loads libtorch once and explains, in plain words, why it did not load.</summary>
public static class TorchRuntime
{
    private static readonly Lazy<LoadResult> Load = new(TryLoad);

    public static bool Loaded => Load.Value.Ok;

    /// <summary>Null when loaded; otherwise what went wrong and what to do about it.</summary>
    public static string? Diagnosis => Load.Value.Diagnosis;

    public static bool CudaAvailable => Loaded && torch.cuda.is_available();

    public static int CudaDeviceCount => CudaAvailable ? torch.cuda.device_count() : 0;

    public static string TorchSharpVersion =>
        typeof(torch).Assembly.GetName().Version?.ToString(3) ?? "unknown";

    /// <summary>The NuGet package that brings libtorch in this build and its version, e.g.
    /// <c>libtorch-cpu-linux-x64 2.10.0</c> (from Directory.Packages.props, carried as assembly metadata).</summary>
    public static string LibTorchPackage =>
        typeof(TorchRuntime).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "LibTorchPackage")?.Value ?? "unknown";

    /// <summary>The libtorch version TorchSharp was compiled against (<c>torch.__version__</c>, e.g. 2.10.0.0).</summary>
    public static string LibTorchVersionExpected => torch.__version__;

    /// <summary>The file libtorch's CPU library was loaded from, read from <c>/proc/self/maps</c>; null before it
    /// loaded or where that cannot be read.</summary>
    public static string? LoadedLibTorchFile
    {
        get
        {
            if (!Loaded) return null;
            try
            {
                return File.ReadLines("/proc/self/maps")
                    .Select(l => l.IndexOf('/') is var i and >= 0 ? l[i..] : null)
                    .FirstOrDefault(p => p is not null && Path.GetFileName(p) == "libtorch_cpu.so");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return null;
            }
        }
    }

    public static string BackendDescription =>
        Loaded ? (torch.cuda.is_available() ? "libtorch with CUDA" : "CPU-only libtorch") : "libtorch not loaded";

    /// <summary>Throws a <see cref="TorchUnavailableException"/> with the diagnosis when libtorch cannot load.</summary>
    public static void EnsureLoaded()
    {
        if (!Loaded) throw new TorchUnavailableException(Diagnosis!);
    }

    private sealed record LoadResult(bool Ok, string? Diagnosis);

    private static LoadResult TryLoad()
    {
        try
        {
            PatchShimIfNeeded();
            torch.InitializeDeviceType(DeviceType.CPU);
            using var probe = torch.ones(2, 2).matmul(torch.ones(2, 2));
            return new LoadResult(true, null);
        }
        catch (Exception e)
        {
            return new LoadResult(false, Explain(e));
        }
    }

    private static string Explain(Exception e)
    {
        var inner = e;
        while (inner.InnerException is not null) inner = inner.InnerException;
        var text = $"{e.GetType().Name}: {e.Message}" + (inner != e ? $" (inner: {inner.Message})" : "");
        var shim = Path.Combine(AppContext.BaseDirectory, "libLibTorchSharp.so");
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Linux) && File.Exists(shim) && NeedsStrongGlibcxx332(shim))
            text += "\nDiagnosis: libLibTorchSharp.so requires GLIBCXX_3.4.32 (GCC 13's libstdc++), which this system lacks. " +
                    "Rebuild with `dotnet build` so the build step marks that requirement weak (build/TorchSharpNativeFix.targets).";
        else if (!File.Exists(Path.Combine(AppContext.BaseDirectory, "libtorch_cpu.so")) && !File.Exists(Path.Combine(AppContext.BaseDirectory, "libtorch.so")))
            text += "\nDiagnosis: no libtorch next to the application. With -p:TorchBackend=external, put libtorch 2.10.x " +
                    "(cxx11 ABI) on LD_LIBRARY_PATH; otherwise build with the default cpu backend.";
        return text;
    }

    /// <summary>Marks the shim's GLIBCXX_3.4.32 requirement weak before the first torch call, for outputs that were not
    /// produced by our build (e.g. copied by hand). Harmless when already patched or not writable.</summary>
    private static void PatchShimIfNeeded()
    {
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux)) return;
        var shim = Path.Combine(AppContext.BaseDirectory, "libLibTorchSharp.so");
        try
        {
            ElfVersionNeeds.WeakenFile(shim, "GLIBCXX_3.4.32");
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    /// <summary>True when the ELF file still carries a non-weak GLIBCXX_3.4.32 version requirement.</summary>
    internal static bool NeedsStrongGlibcxx332(string path) => ElfVersionNeeds.HasStrongRequirement(File.ReadAllBytes(path), "GLIBCXX_3.4.32");
}

public sealed class TorchUnavailableException(string message) : Exception(message);
