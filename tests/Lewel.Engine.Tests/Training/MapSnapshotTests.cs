using Lewel.Engine.Tests.TestSupport;
using Lewel.Engine.Tests.Training.Fakes;
using Lewel.Engine.Training;
using Lewel.Engine.Training.Events;
using Lewel.Engine.Training.Snapshots;
using SkiaSharp;

namespace Lewel.Engine.Tests.Training;

[Collection(SerialTorchCollection.Name)]
public sealed class MapSnapshotTests : IDisposable
{
    private readonly TempRunRoot temp = new();

    public void Dispose() => temp.Dispose();

    private static RecordingObserver Run(string dir, TrainingParts parts)
    {
        var config = FakeParts.Config(steps: 6) with { Monitor = FakeParts.Config().Monitor with { SnapshotEverySteps = 3 } };
        var events = new RecordingObserver();
        var result = new Trainer(parts).Run(config, dir, events, CancellationToken.None);
        Assert.Equal(TrainingOutcome.Finished, result.Outcome);
        return events;
    }

    [Fact]
    public void Run_MethodWithMaps_SnapshotsEveryProbeAtTheStartEveryNStepsAndAtTheEnd()
    {
        var dir = temp.Run("maps");
        var snapshots = Run(dir, FakeParts.Create()).Of<MapSnapshot>().ToList();

        Assert.Equal([(0, 0), (0, 1), (3, 0), (3, 1), (6, 0), (6, 1)], snapshots.Select(s => (s.Step, s.ProbeIndex)));
        var last = snapshots[^1];
        Assert.Equal("maps/0000006/probe1_maps.npy", last.RawMapsPath);
        Assert.Equal(["maps/0000006/probe1_head0.png", "maps/0000006/probe1_head1.png"], last.HeadPngPaths);
        Assert.Equal(2, last.NumHeads);
        Assert.Equal(1, last.DatasetIndex);
        var first = snapshots[1];
        Assert.Equal(first.View1Box, last.View1Box);
        Assert.Equal(first.View2Box, last.View2Box);
        Assert.Equal((first.View1Flipped, first.View2Flipped), (last.View1Flipped, last.View2Flipped));
        Assert.All(last.View1Box.Concat(last.View2Box), v => Assert.InRange(v, 0f, FakeParts.ImageSize));
        Assert.NotEqual(last.View1Box, last.View2Box);

        var (shape, values) = NpyFile.ReadFloat32(Path.Combine(dir, last.RawMapsPath));
        Assert.Equal([3, TinyMethod.MapCount, 4, 4], shape);
        for (var map = 0; map < 3 * TinyMethod.MapCount; map++)
            Assert.Equal(1.0, values.Skip(map * 16).Take(16).Sum(v => (double)v), 4);

        foreach (var png in last.HeadPngPaths.Append(last.OriginalPngPath).Append(last.View1PngPath).Append(last.View2PngPath))
        {
            using var bitmap = SKBitmap.Decode(Path.Combine(dir, png));
            Assert.NotNull(bitmap);
            Assert.True(bitmap.Width >= 128 && bitmap.Height >= 128, $"{png} is {bitmap.Width}×{bitmap.Height}");
        }

        using (var plain = SKBitmap.Decode(Path.Combine(dir, "maps/0000006/probe1_image.png")))
            Assert.Equal((FakeParts.ImageSize, FakeParts.ImageSize), (plain.Width, plain.Height)); // the pixels the boxes are given in
        for (var head = 0; head < last.NumHeads; head++)
        {
            using var sheet = SKBitmap.Decode(Path.Combine(dir, $"maps/0000006/probe1_head{head}_all.png"));
            using var summary = SKBitmap.Decode(Path.Combine(dir, last.HeadPngPaths[head]));
            Assert.True(sheet.Height > summary.Height, $"the full sheet of head {head} ({sheet.Height} px) must show more maps than the summary ({summary.Height} px)");
        }
    }

    [Fact]
    public void Run_MapsChangeAsTheNetworkTrains()
    {
        var dir = temp.Run("evolving");
        Run(dir, FakeParts.Create());
        var (_, before) = NpyFile.ReadFloat32(Path.Combine(dir, "maps/0000000/probe0_maps.npy"));
        var (_, after) = NpyFile.ReadFloat32(Path.Combine(dir, "maps/0000006/probe0_maps.npy"));
        Assert.NotEqual(before, after);
    }

    [Fact]
    public void Run_Baseline_WritesNoSnapshotAndNoError()
    {
        var dir = temp.Run("baseline");
        var events = Run(dir, FakeParts.Create(device => new TinyMethod(device, withMaps: false)));
        Assert.Empty(events.Of<MapSnapshot>());
        Assert.DoesNotContain(events.Of<LogMessage>(), m => m.Level != "info");
        Assert.False(Directory.Exists(Path.Combine(dir, "maps")));
        Assert.All(events.Of<StepCompleted>(), s => Assert.Null(s.LossAligned));
    }
}
