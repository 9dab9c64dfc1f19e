using Lewel.Bench.Reference;
using Lewel.Bench.Report;

namespace Lewel.Bench.Benchmarks;

/// <summary><c>report</c>: rewrites the generated tables of BENCHMARKS.md from bench/results/.</summary>
public static class ReportBenchmark
{
    public static int Run(string[] argv)
    {
        if (argv.Length > 0) throw new ArgumentException($"report takes no options, got '{string.Join(' ', argv)}'");
        var path = Path.Combine(ResultsFile.RepoRoot, "BENCHMARKS.md");
        var gpuDir = Path.Combine(ResultsFile.Directory, "gpu");
        var markdown = File.Exists(path) ? File.ReadAllText(path) : "# Benchmarks\n";
        markdown = MarkdownSections.Replace(markdown, CompareSection.Name, CompareSection.Render(ResultsFile.Read<CompareResults>("compare")));
        markdown = MarkdownSections.Replace(markdown, TrainSection.Name, TrainSection.Render(ResultsFile.Read<TrainResults>("train"), ResultsFile.Read<CompareResults>("compare")));
        markdown = MarkdownSections.Replace(markdown, ScalingSection.Name, ScalingSection.Render(ResultsFile.Read<ScalingResults>("scaling")));
        markdown = MarkdownSections.Replace(markdown, ProcessBoundarySection.Name,
            ProcessBoundarySection.Render(ResultsFile.Read<ProcessBoundaryResults>(ProcessBoundaryBenchmark.Name)));
        markdown = MarkdownSections.Replace(markdown, GpuSections.AnchorName, GpuSections.RenderAnchor(gpuDir));
        var gpuReference = Path.Combine(gpuDir, "reference.jsonl");
        markdown = MarkdownSections.Replace(markdown, NeckCostSection.Name, NeckCostSection.Render(ResultsFile.Read<CompareResults>("compare"),
            File.Exists(gpuReference) ? ReferenceLine.ReadAll(gpuReference) : []));
        markdown = MarkdownSections.Replace(markdown, GpuSections.TorchSharpName, GpuSections.RenderTorchSharp(gpuDir));
        File.WriteAllText(path, markdown);
        Console.WriteLine($"rewrote {path}");
        return 0;
    }
}
