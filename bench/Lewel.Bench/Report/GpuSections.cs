using System.Text;
using Lewel.Bench.Reference;
using static Lewel.Bench.Report.MarkdownTable;

namespace Lewel.Bench.Report;

/// <summary>The GPU anchor (PyTorch reference on the GPU machine) and the TorchSharp-on-GPU attempt, both read from the
/// files bench/reference/gpu_check.sh wrote (bench/results/gpu/).</summary>
public static class GpuSections
{
    public const string AnchorName = "gpu-anchor";
    public const string TorchSharpName = "gpu-torchsharp";

    private static readonly IReadOnlyList<string> PhaseHeaders =
        ["data", "augment", "online fwd", "target fwd", "loss", "backward", "optimiser", "EMA"];

    public static string RenderAnchor(string gpuDir)
    {
        var path = Path.Combine(gpuDir, "reference.jsonl");
        if (!File.Exists(path)) return "Not measured yet: see `bench/reference/gpu_check.sh`.";
        var lines = ReferenceLine.ReadAll(path);
        var ok = lines.Where(l => l.Error is null).ToList();
        var text = new StringBuilder();
        var devices = string.Join(", ", ok.Select(l => l.Device).Distinct());
        var torch = string.Join(", ", ok.Select(l => l.Torch).Distinct());
        text.AppendLine($"{devices}, PyTorch {torch}; from `bench/results/gpu/reference.jsonl` (command: `bench/reference/gpu_check.sh`, " +
                        "`$OUT` copied to `bench/results/gpu/`). Synchronised = the device is synchronised at every phase " +
                        "boundary (the phase columns); free-running = the same steps with one synchronisation at the end.\n");
        text.Append(MarkdownTable.Render(
            ["run", "method", "backbone", "px", "batch", "precision", "images/s synchronised", "images/s free-running", "ms/step",
             .. PhaseHeaders.Select(h => h + " ms"), "peak GPU MiB", "loss first → last"],
            ok.Select(l => (IReadOnlyList<string>)
            [
                l.Label, l.Method, $"{l.Arch} ×{Num(l.Width)}", l.ImageSize.ToString(), l.Batch.ToString(),
                l.Amp == "none" ? "fp32 (TF32 conv)" : l.Amp + (l.ChannelsLast ? ", channels-last" : ""),
                Num(l.ImagesPerS, 4), l.NosyncImagesPerS is { } n ? Num(n, 4) : "—", Ms(l.MedianStepS),
                .. Measurement.Phases.All.Select(p => l.PhasesMedianS.TryGetValue(p, out var s) ? Ms(s) : "—"),
                l.CudaPeakAllocatedMb is { } mb ? Num(mb, 4) : "—", $"{Num(l.LossFirst)} → {Num(l.LossLast)}",
            ])));
        foreach (var failed in lines.Where(l => l.Error is not null))
            text.AppendLine($"- {failed.Label} {failed.Method}: {failed.Error}");
        return text.ToString();
    }

    public static string RenderTorchSharp(string gpuDir)
    {
        var path = Path.Combine(gpuDir, "torchprobe.txt");
        if (!File.Exists(path)) return "Not attempted yet: see `bench/reference/gpu_check.sh`.";
        var keep = File.ReadLines(path)
            .Where(l => l.StartsWith("[ok]", StringComparison.Ordinal) || l.StartsWith("[fail]", StringComparison.Ordinal) ||
                        l.StartsWith("RESULT", StringComparison.Ordinal) || l.StartsWith("TorchProbe:", StringComparison.Ordinal) ||
                        l.StartsWith("undefined symbols", StringComparison.Ordinal) || l.StartsWith("exit code", StringComparison.Ordinal) ||
                        l.Contains("GLIBCXX_3.4.32  Flags", StringComparison.Ordinal));
        return "Verbatim from `bench/results/gpu/torchprobe.txt` (full output there):\n\n```text\n" + string.Join("\n", keep) + "\n```\n";
    }
}
