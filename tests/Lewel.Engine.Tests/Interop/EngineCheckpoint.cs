using Lewel.Engine.Interop;
using Lewel.Engine.Models.Backbones;
using Lewel.Engine.Models.Necks;
using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace Lewel.Engine.Tests.Interop;

/// <summary>Writes an engine-layout checkpoint (<c>online.backbone.*</c>, <c>online.neck.*</c>) from freshly built modules
/// whose BatchNorm affine parameters and running statistics are randomised, so eval mode is really exercised.</summary>
public static class EngineCheckpoint
{
    public static void Write(string path, ResNet backbone, LewelNeck? neck, long seed)
    {
        Randomise(backbone, seed);
        var tensors = backbone.state_dict().Select(e => KeyValuePair.Create("online.backbone." + e.Key, e.Value)).ToList();
        if (neck is not null)
        {
            Randomise(neck, seed + 1);
            tensors.AddRange(neck.state_dict().Select(e => KeyValuePair.Create("online.neck." + e.Key, e.Value)));
        }
        StateDictFile.Write(path, tensors, StateDictFile.FormatForExtension(path));
    }

    public static void Randomise(nn.Module module, long seed)
    {
        using var generator = new Generator((ulong)seed);
        using var noGrad = no_grad();
        foreach (var (_, m) in module.named_modules())
        {
            if (m is not (BatchNorm2d or BatchNorm1d)) continue;
            var state = m.state_dict();
            var n = state["weight"].shape[0];
            state["weight"].copy_(randn(n, generator: generator).mul(0.2).add(1));
            state["bias"].copy_(randn(n, generator: generator).mul(0.1));
            state["running_mean"].copy_(randn(n, generator: generator).mul(0.1));
            state["running_var"].copy_(rand(n, generator: generator).add(0.5));
        }
    }
}
