using static TorchSharp.torch;

namespace Lewel.Engine.Interop;

/// <summary>The online network's weights from any supported checkpoint, renamed to one layout: the backbone with
/// torchvision names (no <c>fc</c>), the neck with LEWEL's names (<c>proj.mlp.*</c>, <c>proj_obj.mlp.*</c>). Depth, widths and K are inferred from the shapes; the target network is ignored.</summary>
public sealed class LewelWeights : IDisposable
{
    private readonly StateDict owner;

    private LewelWeights(StateDict owner, string source, CheckpointLayout layout, Dictionary<string, Tensor> backbone,
        Dictionary<string, Tensor>? neck, ResNetArchitecture backboneArchitecture, LewelNeckArchitecture? neckArchitecture)
    {
        this.owner = owner;
        Source = source;
        Layout = layout;
        Backbone = backbone;
        Neck = neck;
        BackboneArchitecture = backboneArchitecture;
        NeckArchitecture = neckArchitecture;
    }

    public string Source { get; }
    public CheckpointLayout Layout { get; }
    public IReadOnlyDictionary<string, Tensor> Backbone { get; }
    public IReadOnlyDictionary<string, Tensor>? Neck { get; }
    public ResNetArchitecture BackboneArchitecture { get; }
    public LewelNeckArchitecture? NeckArchitecture { get; }
    /// <summary>Every key of the file after the <c>module.</c> prefix was removed (for messages and tests).</summary>
    public IReadOnlyList<string> FileKeys => owner.Keys;

    /// <summary>Reads a checkpoint file (safetensors or PyTorch zip pickle, own or official layout).</summary>
    public static LewelWeights Read(string path, int smallStemPadding = 1)
    {
        var file = StateDictFile.Read(path);
        try
        {
            return FromStateDict(file, path, smallStemPadding);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Takes ownership of <paramref name="stateDict"/>.</summary>
    public static LewelWeights FromStateDict(StateDict stateDict, string source, int smallStemPadding = 1)
    {
        var renamed = StripDataParallelPrefix(stateDict);
        var layout = CheckpointLayout.Detect(renamed.Keys) ?? throw new CheckpointException(
            $"{source}: no ResNet stem found: none of {string.Join(", ", CheckpointLayout.All.Select(l => $"'{l.BackbonePrefix}conv1.weight'"))} " +
            $"is present (first keys: {string.Join(", ", renamed.Keys.Take(5).Select(k => $"'{k}'"))})");
        var backbone = Section(renamed, layout.BackbonePrefix, excludeStartingWith: ["fc.", "avgpool."]);
        var backboneArchitecture = ResNetArchitecture.Infer(backbone, $"{source} ({layout.Name} backbone '{layout.BackbonePrefix}*')", smallStemPadding);
        Dictionary<string, Tensor>? neck = null;
        LewelNeckArchitecture? neckArchitecture = null;
        if (layout.NeckPrefix is { } neckPrefix && renamed.Keys.Any(k => k.StartsWith(neckPrefix, StringComparison.Ordinal)))
        {
            neck = Section(renamed, neckPrefix, []);
            neckArchitecture = LewelNeckArchitecture.Infer(neck, $"{source} ({layout.Name} neck '{neckPrefix}*')");
            if (neckArchitecture.InChannels != backboneArchitecture.OutChannels)
                throw new CheckpointException($"{source}: the neck expects C={neckArchitecture.InChannels} input channels but the backbone gives {backboneArchitecture.OutChannels}");
        }
        return new LewelWeights(stateDict, source, layout, backbone, neck, backboneArchitecture, neckArchitecture);
    }

    public void Dispose() => owner.Dispose();

    private static Dictionary<string, Tensor> StripDataParallelPrefix(StateDict stateDict)
    {
        const string prefix = "module.";
        var all = stateDict.Keys.Count > 0 && stateDict.Keys.All(k => k.StartsWith(prefix, StringComparison.Ordinal));
        return stateDict.Entries().ToDictionary(e => all ? e.Key[prefix.Length..] : e.Key, e => e.Value, StringComparer.Ordinal);
    }

    private static Dictionary<string, Tensor> Section(Dictionary<string, Tensor> keys, string prefix, string[] excludeStartingWith)
    {
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (key, tensor) in keys)
        {
            if (!key.StartsWith(prefix, StringComparison.Ordinal)) continue;
            var name = key[prefix.Length..];
            if (excludeStartingWith.Any(e => name.StartsWith(e, StringComparison.Ordinal))) continue;
            result[name] = tensor;
        }
        return result;
    }
}
