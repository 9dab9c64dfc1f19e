using Lewel.Data.Entities;
using Lewel.Engine.Rendering;
using Lewel.Engine.Training.Snapshots;
using Lewel.Web.Runs;
using Lewel.Web.Tests.TestSupport;

namespace Lewel.Web.Tests.Runs;

public class HeadMapRendererTests
{
    private const int K = 8, Heads = 2, Side = 2;

    [Fact]
    public async Task RenderAllMaps_DrawsEveryMapOfTheHeadFromTheRawMapsAndCachesIt()
    {
        await using var services = await StoreServices.CreateAsync();
        var snapshot = WriteSnapshot(services.Directory.Root);
        var renderer = new HeadMapRenderer(services.Directory);

        var relative = renderer.RenderAllMaps(snapshot, head: 1);

        Assert.Equal("runs/1/maps/0000005/probe0_head1_all.png", relative);
        var png = await File.ReadAllBytesAsync(services.Directory.Resolve(relative));
        var rgb = Lewel.Engine.Rendering.ImageCanvas.DecodeRgb(png, out var width, out var height);
        Assert.NotNull(rgb);
        // Three panels side by side (original, view 1, view 2); the head mean plus all K/M = 4 maps stacked.
        Assert.True(width > 3 * 112 && height > 5 * 112, $"{width}×{height}");
        var written = File.GetLastWriteTimeUtc(services.Directory.Resolve(relative));
        Assert.Equal(relative, renderer.RenderAllMaps(snapshot, head: 1));
        Assert.Equal(written, File.GetLastWriteTimeUtc(services.Directory.Resolve(relative)));
    }

    [Fact]
    public async Task RenderAllMaps_MissingRawMaps_NameTheFile()
    {
        await using var services = await StoreServices.CreateAsync();
        var snapshot = WriteSnapshot(services.Directory.Root);
        File.Delete(Path.Combine(services.Directory.Root, snapshot.RawMapsPath));
        var e = Assert.Throws<InvalidDataException>(() => new HeadMapRenderer(services.Directory).RenderAllMaps(snapshot, 0));
        Assert.Contains("probe0_maps.npy", e.Message);
    }

    [Fact]
    public async Task RenderAllMaps_HeadOutOfRange_IsRefused()
    {
        await using var services = await StoreServices.CreateAsync();
        var snapshot = WriteSnapshot(services.Directory.Root);
        Assert.Throws<ArgumentOutOfRangeException>(() => new HeadMapRenderer(services.Directory).RenderAllMaps(snapshot, Heads));
    }

    /// <summary>A snapshot as the training loop writes it: raw maps [3, K, 2, 2] and the three captioned image panels.</summary>
    private static MapSnapshotRecord WriteSnapshot(string root)
    {
        const string folder = "runs/1/maps/0000005";
        Directory.CreateDirectory(Path.Combine(root, folder));
        var values = new float[3 * K * Side * Side];
        var random = new Random(1);
        for (var map = 0; map < 3 * K; map++)
        {
            var raw = Enumerable.Range(0, Side * Side).Select(_ => (float)random.NextDouble() + 0.1f).ToArray();
            var sum = raw.Sum();
            for (var p = 0; p < raw.Length; p++) values[map * Side * Side + p] = raw[p] / sum;
        }
        using (var stream = File.Create(Path.Combine(root, folder, "probe0_maps.npy")))
            NpyFile.WriteFloat32(stream, [3, K, Side, Side], values);
        var renderer = new AlignmentMapRenderer();
        var image = new RgbImage(16, 16, [.. Enumerable.Range(0, 16 * 16 * 3).Select(i => (byte)(i % 251))]);
        foreach (var name in new[] { "original", "view1", "view2" })
            File.WriteAllBytes(Path.Combine(root, folder, $"probe0_{name}.png"), renderer.RenderImagePng(image, name));
        return new MapSnapshotRecord(1, 5, 0, 0, Heads, [$"{folder}/probe0_head0.png", $"{folder}/probe0_head1.png"],
            $"{folder}/probe0_original.png", $"{folder}/probe0_view1.png", $"{folder}/probe0_view2.png", $"{folder}/probe0_maps.npy",
            [0, 0, 8, 8], [4, 4, 16, 16], false, true, DateTime.UtcNow);
    }
}
