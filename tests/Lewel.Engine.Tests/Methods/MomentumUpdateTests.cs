using Lewel.Engine.Methods;
using Lewel.Engine.Tests.TestSupport;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Lewel.Engine.Tests.Methods;

public class MomentumUpdateTests
{
    [Fact]
    public void Ema_HandValues_AveragesParametersOnlyAndLeavesBuffers()
    {
        var (online, target) = Pair();
        MomentumUpdate.Ema(online, target, 0.9);
        var state = target.state_dict();
        TensorAssert.Close([0.1, 0.2], state["0.weight"], 1e-6, "weight");
        TensorAssert.Close([0.3], state["0.bias"], 1e-6, "bias");
        TensorAssert.Close([0.4], state["1.weight"], 1e-6, "bn weight");
        TensorAssert.Close([0.5], state["1.bias"], 1e-6, "bn bias");
        TensorAssert.Close([0.0], state["1.running_mean"], 0, "running_mean");
        TensorAssert.Close([1.0], state["1.running_var"], 0, "running_var");
        Assert.Equal(2L, state["1.num_batches_tracked"].item<long>());
    }

    [Fact]
    public void Eman_HandValues_AveragesParametersAndRunningStatsAndCopiesTheCounter()
    {
        var (online, target) = Pair();
        MomentumUpdate.Eman(online, target, 0.9);
        var state = target.state_dict();
        TensorAssert.Close([0.1, 0.2], state["0.weight"], 1e-6, "weight");
        TensorAssert.Close([0.5], state["1.bias"], 1e-6, "bn bias");
        TensorAssert.Close([0.6], state["1.running_mean"], 1e-6, "running_mean");        // 0.9·0 + 0.1·6
        TensorAssert.Close([1.6], state["1.running_var"], 1e-6, "running_var");          // 0.9·1 + 0.1·7
        Assert.Equal(8L, state["1.num_batches_tracked"].item<long>());                   // copied, not averaged
    }

    [Fact]
    public void Ema_MomentumOne_LeavesTargetUnchanged_MomentumZero_CopiesOnline()
    {
        var (online, target) = Pair();
        MomentumUpdate.Ema(online, target, 1.0);
        TensorAssert.Close([0.0, 0.0], target.state_dict()["0.weight"], 0, "weight after m = 1");
        MomentumUpdate.Ema(online, target, 0.0);
        TensorAssert.Close([1.0, 2.0], target.state_dict()["0.weight"], 0, "weight after m = 0");
    }

    [Fact]
    public void CopyAndFreeze_CopiesEverythingAndTurnsOffGradients()
    {
        var (online, target) = Pair();
        MomentumUpdate.CopyAndFreeze(online, target);
        foreach (var (name, tensor) in online.state_dict())
            TensorAssert.Close(tensor, target.state_dict()[name], 0, name);
        Assert.All(target.parameters(), p => Assert.False(p.requires_grad));
        Assert.All(online.parameters(), p => Assert.True(p.requires_grad));
    }

    [Theory]
    [InlineData(-0.01)]
    [InlineData(1.01)]
    [InlineData(double.NaN)]
    public void Ema_MomentumOutsideUnitInterval_Throws(double momentum)
    {
        var (online, target) = Pair();
        Assert.Throws<ArgumentOutOfRangeException>(() => MomentumUpdate.Ema(online, target, momentum));
    }

    [Fact]
    public void Ema_DifferentNetworks_SaysWhere()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            MomentumUpdate.Ema(nn.Sequential(("0", nn.Linear(2, 1))), nn.Sequential(("0", nn.Linear(3, 1))), 0.5));
        Assert.Contains("0.weight", error.Message);
    }

    /// <summary>Linear(2→1) + BN1d(1) pairs with known values: online w = [1, 2], b = 3, γ = 4, β = 5, μ = 6, σ² = 7,
    /// count 8; target all zero but σ² = 1 and count 2.</summary>
    private static (Sequential Online, Sequential Target) Pair()
    {
        static Sequential Build() => nn.Sequential(("0", nn.Linear(2, 1)), ("1", nn.BatchNorm1d(1)));
        var online = Build();
        var target = Build();
        using var noGrad = no_grad();
        var o = online.state_dict();
        o["0.weight"].copy_(tensor(new float[] { 1, 2 }).reshape(1, 2));
        o["0.bias"].fill_(3);
        o["1.weight"].fill_(4);
        o["1.bias"].fill_(5);
        o["1.running_mean"].fill_(6);
        o["1.running_var"].fill_(7);
        o["1.num_batches_tracked"].fill_(8);
        var t = target.state_dict();
        foreach (var name in new[] { "0.weight", "0.bias", "1.weight", "1.bias", "1.running_mean" }) t[name].zero_();
        t["1.running_var"].fill_(1);
        t["1.num_batches_tracked"].fill_(2);
        return (online, target);
    }
}
