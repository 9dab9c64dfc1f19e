using System.CommandLine;
using System.Globalization;
using Lewel.Engine.Evaluation;
using Lewel.Engine.Inspection;
using Lewel.Engine.Interop;
using Lewel.Engine.Rendering;
using Lewel.Engine.Settings;

namespace Lewel.Cli.Commands;

/// <summary><c>lewel maps</c>: a checkpoint's alignment maps for any image, as PNG heatmaps (one per head, with its most
/// peaked maps) and/or a JSON dump of the maps and embeddings.</summary>
public static class MapsCommand
{
    public static Command Create(LewelSettings settings)
    {
        var checkpoint = new CheckpointOptions();
        var image = new Option<string>("--image") { Description = "A PNG, JPEG or WebP image", Required = true };
        var size = new Option<int?>("--size") { Description = "Input side in pixels (default: the model's training size; an image of that size is used as is)" };
        var output = new Option<string?>("--out") { Description = "Folder for the PNG heatmaps (input.png, head0.png, ...)" };
        var dump = new Option<string?>("--dump") { Description = "JSON file: alignment_maps [K,H,W], global_embedding [K], aligned_embeddings [K/M,K], backbone_features_pooled [C], num_heads, input_size" };
        var minMax = new Option<bool>("--minmax") { Description = "Stretch each heatmap from its own min to max (shape only) instead of the fixed map×P range [0, 3]" };
        var peaked = new Option<int>("--peaked") { Description = "Most peaked maps shown per head besides the head mean", DefaultValueFactory = _ => 3 };
        var command = new Command("maps", "Alignment maps of a checkpoint on any image: PNG heatmaps and a JSON dump");
        checkpoint.AddTo(command);
        foreach (var option in new Option[] { image, size, output, dump, minMax, peaked }) command.Options.Add(option);
        command.SetAction(parse => CheckpointOptions.Guard(() =>
        {
            var (outDir, dumpPath) = (parse.GetValue(output), parse.GetValue(dump));
            if (outDir is null && dumpPath is null) throw new ArgumentException("give --out DIR (PNG heatmaps), --dump FILE.json, or both");
            using var model = checkpoint.Load(parse, settings);
            var inputSize = parse.GetValue(size) ?? model.InputSize;
            var (normalization, origin) = model.ResolveNormalization(
                spec => CheckpointOptions.OpenDataset(spec, model.InputSize, settings), InputNormalization.ImageNet, "ImageNet's");
            var inspection = MapInspector.Inspect(model, parse.GetValue(image)!, inputSize, normalization, settings.MaxImagePixels);

            Console.WriteLine($"checkpoint     {model.Source}");
            Console.WriteLine($"network        {model.Describe()}");
            Console.WriteLine($"input          {parse.GetValue(image)} at {inputSize}x{inputSize}; normalised with {normalization.Describe()} ({origin})");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"maps           K={inspection.NumMaps} on a {inspection.MapHeight}x{inspection.MapWidth} grid, M={inspection.NumHeads} heads of N={inspection.NumAligned}; " +
                $"mean entropy / log P = {MeanEntropyRatio(inspection):0.0000} (1 = uniform)"));
            if (dumpPath is not null)
            {
                WriteText(dumpPath, inspection.ToJson());
                Console.WriteLine($"wrote          {dumpPath}");
            }
            if (outDir is not null)
                foreach (var file in Render(inspection, outDir, parse.GetValue(minMax), parse.GetValue(peaked)))
                    Console.WriteLine($"wrote          {file}");
            return CheckpointOptions.Succeeded;
        }));
        return command;
    }

    private static IEnumerable<string> Render(MapInspection inspection, string outDir, bool minMax, int peaked)
    {
        var renderer = new AlignmentMapRenderer(new MapRenderOptions
        {
            Scaling = minMax ? MapScaling.PerMapMinMax : MapScaling.Fixed,
            MostPeakedPerHead = Math.Min(peaked, inspection.NumAligned),
        });
        renderer.Options.Validate();
        Directory.CreateDirectory(outDir);
        var image = new RgbImage(inspection.InputSize, inspection.InputSize, inspection.InputRgb);
        var maps = new MapStack(inspection.NumMaps, inspection.MapHeight, inspection.MapWidth, inspection.AlignmentMaps);
        var files = new List<string>();
        var inputPath = Path.Combine(outDir, "input.png");
        File.WriteAllBytes(inputPath, renderer.RenderImagePng(image, $"input {inspection.InputSize}x{inspection.InputSize}"));
        files.Add(inputPath);
        for (var head = 0; head < inspection.NumHeads; head++)
        {
            var path = Path.Combine(outDir, $"head{head}.png");
            File.WriteAllBytes(path, renderer.RenderHeadPng([new MapPanel("image", image, maps)], head, inspection.NumHeads));
            files.Add(path);
        }
        return files;
    }

    private static double MeanEntropyRatio(MapInspection inspection)
    {
        var positions = inspection.MapHeight * inspection.MapWidth;
        if (positions < 2) return 1;
        var total = 0.0;
        for (var k = 0; k < inspection.NumMaps; k++)
            foreach (var v in inspection.Map(k))
                if (v > 0) total -= v * Math.Log(v);
        return total / inspection.NumMaps / Math.Log(positions);
    }

    private static void WriteText(string path, string text)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null) Directory.CreateDirectory(directory);
        File.WriteAllText(path, text);
    }
}
