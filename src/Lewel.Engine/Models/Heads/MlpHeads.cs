using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Lewel.Engine.Models.Heads;

/// <summary>The baselines' heads as solo-learn builds them, as <see cref="Sequential"/>s so state keys match
/// (<c>projector.0.weight</c>, <c>projector.1.running_mean</c>, <c>projector.3.bias</c>). PyTorch's default Linear and
/// BN init.</summary>
public static class MlpHeads
{
    /// <summary>BYOL projector and predictor: Linear → BatchNorm1d → ReLU → Linear, all Linears with bias
    /// (solo-learn <c>byol.py</c>; lewel-method.md §7.2). Input and output [B, features].</summary>
    public static Sequential Byol(int inFeatures, int hidden, int outFeatures) => nn.Sequential(
        ("0", nn.Linear(inFeatures, hidden)),
        ("1", nn.BatchNorm1d(hidden)),
        ("2", nn.ReLU()),
        ("3", nn.Linear(hidden, outFeatures)));

    /// <summary>MoCo v2 projector: Linear → ReLU → Linear, no BN (solo-learn <c>mocov2plus.py</c>; §5, §7.2).</summary>
    public static Sequential MocoV2(int inFeatures, int hidden, int outFeatures) => nn.Sequential(
        ("0", nn.Linear(inFeatures, hidden)),
        ("1", nn.ReLU()),
        ("2", nn.Linear(hidden, outFeatures)));
}
