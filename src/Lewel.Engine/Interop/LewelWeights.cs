using Lewel.Engine.Checkpoints;
using Lewel.Engine.Config;
using static TorchSharp.torch;

namespace Lewel.Engine.Interop;

/// <summary>The online network's weights from any supported checkpoint, renamed to one layout: the backbone with
/// torchvision names (no <c>fc</c>) and the neck with LEWEL's names (<c>proj.mlp.*</c>, <c>proj_obj.mlp.*</c>).
/// Variant, widths and K are inferred from the shapes; the target network and the predictors are ignored.</summary>
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

    /// <summary>The file the weights were read from.</summary>
    public string Source { get; }
    public CheckpointLayout Layout { get; }
    public IReadOnlyDictionary<string, Tensor> Backbone { get; }
    public IReadOnlyDictionary<string, Tensor>? Neck { get; }
    public ResNetArchitecture BackboneArchitecture { get; }
    public LewelNeckArchitecture? NeckArchitecture { get; }
    /// <summary>The run configuration stored with this engine's checkpoints; null for foreign files.</summary>
    public RunConfig? Config => owner.Config;
    /// <summary>Every key of the file after the <c>module.</c> prefix was removed (for messages and tests).</summary>
    public IReadOnlyList<string> FileKeys => owner.Keys;

    /// <summary>Reads a checkpoint file (this engine's, safetensors or PyTorch zip pickle; own or official layout).
    /// The padding of a 3×3 stem comes from the stored run configuration when there is one, else from
    /// <paramref name="smallStemPadding"/> (default 1).</summary>
    public static LewelWeights Read(string path, int? smallStemPadding = null)
    {
        var file = StateDictFile.Read(path);
        try
        {
            return FromStateDict(file, path, smallStemPadding ?? file.Config?.StemPadding ?? 1);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Takes ownership of <paramref name="stateDict"/>.</summary>
    public static LewelWeights FromStateDict(StateDict stateDict, string path, int smallStemPadding = 1)
    {
        var source = new WeightSource(path);
        var renamed = StripDataParallelPrefix(stateDict);
        var layout = CheckpointLayout.Detect(renamed.Keys) ?? throw source.Error(
            $"no ResNet stem found: none of {string.Join(", ", CheckpointLayout.All.Select(l => $"'{l.BackbonePrefix}conv1.weight'"))} " +
            $"is present (first keys: {string.Join(", ", renamed.Keys.Take(5).Select(k => $"'{k}'"))})");
        var backbone = Section(renamed, layout.BackbonePrefix, excludeStartingWith: ["fc.", "avgpool."]);
        var backboneArchitecture = ResNetArchitecture.Infer(backbone, source.Of($"{layout.Name} backbone '{layout.BackbonePrefix}*'"), smallStemPadding);
        Dictionary<string, Tensor>? neck = null;
        LewelNeckArchitecture? neckArchitecture = null;
        if (layout.NeckPrefix is { } neckPrefix && renamed.Keys.Any(k => k.StartsWith(neckPrefix + "proj.", StringComparison.Ordinal)))
        {
            neck = Section(renamed, neckPrefix, []);
            neckArchitecture = LewelNeckArchitecture.Infer(neck, source.Of($"{layout.Name} neck '{neckPrefix}*'"));
            if (neckArchitecture.InChannels != backboneArchitecture.OutChannels)
                throw source.Error($"the neck expects C={neckArchitecture.InChannels} input channels but the backbone gives {backboneArchitecture.OutChannels}");
        }
        return new LewelWeights(stateDict, path, layout, backbone, neck, backboneArchitecture, neckArchitecture);
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
