using Lewel.Engine.Config;
using Lewel.Engine.Methods;
using Lewel.Engine.Tests.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace Lewel.Engine.Tests.Methods;

/// <summary>What the trainer relies on, checked for every catalogued method.</summary>
public class MethodContractTests
{
    public static TheoryData<string> Methods => new(MethodCatalog.All.Select(m => m.Id));

    [Theory]
    [MemberData(nameof(Methods))]
    public void Loss_ReturnsFiniteDetachedTermsOfTheDocumentedShapes(string id)
    {
        using var method = Create(id);
        var terms = method.Loss(TinyConfigs.Images(), TinyConfigs.Images());
        Assert.True(terms.Total.requires_grad);
        Assert.Equal(0, terms.Total.dim());
        Assert.True(double.IsFinite(terms.Total.item<float>()));
        Assert.False(terms.Global.requires_grad);
        Assert.Equal(new long[] { TinyConfigs.BatchSize, TinyConfigs.Dim }, terms.Embeddings.shape);
        Assert.False(terms.Embeddings.requires_grad);
        if (MethodIds.IsLewel(id))
        {
            Assert.NotNull(terms.Aligned);
            Assert.False(terms.Aligned!.requires_grad);
            Assert.Equal(new long[] { TinyConfigs.BatchSize, TinyConfigs.Dim, TinyConfigs.Positions }, terms.Maps!.shape);
            Assert.False(terms.Maps.requires_grad);
            Assert.Equal(TinyConfigs.NumHeads, method.NumHeads);
        }
        else
        {
            Assert.Null(terms.Aligned);
            Assert.Null(terms.Maps);
            Assert.Equal(0, method.NumHeads);
        }
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void Loss_Backward_ReachesEveryOnlineTensorButNoTargetTensor(string id)
    {
        using var method = Create(id);
        method.Loss(TinyConfigs.Images(), TinyConfigs.Images()).Total.backward();
        foreach (var (name, parameter) in method.Root.named_parameters())
        {
            if (name.StartsWith("target.", StringComparison.Ordinal))
            {
                Assert.False(parameter.requires_grad, $"{name} requires grad");
                Assert.Null(parameter.grad);
            }
            else
            {
                Assert.True(parameter.grad is not null, $"{name} got no gradient");
                Assert.True(parameter.grad!.abs().sum().item<float>() > 0, $"{name} got a zero gradient");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void TrainableParameters_AreExactlyTheOnlineSide(string id)
    {
        using var method = Create(id);
        var trainable = method.TrainableParameters();
        var all = method.Root.named_parameters().ToList();
        Assert.Equal(all.Count(p => !p.name.StartsWith("target.", StringComparison.Ordinal)), trainable.Count);
        Assert.DoesNotContain(trainable, p => p.Name.StartsWith("target.", StringComparison.Ordinal));
        Assert.Contains(trainable, p => p.Name == "online.backbone.conv1.weight");
        Assert.Contains(all, p => p.name == "target.backbone.conv1.weight");
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void New_TargetEqualsOnline_AfterOptimizerStepMovesItByTheMomentum(string id)
    {
        using var method = Create(id);
        var state = method.Root.state_dict();
        TensorAssert.Close(state["online.backbone.layer4.1.conv2.weight"], state["target.backbone.layer4.1.conv2.weight"], 0, "initial target");
        var before = state["target.backbone.layer4.1.conv2.weight"].clone();
        using (no_grad()) state["online.backbone.layer4.1.conv2.weight"].add_(1.0);
        method.AfterOptimizerStep(0.75);
        TensorAssert.Close(before + 0.25, state["target.backbone.layer4.1.conv2.weight"], 1e-5, "target after the update");
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void Features_AreTheBackboneGapInEvalMode_AndRestoreTheMode(string id)
    {
        using var method = Create(id);
        var images = TinyConfigs.Images();
        method.Train();
        var features = method.Features(images);
        Assert.Equal(new long[] { TinyConfigs.BatchSize, TinyConfigs.Channels }, features.shape);
        Assert.False(features.requires_grad);
        Assert.True(method.Root.training);
        Assert.All(method.Root.named_modules().Where(m => m.name.StartsWith("online", StringComparison.Ordinal)), m => Assert.True(m.module.training, m.name));

        // Eval mode: one image's features do not depend on the rest of the batch.
        var single = method.Features(images.narrow(0, 0, 1));
        TensorAssert.Close(features.narrow(0, 0, 1), single, 1e-4, "features of image 0 alone vs in the batch");
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void AlignmentMaps_AreImagesOfMapsForLewelAndNullOtherwise(string id)
    {
        using var method = Create(id);
        var maps = method.AlignmentMaps(TinyConfigs.Images(2));
        if (!MethodIds.IsLewel(id))
        {
            Assert.Null(maps);
            return;
        }
        Assert.Equal(new long[] { 2, TinyConfigs.Dim, 2, 2 }, maps!.shape);
        TensorAssert.Close(ones(2, TinyConfigs.Dim), maps.sum([2, 3]), 1e-5, "Σ over positions");
        Assert.True(method.Root.training);
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void Eman_TargetStaysInEvalModeWhateverTheCallerDoes(string id)
    {
        using var method = MethodFactory.Create(TinyConfigs.For(id, update: "eman"), CPU);
        method.Train();
        Assert.False(method.Root.named_children().Single(c => c.name == "target").module.training);
        method.Root.train();
        Assert.False(method.Root.named_children().Single(c => c.name == "target").module.training);
        Assert.True(method.Root.named_children().Single(c => c.name == "online").module.training);
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void Ema_TargetFollowsTheOnlineMode(string id)
    {
        using var method = Create(id);
        method.Train();
        Assert.True(method.Root.named_children().Single(c => c.name == "target").module.training);
    }

    private static IPretrainMethod Create(string id) => MethodFactory.Create(TinyConfigs.For(id), CPU);
}
