using System.Text.Json;
using Lewel.Engine.Checkpoints;
using Lewel.Engine.Data;
using Lewel.Engine.Evaluation;
using Lewel.Engine.Hosting;
using Lewel.Engine.Inspection;
using Lewel.Engine.Interop;
using Lewel.Engine.Rendering;
using Lewel.Engine.Training;

namespace Lewel.Cli.Jobs;

/// <summary>A supervised inspection: the alignment maps of one uploaded image under a checkpoint, one PNG per head
/// (its mean and its most peaked maps) and <see cref="InspectionSummary.FileName"/> in the output folder.</summary>
internal static class InspectJobRunner
{
    public static JobResult Run(JobSpec spec, InspectJobSpec inspect)
    {
        using var model = CheckpointModel.Load(inspect.CheckpointPath, new CheckpointLoadOptions { DataRoots = spec.DatasetOptions().DataRoots });
        var rgb = ImageDecoder.DecodeRgb(File.ReadAllBytes(inspect.ImagePath), inspect.DisplayName, out var width, out var height,
            spec.MaxImagePixels ?? ImageDecoder.DefaultMaxPixels, minSide: model.InputSize);
        if (model.Neck is null)
            throw new CheckpointException(inspect.CheckpointPath, $"the checkpoint has no LEWEL neck ({model.Layout.Name} layout), so it has no alignment maps");
        var (normalization, origin) = model.ResolveNormalization(
            s => DatasetCatalog.Open(s, spec.DatasetOptions(model.InputSize)),
            InputNormalization.ImageNet, "ImageNet's");
        var inspection = MapInspector.Inspect(model, rgb, width, height, model.InputSize, normalization);
        var name = inspect.DisplayName.Length > 24 ? inspect.DisplayName[..24] + "…" : inspect.DisplayName;
        var panel = new MapPanel(name, new RgbImage(inspection.InputSize, inspection.InputSize, inspection.InputRgb),
            new MapStack(inspection.NumMaps, inspection.MapHeight, inspection.MapWidth, inspection.AlignmentMaps));
        var renderer = new AlignmentMapRenderer(new MapRenderOptions { PanelSize = 144, Scaling = MapScaling.PerMapMinMax, MostPeakedPerHead = 3 });
        Directory.CreateDirectory(inspect.OutputDir);
        var files = new List<string>();
        for (var head = 0; head < inspection.NumHeads; head++)
        {
            var file = $"head{head}.png";
            File.WriteAllBytes(Path.Combine(inspect.OutputDir, file), renderer.RenderHeadPng([panel], head, inspection.NumHeads));
            files.Add(file);
        }
        var summary = new InspectionSummary(model.Describe(), $"{normalization.Describe()} ({origin})", inspection.InputSize,
            inspection.NumMaps, inspection.NumHeads, inspection.MapHeight, inspection.MapWidth, files);
        File.WriteAllText(Path.Combine(inspect.OutputDir, InspectionSummary.FileName), JsonSerializer.Serialize(summary, JobSpec.Json));
        return new JobResult(TrainingOutcome.Finished, 0, null);
    }
}
