using Lewel.Data.Series;
using Lewel.Web.Runs;

namespace Lewel.Web.Tests.Runs;

public class ChartSmoothingTests
{
    private static readonly DateTime Start = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static List<SeriesPoint> Noisy(int count) =>
        [.. Enumerable.Range(0, count).Select(i => new SeriesPoint(i, i / 10, Math.Exp(-i / 40.0) + 0.2 * Math.Sin(i * 1.7), Start.AddSeconds(i)))];

    public static TheoryData<SmoothingKind, double> Settings => new()
    {
        { SmoothingKind.Ema, 0.8 },
        { SmoothingKind.RunningMean, 7 },
        { SmoothingKind.Gaussian, 3 },
    };

    [Theory]
    [MemberData(nameof(Settings))]
    public void LiveSmoother_AppendedPoint_EqualsTheNewestPointOfAFullRead(SmoothingKind kind, double amount)
    {
        var smoothing = new ChartSmoothing(kind, amount);
        var history = Noisy(60);
        var live = LiveSmoother.After(smoothing, history.Take(50));
        for (var i = 50; i < 60; i++)
        {
            var appended = live.Push(history[i].Value);
            var full = smoothing.Apply(history.Take(i + 1).ToList());
            Assert.Equal(full[^1].Value, appended, 12);
        }
    }

    [Fact]
    public void RunningMean_AveragesTheTrailingWindow_AndPassesNaNThrough()
    {
        var points = new[] { 1.0, 2, 3, double.NaN, 5 }.Select((v, i) => new SeriesPoint(i, 0, v, Start)).ToList();
        var smoothed = RunningMeanSmoother.Smooth(points, 2).Select(p => p.Value).ToArray();
        Assert.Equal([1, 1.5, 2.5, double.NaN, 4], smoothed);
    }

    [Fact]
    public void Gaussian_IsCentred_SoAStepStaysAtItsPlace()
    {
        var points = Enumerable.Range(0, 41).Select(i => new SeriesPoint(i, 0, i < 20 ? 0 : 1, Start)).ToList();
        var smoothed = GaussianSmoother.Smooth(points, 3);
        Assert.True(smoothed[19].Value is > 0.3 and < 0.5);
        Assert.True(smoothed[20].Value is > 0.5 and < 0.7);
        Assert.Equal(0, smoothed[5].Value, 9);
        Assert.Equal(1, smoothed[35].Value, 9);
    }

    [Theory]
    [InlineData(SmoothingKind.Ema, 1.0, "EMA weight")]
    [InlineData(SmoothingKind.RunningMean, 0, "running-mean window")]
    [InlineData(SmoothingKind.Gaussian, -1, "Gaussian σ")]
    public void Problem_NamesTheSmoothingAndWhatIsWrong(SmoothingKind kind, double amount, string expected)
    {
        var problem = new ChartSmoothing(kind, amount).Problem;
        Assert.NotNull(problem);
        Assert.StartsWith("smoothing:", problem);
        Assert.Contains(expected, problem);
    }

    [Fact]
    public void BandDecimator_KeepsEveryBucketsRawMinAndMax()
    {
        var x = Enumerable.Range(0, 1000).Select(i => (double)i).ToList();
        var raw = x.Select(v => v == 503 ? 50.0 : v == 250 ? -7 : 1.0).ToList();
        var band = BandDecimator.Decimate(x, raw, raw, 100);
        Assert.Equal(100, band.Count);
        Assert.Equal(50, band.Max(b => b.High));
        Assert.Equal(-7, band.Min(b => b.Low));
        Assert.Equal(4.5, band[0].X);
        Assert.All(band, b => Assert.True(b.Low <= b.Value && b.Value <= b.High));
    }

    [Fact]
    public void Shape_ZoomedRange_IsDrawnAtFullResolution_AndSmoothedOverTheWholeHistory()
    {
        var history = Noisy(10_000);
        var axis = new ChartXAxis(ChartXKind.Step, 1, 0, Start);
        var smoothing = new ChartSmoothing(SmoothingKind.Ema, 0.9, ShowRaw: true);
        var whole = RunChartReader.Shape("loss", history, smoothing, axis, null, 2000);
        var zoomed = RunChartReader.Shape("loss", history, smoothing, axis, (5000, 5999), 2000);

        Assert.True(whole.Decimated);
        Assert.Equal(2000, whole.Shown.Count);
        Assert.False(zoomed.Decimated);
        Assert.Equal(1000, zoomed.Shown.Count);
        Assert.Equal(5000, zoomed.Shown[0].X);
        Assert.Equal(smoothing.Apply(history)[5000].Value, zoomed.Shown[0].Value, 12);
        Assert.Equal(history[5000].Value, zoomed.Raw![0].Value, 12);
        Assert.Equal(9999, zoomed.LastStep);
    }

    [Fact]
    public void XAxis_MapsAPointToStepEpochImagesOrSeconds()
    {
        var point = new SeriesPoint(250, 2, 1.0, Start.AddSeconds(90));
        Assert.Equal(250, new ChartXAxis(ChartXKind.Step, 64, 100, Start).Of(point));
        Assert.Equal(2.5, new ChartXAxis(ChartXKind.Epoch, 64, 100, Start).Of(point));
        Assert.Equal(16_000, new ChartXAxis(ChartXKind.ImagesSeen, 64, 100, Start).Of(point));
        Assert.Equal(90, new ChartXAxis(ChartXKind.WallTime, 64, 100, Start).Of(point));
    }
}
