using static TorchSharp.torch;

namespace Lewel.Engine.Interop;

/// <summary>The LEWEL neck's sizes: g = <c>proj</c> (C → hidden → K) and p = <c>proj_obj</c> (C → hidden → K).
/// M (num_heads) and s (scale) leave no trace in the weights and are supplied by the caller.</summary>
public sealed record LewelNeckArchitecture(int InChannels, int Hidden, int Dim)
{
    public IEnumerable<(string Key, long[] Shape)> ExpectedShapes() =>
        new MlpArchitecture(InChannels, Hidden, Dim).ExpectedShapes("proj.")
            .Concat(new MlpArchitecture(InChannels, Hidden, Dim).ExpectedShapes("proj_obj."));

    /// <summary>Reads C, hidden and K from a neck state dict (keys <c>proj.mlp.*</c>, <c>proj_obj.mlp.*</c>) and checks
    /// every key against them.</summary>
    public static LewelNeckArchitecture Infer(IReadOnlyDictionary<string, Tensor> neck, WeightSource source)
    {
        var g = MlpArchitecture.Infer(neck, "proj.", source);
        var spec = new LewelNeckArchitecture(g.In, g.Hidden, g.Out);
        ShapeCheck.Exact(neck, spec.ExpectedShapes(), source, $"a LEWEL neck (C={g.In}, hidden={g.Hidden}, K={g.Out})");
        return spec;
    }

    /// <summary>Throws unless M divides both C and K (lewel-method.md §2).</summary>
    public void CheckHeads(int numHeads, WeightSource source)
    {
        if (numHeads < 1) throw source.Error($"--num-heads must be at least 1, not {numHeads}");
        if (InChannels % numHeads != 0 || Dim % numHeads != 0)
            throw source.Error($"num-heads M={numHeads} must divide both the backbone channels C={InChannels} " +
                $"and the number of maps K={Dim}");
    }
}
