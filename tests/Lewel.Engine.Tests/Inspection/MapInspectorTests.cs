using System.Text.Json;
using Lewel.Engine.Evaluation;
using Lewel.Engine.Inspection;
using Lewel.Engine.Interop;
using Lewel.Engine.Tests.Interop;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Lewel.Engine.Tests.Inspection;

[Collection(OfficialCheckpointsCollection.Name)]
public class MapInspectorTests(OfficialCheckpoints official, ITestOutputHelper output)
{
    private const double Tolerance = 1e-4;

    [Theory]
    [InlineData("r18.pth", 32)]
    [InlineData("r18.safetensors", 32)]
    [InlineData("r50.pth", 64)]
    public void Inspect_OfficialCheckpoint_MatchesThePyTorchForwardPass(string name, int size)
    {
        var pythonDump = official.File(name.Replace(".safetensors", ".pth") + ".json");
        using var model = CheckpointModel.Load(official.File(name));
        var inspection = MapInspector.Inspect(model, official.File($"probe{size}.png"), size, InputNormalization.ImageNet);
        var ours = JsonDocument.Parse(inspection.ToJson()).RootElement;
        var theirs = JsonDocument.Parse(File.ReadAllText(pythonDump)).RootElement;
        foreach (var key in new[] { "alignment_maps", "global_embedding", "aligned_embeddings", "backbone_features_pooled" })
        {
            var (a, b) = (Flatten(ours.GetProperty(key)), Flatten(theirs.GetProperty(key)));
            Assert.Equal(b.Count, a.Count);
            var maxDiff = a.Zip(b, (x, y) => Math.Abs(x - y)).Max();
            output.WriteLine($"{name} {key}: max |engine - PyTorch| = {maxDiff:g3}");
            Assert.True(maxDiff <= Tolerance, $"{key}: max |engine − PyTorch| = {maxDiff:g3}");
        }
        Assert.Equal(theirs.GetProperty("num_heads").GetInt32(), ours.GetProperty("num_heads").GetInt32());
        Assert.Equal(theirs.GetProperty("input_size").GetInt32(), ours.GetProperty("input_size").GetInt32());
    }

    [Fact]
    public void Inspect_GivesTheNeckOfLewelMethodSection3_ComputedByBruteForce()
    {
        // M and s leave no trace in the weights: the same checkpoint is read with M = 2, s = 0.5.
        using var model = CheckpointModel.Load(official.File("r18.pth"), new CheckpointLoadOptions { NumHeads = 2, Scale = 0.5 });
        var inspection = MapInspector.Inspect(model, official.File("probe32.png"), 32, InputNormalization.ImageNet);

        // The backbone map X of the same input, then the neck by hand from its weights (eval-mode BN).
        using var scope = NewDisposeScope();
        var input = tensor(inspection.InputRgb, [1, 32, 32, 3]).permute(0, 3, 1, 2).to_type(ScalarType.Float32).div(255f);
        var x = model.Backbone.call(InputNormalization.ImageNet.Apply(input))[0];     // [C, h, w]
        var neck = model.Neck!.state_dict();
        var (c, h, w) = ((int)x.shape[0], (int)x.shape[1], (int)x.shape[2]);
        var p = h * w;
        var pixels = Matrix(x.reshape(c, p));                                          // [C][P]
        var pooled = Enumerable.Range(0, c).Select(i => pixels[i].Average()).ToArray();
        double[] G(double[] column) => Mlp(neck, "proj.", column);
        double[] Column(int pos) => Enumerable.Range(0, c).Select(i => pixels[i][pos]).ToArray();

        var global = G(pooled);
        var k = global.Length;
        var logits = Enumerable.Range(0, p).Select(pos => G(Column(pos))).ToArray();  // [P][K]
        var maps = new double[k, p];
        for (var pos = 0; pos < p; pos++)
        {
            var norm = Math.Max(Math.Sqrt(logits[pos].Sum(v => v * v)), 1e-12);
            for (var m = 0; m < k; m++) maps[m, pos] = logits[pos][m] / norm / 0.5;
        }
        for (var m = 0; m < k; m++)
        {
            var max = Enumerable.Range(0, p).Max(pos => maps[m, pos]);
            var sum = Enumerable.Range(0, p).Sum(pos => Math.Exp(maps[m, pos] - max));
            for (var pos = 0; pos < p; pos++) maps[m, pos] = Math.Exp(maps[m, pos] - max) / sum;
        }
        const int heads = 2;
        int n = k / heads, groupChannels = c / heads;
        for (var j = 0; j < n; j++)
        {
            var v = new double[c];
            for (var head = 0; head < heads; head++)
                for (var i = 0; i < groupChannels; i++)
                    for (var pos = 0; pos < p; pos++)
                        v[head * groupChannels + i] += pixels[head * groupChannels + i][pos] * maps[head * n + j, pos];
            var aligned = Mlp(neck, "proj_obj.", v);
            for (var m = 0; m < k; m++) Assert.Equal(aligned[m], inspection.AlignedEmbeddings[j * k + m], 4);
        }
        for (var m = 0; m < k; m++)
        {
            Assert.Equal(global[m], inspection.GlobalEmbedding[m], 4);
            for (var pos = 0; pos < p; pos++) Assert.Equal(maps[m, pos], inspection.AlignmentMaps[m * p + pos], 5);
            Assert.Equal(1.0, inspection.Map(m).ToArray().Sum(), 5);
        }
        for (var i = 0; i < c; i++) Assert.Equal(pooled[i], inspection.BackboneFeaturesPooled[i], 4);
    }

    [Fact]
    public void Inspect_ImageOfAnotherSize_IsCentreCroppedToTheInputSize()
    {
        using var dir = new TempDirectory();
        TestImages.WriteNoisePng(dir.File("wide.png"), 48, 40, seed: 3);
        using var model = CheckpointModel.Load(official.File("r18.pth"));
        var inspection = MapInspector.Inspect(model, dir.File("wide.png"), 32, InputNormalization.ImageNet);
        Assert.Equal(32 * 32 * 3, inspection.InputRgb.Length);
        Assert.Equal(4, inspection.MapHeight);
    }

    [Fact]
    public void Inspect_MissingImage_NamesTheFile()
    {
        using var model = CheckpointModel.Load(official.File("r18.pth"));
        var error = Assert.Throws<FileNotFoundException>(() => MapInspector.Inspect(model, official.File("nope.png"), 32, InputNormalization.ImageNet));
        Assert.Contains("nope.png", error.Message);
    }

    private static double[] Mlp(Dictionary<string, Tensor> weights, string prefix, double[] input)
    {
        var first = Matrix(weights[prefix + "mlp.0.weight"].squeeze(2));
        var last = Matrix(weights[prefix + "mlp.3.weight"].squeeze(2));
        var gamma = Vector(weights[prefix + "mlp.1.weight"]);
        var beta = Vector(weights[prefix + "mlp.1.bias"]);
        var mean = Vector(weights[prefix + "mlp.1.running_mean"]);
        var variance = Vector(weights[prefix + "mlp.1.running_var"]);
        var hidden = first.Select((row, r) =>
            Math.Max(0, (row.Zip(input, (a, b) => a * b).Sum() - mean[r]) / Math.Sqrt(variance[r] + 1e-5) * gamma[r] + beta[r])).ToArray();
        return last.Select(row => row.Zip(hidden, (a, b) => a * b).Sum()).ToArray();
    }

    private static double[][] Matrix(Tensor t)
    {
        var rows = (int)t.shape[0];
        var cols = (int)t.shape[1];
        var data = t.contiguous().to_type(ScalarType.Float64).data<double>().ToArray();
        return Enumerable.Range(0, rows).Select(r => data.AsSpan(r * cols, cols).ToArray()).ToArray();
    }

    private static double[] Vector(Tensor t) => t.to_type(ScalarType.Float64).data<double>().ToArray();

    private static List<double> Flatten(JsonElement e)
    {
        var list = new List<double>();
        void Walk(JsonElement x)
        {
            if (x.ValueKind == JsonValueKind.Array) foreach (var item in x.EnumerateArray()) Walk(item);
            else list.Add(x.GetDouble());
        }
        Walk(e);
        return list;
    }
}
