using Lewel.Engine.Config;
using Lewel.Engine.Losses;
using Lewel.Engine.Methods;
using Lewel.Engine.Tests.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace Lewel.Engine.Tests.Methods;

public class MocoV2PlusTests
{
    [Fact]
    public void AfterOptimizerStep_EnqueuesEachViewsTargetKeysIntoItsOwnQueue()
    {
        using var method = new MocoV2Plus(TinyConfigs.For(MethodIds.MocoV2Plus));
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
        manual_seed(20);
        using var method = new MocoV2Plus(TinyConfigs.For(MethodIds.MocoV2Plus));
        var view1 = TinyConfigs.Images();
        var view2 = TinyConfigs.Images();
        var children = method.named_children().ToDictionary(c => c.name, c => c.module);
        var online = (nn.Module<Tensor, Tensor>)children["online"];
        var target = (nn.Module<Tensor, Tensor>)children["target"];
        var queue = (KeyQueue)children["queue"];
        Tensor Embed(nn.Module<Tensor, Tensor> network, Tensor images) => nn.functional.normalize(network.call(images), dim: 1);
        Tensor q1, q2, k1, k2;
        using (no_grad())
        {
            q1 = Embed(online, view1);
            q2 = Embed(online, view2);
            k1 = Embed(target, view1);
            k2 = Embed(target, view2);
            // u points from the view-2 queries towards the view-1 ones. Queue 0 holds u, queue 1 holds -u: with the
            // right queues every query has negatives on its far side, with swapped ones on its near side.
            var u = nn.functional.normalize(q1.sum(dim: 0, keepdim: true) - q2.sum(dim: 0, keepdim: true), dim: 1).t();   // [D, 1]
            queue.Keys[0].copy_(u.expand(TinyConfigs.Dim, queue.Size));
            queue.Keys[1].copy_((-u).expand(TinyConfigs.Dim, queue.Size));
        }
        var loss = method.Loss(view1, view2).Total.item<float>();

        using var noGrad = no_grad();
        var expected = (InfoNce.Loss(q1, k2, queue.Negatives(1), 0.2) + InfoNce.Loss(q2, k1, queue.Negatives(0), 0.2)) / 2;
        Assert.Equal(expected.item<float>(), loss, 4);
        var swapped = (InfoNce.Loss(q1, k2, queue.Negatives(0), 0.2) + InfoNce.Loss(q2, k1, queue.Negatives(1), 0.2)) / 2;
        Assert.True(swapped.item<float>() - loss > 0.02, $"swapping the queues changed the loss only from {loss} to {swapped.item<float>()}");
    }

    [Fact]
    public void StateDict_HoldsTheQueueAndNoBatchNormInTheProjector()
    {
        using var method = new MocoV2Plus(TinyConfigs.For(MethodIds.MocoV2Plus));
        var state = method.state_dict();
        Assert.Equal(new long[] { 2, TinyConfigs.Dim, 4 * TinyConfigs.BatchSize }, state["queue.keys"].shape);
        Assert.Contains("online.projector.2.weight", state.Keys);
        Assert.DoesNotContain(state.Keys, k => k.StartsWith("online.projector.1.", StringComparison.Ordinal));
    }
}
