using System.Diagnostics;
using System.Globalization;
using Lewel.Engine.Data;
using static TorchSharp.torch;

namespace Lewel.Engine.Evaluation;

/// <summary>The localisation score (ours) of a network's alignment maps on the test split's object masks: the share of
/// each map's mass on the object, the fraction of maps peaking on the object, and the uniform baseline (the object's
/// area fraction, which a uniform map scores on both), reported together. Values: <c>massOnObject</c> (mass on object
/// pixels / total mass, mean over maps and images), <c>peakOnObject</c>, <c>uniformBaseline</c> and
/// <c>massLiftOverUniform</c> (massOnObject / uniformBaseline; 1 = no better than uniform), and the ceiling a map of
/// this resolution could reach, <c>ceilingOnObject</c> and <c>ceilingLiftOverUniform</c> (all mass on the image's best
/// cell), against which a lift reads as the part of the way from uniform to the best such map.</summary>
public static class LocalizationProtocol
{
    public const string Name = "localization";

    /// <param name="alignmentMaps">Normalised images [B, 3, H, W] → maps [B, K, h, w] after the spatial softmax, network in eval mode.</param>
    /// <param name="maxImages">Score only the first images of the test split (0 = all).</param>
    public static EvaluationResult Run(Func<Tensor, Tensor> alignmentMaps, IImageDataset test, InputNormalization normalization,
        string dataset, EvaluationContext context, int maxImages = 0)
    {
        if (!test.HasMasks) throw new ArgumentException($"{Name}: {test.Description} has no object masks (use a data set with masks, e.g. shapes)");
        var clock = Stopwatch.StartNew();
        var count = maxImages > 0 ? Math.Min(maxImages, test.Count) : test.Count;
        var indices = Enumerable.Range(0, count).ToArray();
        var score = new LocalizationScore();
        using (no_grad())
        {
            var done = 0;
            foreach (var batch in DatasetTensors.Batches(indices, context.BatchSize))
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                var maps = alignmentMaps(normalization.Apply(DatasetTensors.Images(test, batch, context.Device)));
                score.Add(maps, DatasetTensors.Masks(test, batch, context.Device));
                done += batch.Length;
                context.Progress?.Report(new EvaluationProgress(Name, "maps", done, count));
            }
        }
        var r = score.Result();
        var parameters = new Dictionary<string, string>
        {
            ["maps"] = $"{r.MapsPerImage} alignment maps per image (online network, eval mode, after the spatial softmax)",
            ["upsampling"] = "bilinear, align_corners=false, to the image size",
            ["images"] = r.Images.ToString(CultureInfo.InvariantCulture),
            ["imagesWithoutObject"] = r.ImagesWithoutObject.ToString(CultureInfo.InvariantCulture),
            ["normalization"] = normalization.Describe(),
        };
        return new EvaluationResult(Name, parameters, context.Checkpoint, dataset, clock.Elapsed.TotalSeconds,
            new Dictionary<string, double>
            {
                ["massOnObject"] = r.MassOnObject,
                ["peakOnObject"] = r.PeakOnObject,
                ["uniformBaseline"] = r.UniformBaseline,
                ["massLiftOverUniform"] = r.MassOnObject / r.UniformBaseline,
                ["ceilingOnObject"] = r.CeilingOnObject,
                ["ceilingLiftOverUniform"] = r.CeilingOnObject / r.UniformBaseline,
            });
    }
}
