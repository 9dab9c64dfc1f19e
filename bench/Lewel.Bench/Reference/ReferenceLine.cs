using System.Text.Json;

namespace Lewel.Bench.Reference;

/// <summary>One JSON line printed by bench/reference/bench_step.py (snake_case keys).</summary>
public sealed record ReferenceLine
{
    public string Reference { get; init; } = "";
    public string Torch { get; init; } = "";
    public string Device { get; init; } = "";
    /// <summary>The BLAS library the reference process loaded (null where it could not tell).</summary>
    public string? Blas { get; init; }
    public string Label { get; init; } = "";
    public string Method { get; init; } = "";
    public string Arch { get; init; } = "";
    public double Width { get; init; }
    public string Stem { get; init; } = "";
    public int StemPadding { get; init; } = 1;
    public int ProjHidden { get; init; } = 4096;
    public int PredHidden { get; init; } = 4096;
    public int Dim { get; init; } = 256;
    public int NumHeads { get; init; } = 4;
    public int ImageSize { get; init; }
    public int Batch { get; init; }
    public int Steps { get; init; }
    public int Warmup { get; init; }
    public int Threads { get; init; }
    public string Amp { get; init; } = "none";
    public bool ChannelsLast { get; init; }
    public double MedianStepS { get; init; }
    public double MeanStepS { get; init; }
    public double ImagesPerS { get; init; }
    public double? MedianCpuS { get; init; }
    public Dictionary<string, double> PhasesMedianS { get; init; } = [];
    public Dictionary<string, double> PhasesCpuMedianS { get; init; } = [];
    public double LossFirst { get; init; }
    public double LossLast { get; init; }
    public double PeakRssMb { get; init; }
    public double? CudaPeakAllocatedMb { get; init; }
    public double? NosyncImagesPerS { get; init; }
    public double? NosyncStepS { get; init; }
    public string? Error { get; init; }

    public static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static ReferenceLine Parse(string line) =>
        JsonSerializer.Deserialize<ReferenceLine>(line, Json) ?? throw new FormatException($"not a reference result: {line}");

    /// <summary>Every non-empty line of a JSON-lines file.</summary>
    public static IReadOnlyList<ReferenceLine> ReadAll(string path) =>
        File.ReadLines(path).Where(l => !string.IsNullOrWhiteSpace(l)).Select(Parse).ToList();
}
