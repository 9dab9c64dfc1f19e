using Lewel.Engine.Config;
using Lewel.Engine.Methods;
using Lewel.Engine.Models.Backbones;
using Lewel.Engine.Tests.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace Lewel.Engine.Tests.Methods;

/// <summary>Official MoCo v2: one direction, one queue of view-2 keys, split-batch BN with a shuffled key batch.</summary>
[Collection(SerialTorchCollection.Name)]
public class MocoV2Tests
{
    private static RunConfig Config(int bnSplits) =>
        TinyConfigs.For(MethodIds.MocoV2) with { Moco = TinyConfigs.For(MethodIds.MocoV2).Moco with { BnSplits = bnSplits } };

    private static (nn.Module<Tensor, Tensor> Online, nn.Module<Tensor, Tensor> Target, KeyQueue Queue) Parts(MocoV2 method)
    {
        var children = method.named_children().ToDictionary(c => c.name, c => c.module);
        return ((nn.Module<Tensor, Tensor>)children["online"], (nn.Module<Tensor, Tensor>)children["target"], (KeyQueue)children["queue"]);
    }

    private static Tensor Embed(nn.Module<Tensor, Tensor> network, Tensor images) => nn.functional.normalize(network.call(images), dim: 1);

    // logits = [q·k | q·Q] / τ, cross-entropy with the positive at 0, written out.
    private static double HandInfoNce(Tensor q, Tensor k, Tensor negatives, double temperature)
    {
        var positive = (q * k).sum(1, keepdim: true);
        var logits = cat([positive, q.mm(negatives)], 1) / temperature;
        return (logits.logsumexp(1) - logits.select(1, 0)).mean().item<float>();
    }

    [Fact]
    public void Loss_IsInfoNceOfTheView1QueryAgainstTheView2KeyAndTheOneQueue()
    {
        manual_seed(3);
        // One BN split: the key encoder's statistics cover the whole batch, so the shuffle cannot change a key and the
        // keys can be computed here without knowing the permutation.
        using var method = new MocoV2(Config(bnSplits: 1));
        var (online, target, queue) = Parts(method);
        var view1 = TinyConfigs.Images();
        var view2 = TinyConfigs.Images();
        Tensor q1, q2, k1, k2, negatives;
        using (no_grad())
        {
            q1 = Embed(online, view1);
            q2 = Embed(online, view2);
            k1 = Embed(target, view1);
            k2 = Embed(target, view2);
            negatives = queue.Keys[0].clone();
        }
        var loss = method.Loss(view1, view2).Total.item<float>();

        using var noGrad = no_grad();
        var expected = HandInfoNce(q1, k2, negatives, 0.2);
        Assert.Equal(expected, loss, 4);
        var otherDirection = HandInfoNce(q2, k1, negatives, 0.2);
        Assert.True(Math.Abs((expected + otherDirection) / 2 - loss) > 1e-3, "the loss is the symmetric mean, not one direction");
    }

    [Fact]
    public void AfterOptimizerStep_EnqueuesOnlyTheView2KeysIntoTheSingleQueue()
    {
        manual_seed(4);
        using var method = new MocoV2(Config(bnSplits: 1));
        var (_, target, queue) = Parts(method);
        Assert.Equal(1, queue.Views);
        var view1 = TinyConfigs.Images();
        var view2 = TinyConfigs.Images();
        var before = queue.Keys.clone();
        method.Loss(view1, view2);
        method.AfterOptimizerStep(1.0);   // momentum 1: the target is unchanged, so its keys can be recomputed

        using var noGrad = no_grad();
        var written = queue.Keys[0].narrow(1, 0, TinyConfigs.BatchSize);
        TensorAssert.Close(Embed(target, view2).t(), written, 1e-5, "view-2 keys");
        Assert.True((Embed(target, view1).t() - written).abs().max().item<float>() > 1e-2, "view-1 keys were enqueued");
        TensorAssert.Close(before[0].narrow(1, TinyConfigs.BatchSize, queue.Size - TinyConfigs.BatchSize),
            queue.Keys[0].narrow(1, TinyConfigs.BatchSize, queue.Size - TinyConfigs.BatchSize), 0, "the rest of the queue");
        Assert.Equal(TinyConfigs.BatchSize, queue.Position);
    }

    [Fact]
    public void Keys_AreComputedOnTheShuffledBatchAndPutBackInTheQueriesOrder()
    {
        using var method = new MocoV2(Config(bnSplits: 4));
        var (_, target, queue) = Parts(method);
        var view1 = TinyConfigs.Images();
        var view2 = TinyConfigs.Images();
        manual_seed(9);
        method.Loss(view1, view2);     // the permutation is the first draw of the generator in the loss
        method.AfterOptimizerStep(1.0);
        var keys = queue.Keys[0].narrow(1, 0, TinyConfigs.BatchSize).t();

        using var noGrad = no_grad();
        manual_seed(9);
        var order = randperm(TinyConfigs.BatchSize, dtype: ScalarType.Int64);
        var expected = Embed(target, view2.index_select(0, order)).index_select(0, order.argsort());
        TensorAssert.Close(expected, keys, 1e-5, "keys of the shuffled batch, unshuffled");
        // Without the shuffle each key would be normalised with its query's sub-batch: different numbers.
        var unshuffled = Embed(target, view2);
        Assert.True((unshuffled - keys).abs().max().item<float>() > 1e-3, "the key batch was not shuffled");
    }

    [Fact]
    public void BatchShuffle_KeepsEveryRowWithItsInput()
    {
        manual_seed(5);
        var batch = arange(16, dtype: ScalarType.Float32).reshape(8, 2);
        Tensor? seen = null;
        var result = BatchShuffle.Apply(batch, x => { seen = x.clone().DetachFromDisposeScope(); return x * 10; });
        TensorAssert.Close(batch * 10, result, 0, "rows back in order");
        Assert.False(seen!.equal(batch).all().item<bool>(), "the encoder saw the batch in its own order");
    }

    [Fact]
    public void Backbones_UseSplitBatchNormWithTheConfiguredSplits()
    {
        using var method = new MocoV2(Config(bnSplits: 4));
        var norms = method.named_modules().Where(m => m.module is SplitBatchNorm2d).Select(m => (SplitBatchNorm2d)m.module).ToList();
        Assert.NotEmpty(norms);
        Assert.All(norms, n => Assert.Equal(4, n.Splits));
        Assert.DoesNotContain(method.named_modules(), m => m.module is TorchSharp.Modules.BatchNorm2d);
        Assert.Equal(4, method.BnSplits);
    }

    [Fact]
    public void StateDict_RoundTripsIntoAFreshMethod_WhichThenGivesTheSameLoss()
    {
        manual_seed(6);
        using var trained = new MocoV2(Config(bnSplits: 4));
        var view1 = TinyConfigs.Images();
        var view2 = TinyConfigs.Images();
        trained.Loss(view1, view2);
        trained.AfterOptimizerStep(0.9);
        var state = trained.state_dict();
        Assert.Equal(new long[] { 1, TinyConfigs.Dim, 4 * TinyConfigs.BatchSize }, state["queue.keys"].shape);
        Assert.Contains("online.backbone.bn1.running_mean", state.Keys);
        Assert.Contains("target.backbone.layer1.0.bn1.num_batches_tracked", state.Keys);

        manual_seed(60);
        using var restored = new MocoV2(Config(bnSplits: 4));
        restored.load_state_dict(state);
        manual_seed(7);
        var expected = trained.Loss(view1, view2).Total.item<float>();
        manual_seed(7);
        Assert.Equal(expected, restored.Loss(view1, view2).Total.item<float>());
    }

    [Fact]
    public void Loss_WithABatchThatTheSplitsDoNotDivide_NamesTheSetting()
    {
        using var method = new MocoV2(Config(bnSplits: 4));
        var error = Assert.Throws<ArgumentException>(() => method.Loss(TinyConfigs.Images(6), TinyConfigs.Images(6)));
        Assert.Contains("moco.bnSplits", error.Message);
    }
}
