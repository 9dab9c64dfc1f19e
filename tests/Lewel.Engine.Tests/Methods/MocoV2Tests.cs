using Lewel.Engine.Config;
using Lewel.Engine.Losses;
using Lewel.Engine.Methods;
using Lewel.Engine.Tests.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace Lewel.Engine.Tests.Methods;

public class MocoV2Tests
{
    [Fact]
    public void AfterOptimizerStep_EnqueuesEachViewsTargetKeysIntoItsOwnQueue()
    {
        using var method = new MocoV2(TinyConfigs.For(MethodIds.MocoV2));
        var view1 = TinyConfigs.Images();
        var view2 = TinyConfigs.Images();
        method.Loss(view1, view2);
        Tensor expected1, expected2;
        using (no_grad())
        {
            var target = (nn.Module<Tensor, Tensor>)method.named_children().Single(c => c.name == "target").module;
            expected1 = nn.functional.normalize(target.call(view1), dim: 1);
            expected2 = nn.functional.normalize(target.call(view2), dim: 1);
        }
        method.AfterOptimizerStep(0.99);
        var keys = method.state_dict()["queue.keys"];                              // [2, K, Q]
        TensorAssert.Close(expected1.t(), keys[0].narrow(1, 0, TinyConfigs.BatchSize), 1e-5, "view-1 queue");
        TensorAssert.Close(expected2.t(), keys[1].narrow(1, 0, TinyConfigs.BatchSize), 1e-5, "view-2 queue");
        Assert.Equal(TinyConfigs.BatchSize, method.state_dict()["queue.ptr"].item<long>());
    }

    [Fact]
    public void Loss_IsTheMeanOfBothDirections_EachAgainstTheOtherViewsQueue()
    {
        using var method = new MocoV2(TinyConfigs.For(MethodIds.MocoV2));
        // fill the two queues differently, so swapping them would change the loss
        method.Loss(TinyConfigs.Images(), TinyConfigs.Images());
        method.AfterOptimizerStep(0.99);
        var view1 = TinyConfigs.Images();
        var view2 = TinyConfigs.Images();
        var loss = method.Loss(view1, view2).Total.item<float>();

        var children = method.named_children().ToDictionary(c => c.name, c => c.module);
        var online = (nn.Module<Tensor, Tensor>)children["online"];
        var target = (nn.Module<Tensor, Tensor>)children["target"];
        var queue = (KeyQueue)children["queue"];
        using var noGrad = no_grad();
        Tensor Embed(nn.Module<Tensor, Tensor> network, Tensor images) => nn.functional.normalize(network.call(images), dim: 1);
        var q1 = Embed(online, view1);
        var q2 = Embed(online, view2);
        var k1 = Embed(target, view1);
        var k2 = Embed(target, view2);
        var expected = (InfoNce.Loss(q1, k2, queue.Negatives(1), 0.2) + InfoNce.Loss(q2, k1, queue.Negatives(0), 0.2)) / 2;
        Assert.Equal(expected.item<float>(), loss, 4);
        var swapped = (InfoNce.Loss(q1, k2, queue.Negatives(0), 0.2) + InfoNce.Loss(q2, k1, queue.Negatives(1), 0.2)) / 2;
        Assert.NotEqual(swapped.item<float>(), loss, 4);
    }

    [Fact]
    public void StateDict_HoldsTheQueueAndNoBatchNormInTheProjector()
    {
        using var method = new MocoV2(TinyConfigs.For(MethodIds.MocoV2));
        var state = method.state_dict();
        Assert.Equal(new long[] { 2, TinyConfigs.Dim, 4 * TinyConfigs.BatchSize }, state["queue.keys"].shape);
        Assert.Contains("online.projector.2.weight", state.Keys);
        Assert.DoesNotContain(state.Keys, k => k.StartsWith("online.projector.1.", StringComparison.Ordinal));
    }
}
