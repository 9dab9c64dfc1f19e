using static TorchSharp.torch;

namespace Lewel.Engine.Models.Necks;

/// <summary>What the LEWEL neck gives for one view.</summary>
/// <param name="Global">z_g = g(GAP(X)), [B, K], before any predictor.</param>
/// <param name="Aligned">O = p(V), [B, K, N]: column j is aligned embedding j.</param>
/// <param name="Maps">The alignment maps after the spatial softmax, [B, K, P]; each sums to 1 over P.</param>
public sealed record LewelNeckOutput(Tensor Global, Tensor Aligned, Tensor Maps);
