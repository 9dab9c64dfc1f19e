using System.Globalization;
using Lewel.Engine.Augment;
using Lewel.Engine.Config;
using Lewel.Engine.Tests.Interop;
using Xunit.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace Lewel.Engine.Tests.Augment;

/// <summary>The crop boxes' scale (box area / original area) and log aspect ratio follow torchvision's
/// <c>RandomResizedCrop.get_params</c> on non-square originals: 20,000 boxes from each, compared with a two-sample
/// Kolmogorov–Smirnov test. Both sides are seeded, so the outcome is fixed; the threshold is the test's critical value
/// at α = 0.001, and samplers with a known mistake are shown to exceed it.</summary>
public class TorchvisionCropDistributionTests(ITestOutputHelper output)
{
    private const int Draws = 20_000;
    private const double ScaleMin = 0.08, ScaleMax = 1, RatioMin = 3.0 / 4, RatioMax = 4.0 / 3;
    private static readonly (int Width, int Height)[] Originals = [(96, 64), (48, 80)];

    /// <summary>c(α) · √((n + m) / (n·m)) with c(0.001) = 1.949 and n = m = 20,000.</summary>
    private static readonly double Threshold = 1.949 * Math.Sqrt(2.0 / Draws);

    private static readonly ViewAugmentation Aug = new()
    {
        CropScaleMin = ScaleMin, CropScaleMax = ScaleMax, CropRatioMin = RatioMin, CropRatioMax = RatioMax,
    };

    private static readonly Lazy<(int Width, int Height)[][]> Torchvision = new(() =>
    {
        var sizes = string.Join(",", Originals.Select(o => $"{o.Width}x{o.Height}"));
        var output = PythonReference.Run("crop_params_reference.py", sizes, F(ScaleMin), F(ScaleMax), F(RatioMin), F(RatioMax), $"{Draws}", "7");
        var boxes = Originals.Select(_ => new List<(int, int)>()).ToArray();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var v = line.Split(' ').Select(int.Parse).ToArray();
            boxes[v[0]].Add((v[4], v[3]));
        }
        return boxes.Select(b => b.ToArray()).ToArray();
    });

    private static string F(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    [Fact]
    public void EngineBoxes_FollowTorchvisionGetParams_OnNonSquareOriginals()
    {
        for (var k = 0; k < Originals.Length; k++)
        {
            var original = Originals[k];
            var reference = Torchvision.Value[k];
            Assert.Equal(Draws, reference.Length);
            var p = AugmentationParameters.Draw(Enumerable.Repeat(original, Draws).ToArray(), Aug, new Generator(11));
            var engine = p.Boxes.Select(b => ((int)b.Width, (int)b.Height)).ToArray();
            AssertSameDistribution(reference, engine, original, $"{original.Width}×{original.Height}");
        }
    }

    [Fact]
    public void TheTest_CatchesSamplersWithAKnownMistake()
    {
        var original = Originals[0];
        var reference = Torchvision.Value[0];
        var uniforms = Uniforms(13);
        // The crops of the old pipeline: drawn on the centre square (64×64) instead of the whole 96×64 original.
        var centreSquare = Boxes(uniforms, 64, 64, ratioDraw: u => u);
        var square = Statistic(reference, centreSquare, original);
        output.WriteLine($"centre-square sampler: KS scale {square.Scale:F4}, log ratio {square.LogRatio:F4}");
        Assert.True(square.Scale > Threshold, $"centre-square sampler: KS of the scale {square.Scale:F4}");
        // An aspect ratio uniform in [3/4, 4/3] instead of log-uniform.
        var uniformRatio = Boxes(uniforms, original.Height, original.Width,
            ratioDraw: u => (Math.Log(RatioMin + (RatioMax - RatioMin) * u) - Math.Log(RatioMin)) / (Math.Log(RatioMax) - Math.Log(RatioMin)));
        var uniform = Statistic(reference, uniformRatio, original);
        output.WriteLine($"uniform-ratio sampler: KS scale {uniform.Scale:F4}, log ratio {uniform.LogRatio:F4}");
        Assert.True(uniform.LogRatio > Threshold, $"uniform-ratio sampler: KS of the log ratio {uniform.LogRatio:F4}");
        // The right sampler on the same draws passes.
        var right = Boxes(uniforms, original.Height, original.Width, ratioDraw: u => u);
        AssertSameDistribution(reference, right, original, "same draws, right sampler");
    }

    private static double[] Uniforms(ulong seed)
    {
        using var u = rand(Draws, AugmentationParameters.DrawsPerSample, dtype: float64, generator: new Generator(seed));
        return u.data<double>().ToArray();
    }

    private static (int Width, int Height)[] Boxes(double[] uniforms, int height, int width, Func<double, double> ratioDraw)
    {
        const int tries = AugmentationParameters.CropAttempts;
        var boxes = new (int, int)[Draws];
        for (var i = 0; i < Draws; i++)
        {
            var row = uniforms.AsSpan(i * AugmentationParameters.DrawsPerSample, AugmentationParameters.DrawsPerSample);
            var ratios = row.Slice(tries, tries).ToArray().Select(ratioDraw).ToArray();
            var box = CropBox.RandomResized(height, width, ScaleMin, ScaleMax, RatioMin, RatioMax, row[..tries], ratios, row[2 * tries], row[2 * tries + 1]);
            boxes[i] = ((int)box.Width, (int)box.Height);
        }
        return boxes;
    }

    private void AssertSameDistribution((int Width, int Height)[] reference, (int Width, int Height)[] engine, (int Width, int Height) original, string what)
    {
        var (scale, logRatio) = Statistic(reference, engine, original);
        output.WriteLine($"{what}: KS scale {scale:F4}, log ratio {logRatio:F4} (threshold {Threshold:F4})");
        Assert.True(scale <= Threshold, $"{what}: KS statistic of the scale is {scale:F4}, above {Threshold:F4}");
        Assert.True(logRatio <= Threshold, $"{what}: KS statistic of the log aspect ratio is {logRatio:F4}, above {Threshold:F4}");
    }

    private static (double Scale, double LogRatio) Statistic((int Width, int Height)[] a, (int Width, int Height)[] b, (int Width, int Height) original)
    {
        double area = original.Width * original.Height;
        double Scale((int W, int H) box) => box.W * box.H / area;
        double LogRatio((int W, int H) box) => Math.Log((double)box.W / box.H);
        return (KolmogorovSmirnov.Statistic(a.Select(Scale).ToArray(), b.Select(Scale).ToArray()),
            KolmogorovSmirnov.Statistic(a.Select(LogRatio).ToArray(), b.Select(LogRatio).ToArray()));
    }
}

/// <summary>The two-sample Kolmogorov–Smirnov statistic: the largest gap between the two empirical distribution
/// functions, evaluated after every distinct value (ties, as rounded box sizes have, move both functions together).</summary>
internal static class KolmogorovSmirnov
{
    public static double Statistic(double[] a, double[] b)
    {
        var x = a.Order().ToArray();
        var y = b.Order().ToArray();
        int i = 0, j = 0;
        double largest = 0;
        while (i < x.Length && j < y.Length)
        {
            var value = Math.Min(x[i], y[j]);
            while (i < x.Length && x[i] <= value) i++;
            while (j < y.Length && y[j] <= value) j++;
            largest = Math.Max(largest, Math.Abs((double)i / x.Length - (double)j / y.Length));
        }
        return largest;
    }
}
