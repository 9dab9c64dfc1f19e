using Lewel.Engine.Augment;
using Lewel.Engine.Config;
using Lewel.Engine.Data;
using Lewel.Engine.Rendering;
using TorchSharp;
using static TorchSharp.torch;

namespace Lewel.Engine.Training;

/// <summary>Builds the probe images of a run (<see cref="ProbeSet"/> of the test split): each image as evaluation sees it
/// (resized and centre-cropped to the run's size) and two views cut from its original with the run's augmentation, from
/// generators seeded by (seed, data-set index, view) alone, so the views are the same at every snapshot, after a resume,
/// and in <c>lewel maps</c> for the same seed. The views' boxes are given in the evaluation image's pixels, where the
/// maps and boxes are drawn; a crop that reaches outside the central square reaches past that image's edges.</summary>
public static class ProbeViews
{
    public static long ViewSeed(long seed, int datasetIndex, int view) => (long)(SeededRandom.Mix(seed, datasetIndex, view, 0x9B0BE) >> 1);

    public static IReadOnlyList<ProbeImage> Create(RunConfig config, DatasetSplits data, Device device)
    {
        var indices = ProbeSet.Resolve(data.Test, config.Monitor.ProbeIndices).Indices;
        var mean = config.Augmentation.Mean ?? data.Mean;
        var std = config.Augmentation.Std ?? data.Std;
        var probes = new List<ProbeImage>(indices.Count);
        try
        {
            foreach (var index in indices)
                probes.Add(Create(config, data.Test, data.TestSources, index, mean, std, device));
        }
        catch
        {
            foreach (var probe in probes) probe.Dispose();
            throw;
        }
        return probes;
    }

    private static ProbeImage Create(RunConfig config, IImageDataset test, IImageDataset sources, int index, double[] mean, double[] std, Device device)
    {
        using var scope = NewDisposeScope();
        var image = ImageTensors.FromDataset(test, [index]);
        using var source = ViewSources.Read(sources, [index], CPU);
        var view1 = View(source, config.Augmentation.View1, ViewSeed(config.Seed, index, 1), test);
        var view2 = View(source, config.Augmentation.View2, ViewSeed(config.Seed, index, 2), test);
        var (sourceWidth, sourceHeight) = sources.SizeOf(index);
        float[] Box(AugmentedView view) => ReferenceEquals(sources, test) ? view.Boxes[0].data<float>().ToArray()
            : ImageResizing.ToEvalPixels(view.Boxes[0].data<float>().ToArray(), sourceWidth, sourceHeight, test.Width);
        Tensor Input(Tensor images01) => Normalization.Normalize(images01, mean, std).to(device).DetachFromDisposeScope();
        var original = new RgbImage(test.Width, test.Height, ImageTensors.ToRgb(image[0]));
        return new ProbeImage(index, original, Input(image),
            Rgb(view1), Input(view1.Images), Box(view1), Flipped(view1),
            Rgb(view2), Input(view2.Images), Box(view2), Flipped(view2));
    }

    private static AugmentedView View(ViewSources source, ViewAugmentation augmentation, long seed, IImageDataset test)
    {
        using var generator = new Generator((ulong)seed);
        return ViewPipeline.Apply(source, test.Height, test.Width, augmentation, generator);
    }

    private static RgbImage Rgb(AugmentedView view) =>
        new((int)view.Images.shape[3], (int)view.Images.shape[2], ImageTensors.ToRgb(view.Images[0]));

    private static bool Flipped(AugmentedView view) => view.Flipped[0].item<bool>();
}
