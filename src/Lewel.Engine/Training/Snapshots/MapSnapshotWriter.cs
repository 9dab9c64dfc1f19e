using Lewel.Engine.Methods;
using Lewel.Engine.Rendering;
using Lewel.Engine.Training.Events;
using static TorchSharp.torch;

namespace Lewel.Engine.Training.Snapshots;

/// <summary>
/// Takes an alignment-map snapshot of every probe image: the online network's maps (eval mode) on the original image and
/// on both of its fixed augmented views, written to <c>maps/{step:D7}/</c> as
/// <list type="bullet">
/// <item><c>probe{i}_maps.npy</c>: float32 [3, K, H', W'] (0 = original, 1 = view 1, 2 = view 2), each map summing to 1;</item>
/// <item><c>probe{i}_original.png</c> with both crop boxes, <c>probe{i}_view1.png</c>, <c>probe{i}_view2.png</c>;</item>
/// <item><c>probe{i}_image.png</c>: the original alone at its own size, in whose pixels the boxes are given
/// (<see cref="MapSnapshotFiles.PlainImagePath"/>), for viewers that draw heatmaps and boxes themselves;</item>
/// <item><c>probe{i}_head{m}.png</c>: head m's heatmaps on the three images (<see cref="AlignmentMapRenderer"/>; the
/// session uses <see cref="MapRenderOptions.TrainingSnapshot"/>: head mean plus the 3 most peaked maps);</item>
/// <item><c>probe{i}_head{m}_all.png</c>: every map of head m (<see cref="MapRenderOptions.FullSheet"/>).</item>
/// </list>
/// </summary>
public sealed class MapSnapshotWriter(RunDirectory run, AlignmentMapRenderer renderer, AlignmentMapRenderer? sheetRenderer = null)
{
    private readonly AlignmentMapRenderer sheets = sheetRenderer ?? new AlignmentMapRenderer(MapRenderOptions.FullSheet);

    public static readonly (byte R, byte G, byte B) View1Colour = (0, 200, 255);
    public static readonly (byte R, byte G, byte B) View2Colour = (255, 120, 0);

    /// <summary>Writes the snapshot of <paramref name="step"/>; returns one event per probe (none for a method without
    /// maps). Leaves the method in train mode.</summary>
    public IReadOnlyList<MapSnapshot> Write(IPretrainMethod method, IReadOnlyList<ProbeImage> probes, int step)
    {
        if (probes.Count == 0 || method.NumHeads == 0) return [];
        float[] values;
        long[] shape;
        using (var scope = NewDisposeScope())
        using (no_grad())
        {
            var inputs = cat(probes.SelectMany(p => new[] { p.OriginalInput, p.View1Input, p.View2Input }).ToArray(), 0);
            var maps = method.AlignmentMaps(inputs);
            method.Train();
            if (maps is null) return [];
            if (maps.dim() != 4 || maps.shape[0] != inputs.shape[0])
                throw new InvalidOperationException($"{method.Id}: AlignmentMaps returned [{string.Join(", ", maps.shape)}] for {inputs.shape[0]} images; expected (B, K, H', W')");
            shape = maps.shape;
            values = maps.to(float32).cpu().contiguous().data<float>().ToArray();
        }

        var (k, h, w) = ((int)shape[1], (int)shape[2], (int)shape[3]);
        if (k % method.NumHeads != 0)
            throw new InvalidOperationException($"{method.Id}: {k} alignment maps cannot be split into {method.NumHeads} heads");
        var folder = RunDirectory.MapsFolderFor(step);
        Directory.CreateDirectory(run.PathOf(folder));
        var perImage = k * h * w;
        var snapshots = new List<MapSnapshot>(probes.Count);
        for (var i = 0; i < probes.Count; i++)
        {
            var probe = probes[i];
            var stacks = new MapStack[3];
            for (var v = 0; v < 3; v++)
                stacks[v] = new MapStack(k, h, w, values.AsSpan((3 * i + v) * perImage, perImage).ToArray());
            snapshots.Add(WriteProbe(folder, step, i, probe, values.AsSpan(3 * i * perImage, 3 * perImage), stacks, method.NumHeads));
        }
        return snapshots;
    }

    private MapSnapshot WriteProbe(string folder, int step, int index, ProbeImage probe, ReadOnlySpan<float> block,
        MapStack[] stacks, int numHeads)
    {
        var prefix = $"{folder}/probe{index}";
        var rawPath = $"{prefix}_maps.npy";
        using (var stream = File.Create(run.PathOf(rawPath)))
            NpyFile.WriteFloat32(stream, [3, stacks[0].Count, stacks[0].Height, stacks[0].Width], block);

        var originalPath = $"{prefix}_original.png";
        File.WriteAllBytes(run.PathOf(originalPath), renderer.RenderImagePng(probe.Original, $"probe {index} (#{probe.DatasetIndex})",
        [
            new ImageBox(probe.View1Box, View1Colour.R, View1Colour.G, View1Colour.B, "1"),
            new ImageBox(probe.View2Box, View2Colour.R, View2Colour.G, View2Colour.B, "2"),
        ]));
        File.WriteAllBytes(run.PathOf(MapSnapshotFiles.PlainImagePath(rawPath)), ImageCanvas.EncodeRgbPng(probe.Original));
        var view1Title = ViewTitle(1, probe.View1Flipped);
        var view2Title = ViewTitle(2, probe.View2Flipped);
        var view1Path = $"{prefix}_view1.png";
        var view2Path = $"{prefix}_view2.png";
        File.WriteAllBytes(run.PathOf(view1Path), renderer.RenderImagePng(probe.View1, view1Title));
        File.WriteAllBytes(run.PathOf(view2Path), renderer.RenderImagePng(probe.View2, view2Title));

        var panels = new[]
        {
            new MapPanel("original", probe.Original, stacks[0]),
            new MapPanel(view1Title, probe.View1, stacks[1]),
            new MapPanel(view2Title, probe.View2, stacks[2]),
        };
        var headPaths = new List<string>(numHeads);
        for (var m = 0; m < numHeads; m++)
        {
            var path = $"{prefix}_head{m}.png";
            File.WriteAllBytes(run.PathOf(path), renderer.RenderHeadPng(panels, m, numHeads));
            File.WriteAllBytes(run.PathOf(MapSnapshotFiles.FullSheetPath(rawPath, m)), sheets.RenderHeadPng(panels, m, numHeads));
            headPaths.Add(path);
        }
        return new MapSnapshot(DateTimeOffset.UtcNow, step, index, probe.DatasetIndex, rawPath, headPaths, originalPath,
            view1Path, view2Path, probe.View1Box, probe.View2Box, probe.View1Flipped, probe.View2Flipped, numHeads);
    }

    private static string ViewTitle(int view, bool flipped) => flipped ? $"view {view} (flipped)" : $"view {view}";
}
