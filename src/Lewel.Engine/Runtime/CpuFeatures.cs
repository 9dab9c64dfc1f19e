namespace Lewel.Engine.Runtime;

/// <summary>The CPU instruction sets that decide which oneDNN kernels libtorch runs (AVX2, AVX-512, AMX), read from the
/// <c>flags</c> line of <c>/proc/cpuinfo</c>, and the environment variables that cap them.</summary>
public sealed record CpuFeatures(string? Model, IReadOnlySet<string> Flags)
{
    /// <summary>The AVX-512 subsets oneDNN's kernels are chosen by, as cpuinfo names them and as printed.</summary>
    public static readonly IReadOnlyList<(string Flag, string Name)> Avx512Subsets =
    [
        ("avx512f", "f"), ("avx512bw", "bw"), ("avx512vl", "vl"), ("avx512dq", "dq"), ("avx512_vnni", "vnni"), ("avx512_bf16", "bf16"),
    ];

    public static readonly IReadOnlyList<(string Flag, string Name)> AmxSubsets = [("amx_tile", "tile"), ("amx_bf16", "bf16"), ("amx_int8", "int8")];

    /// <summary>Environment variables that cap the instruction sets: oneDNN's (two spellings) and ATen's own kernels'.</summary>
    public static readonly IReadOnlyList<string> OverrideVariables = ["ONEDNN_MAX_CPU_ISA", "DNNL_MAX_CPU_ISA", "ATEN_CPU_CAPABILITY"];

    private static readonly Lazy<CpuFeatures> Machine = new(Read);

    public static CpuFeatures Empty { get; } = new(null, new HashSet<string>());

    /// <summary>This machine's features (empty where <c>/proc/cpuinfo</c> cannot be read).</summary>
    public static CpuFeatures Current => Machine.Value;

    public bool Avx2 => Flags.Contains("avx2");

    /// <summary>The AVX-512 subsets present (f, bw, vl, dq, vnni, bf16), in that order.</summary>
    public IReadOnlyList<string> Avx512 => [.. Avx512Subsets.Where(s => Flags.Contains(s.Flag)).Select(s => s.Name)];

    public IReadOnlyList<string> Amx => [.. AmxSubsets.Where(s => Flags.Contains(s.Flag)).Select(s => s.Name)];

    /// <summary>The widest oneDNN CPU ISA these flags allow (oneDNN's names; before any cap): avx512_core needs f, bw,
    /// vl and dq.</summary>
    public string OneDnnIsa
    {
        get
        {
            var avx512Core = new[] { "avx512f", "avx512bw", "avx512vl", "avx512dq" }.All(Flags.Contains);
            if (avx512Core && Flags.Contains("amx_tile") && Flags.Contains("amx_bf16")) return "avx512_core_amx";
            if (avx512Core && Flags.Contains("avx512_bf16")) return "avx512_core_bf16";
            if (avx512Core && Flags.Contains("avx512_vnni")) return "avx512_core_vnni";
            if (avx512Core) return "avx512_core";
            if (Avx2 && Flags.Contains("avx_vnni")) return "avx2_vnni";
            if (Avx2) return "avx2";
            return Flags.Contains("sse4_1") ? "sse41" : "none of oneDNN's x64 ISAs";
        }
    }

    /// <summary>One line: <c>AVX2 yes; AVX-512 f bw vl dq vnni bf16; AMX none</c>.</summary>
    public string Describe() =>
        Flags.Count == 0
            ? "unknown (no flags line in /proc/cpuinfo)"
            : $"AVX2 {(Avx2 ? "yes" : "no")}; AVX-512 {Listed(Avx512)}; AMX {Listed(Amx)}";

    /// <summary>The ISA caps set in the environment, e.g. <c>ONEDNN_MAX_CPU_ISA=AVX2</c>; empty when none.</summary>
    public static IReadOnlyList<string> Overrides(Func<string, string?> environment) =>
        [.. OverrideVariables.Select(v => (v, Value: environment(v))).Where(p => !string.IsNullOrEmpty(p.Value)).Select(p => $"{p.v}={p.Value}")];

    /// <summary>Parses the text of <c>/proc/cpuinfo</c>: the first <c>model name</c> and the first <c>flags</c> line
    /// (every core lists the same).</summary>
    public static CpuFeatures Parse(string cpuinfo)
    {
        string? model = null;
        HashSet<string>? flags = null;
        foreach (var line in cpuinfo.Split('\n'))
        {
            var colon = line.IndexOf(':');
            if (colon < 0) continue;
            var key = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            if (model is null && key == "model name") model = value;
            else if (flags is null && key == "flags")
                flags = new HashSet<string>(value.Split(' ', StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);
            if (model is not null && flags is not null) break;
        }
        return new CpuFeatures(model, flags ?? new HashSet<string>());
    }

    private static string Listed(IReadOnlyList<string> names) => names.Count == 0 ? "none" : string.Join(' ', names);

    private static CpuFeatures Read()
    {
        try
        {
            return File.Exists("/proc/cpuinfo") ? Parse(File.ReadAllText("/proc/cpuinfo")) : Empty;
        }
        catch (IOException)
        {
            return Empty;
        }
        catch (UnauthorizedAccessException)
        {
            return Empty;
        }
    }
}
