using Lewel.Engine.Config;
using Lewel.Engine.Methods;
using Lewel.Engine.Training.Optim;
using Lewel.Engine.Tests.TestSupport;
using static TorchSharp.torch;

namespace Lewel.Engine.Tests.Optim;

/// <summary>The official main.py's parameter groups (lewel-method.md §4.4, §10.15) on a LEWEL_B network.</summary>
public class LewelParameterGroupsTests
{
    private static readonly string[] AlwaysExcluded =
    [
        "online.backbone.bn1.weight", "online.backbone.bn1.bias", "online.backbone.layer1.0.bn2.weight",
        "online.backbone.layer2.0.downsample.1.weight", "online.backbone.layer2.0.downsample.1.bias",
        "online.neck.proj.mlp.1.bias", "online.neck.proj_obj.mlp.1.bias", "predictor.mlp.1.bias", "predictor_obj.mlp.1.bias",
    ];

    private static readonly string[] NeckNormWeights =
        ["online.neck.proj.mlp.1.weight", "online.neck.proj_obj.mlp.1.weight", "predictor.mlp.1.weight", "predictor_obj.mlp.1.weight"];

    private static readonly string[] AlwaysDecayed =
    [
        "online.backbone.conv1.weight", "online.backbone.layer2.0.downsample.0.weight", "online.neck.proj.mlp.0.weight",
        "online.neck.proj.mlp.3.weight", "predictor.mlp.0.weight", "predictor_obj.mlp.3.weight",
    ];

    private static (HashSet<string> Decayed, HashSet<string> Excluded, int Total) Groups(string update, bool? excludeNeckNorm = null, string methodId = MethodIds.LewelB)
    {
        var tiny = TinyConfigs.For(methodId, update);
        var config = tiny with
        {
            Optimizer = tiny.Optimizer with { ExclusionRule = OptimizerIds.LewelExclusion, ExcludeNeckNorm = excludeNeckNorm, LarsVariant = "lewel", ClipLr = false },
        };
        Assert.Empty(RunConfigValidator.Validate(config));
        using var method = MethodFactory.Create(config, CPU);
        using var optimizer = OptimizerFactory.Create(config, method);
        var decayed = optimizer.Groups.Single(g => g.Name == ParameterGroup.DecayedName);
        var excluded = optimizer.Groups.Single(g => g.Name == ParameterGroup.ExcludedName);
        Assert.Equal((config.Optimizer.WeightDecay, true), (decayed.WeightDecay, decayed.LarsAdaptation));
        Assert.Equal((0.0, false), (excluded.WeightDecay, excluded.LarsAdaptation));
        Assert.Equal(method.TrainableParameters().Count, decayed.Parameters.Count + excluded.Parameters.Count);
        return (decayed.Parameters.Select(p => p.Name).ToHashSet(), excluded.Parameters.Select(p => p.Name).ToHashSet(), method.TrainableParameters().Count);
    }

    [Fact]
    public void Eman_ExcludesBnDownsampleBiasAndTheHeadsBn()
    {
        var (decayed, excluded, _) = Groups(TargetUpdates.EmanId);
        Assert.All(AlwaysExcluded.Concat(NeckNormWeights), name => Assert.Contains(name, excluded));
        Assert.All(AlwaysDecayed, name => Assert.Contains(name, decayed));
    }

    [Fact]
    public void Ema_DecaysTheHeadsBnWeights_ButNotTheirBiases()
    {
        var (decayed, excluded, _) = Groups(TargetUpdates.EmaId);
        Assert.All(AlwaysExcluded, name => Assert.Contains(name, excluded));
        Assert.All(NeckNormWeights.Concat(AlwaysDecayed), name => Assert.Contains(name, decayed));
    }

    [Fact]
    public void Eman_WithExcludeNeckNormFalse_DecaysTheHeadsBnWeights_AsTheLoggedRun()
    {
        var (decayed, excluded, _) = Groups(TargetUpdates.EmanId, excludeNeckNorm: false);
        Assert.All(AlwaysExcluded, name => Assert.Contains(name, excluded));
        Assert.All(NeckNormWeights, name => Assert.Contains(name, decayed));
    }

    [Fact]
    public void Ema_WithExcludeNeckNormTrue_ExcludesThem()
    {
        var (_, excluded, _) = Groups(TargetUpdates.EmaId, excludeNeckNorm: true);
        Assert.All(NeckNormWeights, name => Assert.Contains(name, excluded));
    }

    [Theory]
    [InlineData(TargetUpdates.EmanId, true)]
    [InlineData(TargetUpdates.EmaId, false)]
    public void Byol_HeadsBn_FollowsTheSameRuleAsLewelB(string update, bool headNormExcluded)
    {
        var (decayed, excluded, _) = Groups(update, methodId: MethodIds.Byol);
        Assert.All(["online.projector.1.bias", "predictor.1.bias", "online.projector.0.bias", "online.backbone.bn1.weight"], name => Assert.Contains(name, excluded));
        Assert.All(["online.projector.0.weight", "predictor.3.weight"], name => Assert.Contains(name, decayed));
        Assert.All(["online.projector.1.weight", "predictor.1.weight"], name => Assert.Contains(name, headNormExcluded ? excluded : decayed));
    }

    /// <summary>Under EMAN the names pick exactly the 1-D tensors, so the imagenet recipes, now by name, keep the groups
    /// they had under the 1-D rule.</summary>
    [Theory]
    [InlineData(MethodIds.LewelB)]
    [InlineData(MethodIds.Byol)]
    public void Eman_ByName_EqualsEveryOneDimensionalTensor(string methodId)
    {
        var config = TinyConfigs.For(methodId, TargetUpdates.EmanId);
        using var method = MethodFactory.Create(config, CPU);
        var byName = ParameterExclusion.LewelMain(excludeNeckNorm: true);
        var mismatched = method.TrainableParameters()
            .Where(p => byName(p.Name, p.Parameter) != ParameterExclusion.OneDimensional(p.Name, p.Parameter))
            .Select(p => p.Name).ToList();
        Assert.Empty(mismatched);
    }
}
