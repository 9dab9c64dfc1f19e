using Lewel.Engine.Config;
using Lewel.Engine.Methods;
using Lewel.Engine.Training.Optim;
using Lewel.Engine.Tests.TestSupport;
using static TorchSharp.torch;

namespace Lewel.Engine.Tests.Optim;

public class OptimizerFactoryTests
{
    [Fact]
    public void Create_Lars_SplitsBiasAndNormFromDecayedWeights()
    {
        var config = TinyConfigs.For(MethodIds.LewelB);
        using var method = MethodFactory.Create(config, CPU);
        using var optimizer = OptimizerFactory.Create(config, method);
        Assert.IsType<Lars>(optimizer);
        var decayed = optimizer.Groups.Single(g => g.Name == ParameterGroup.DecayedName);
        var excluded = optimizer.Groups.Single(g => g.Name == ParameterGroup.ExcludedName);
        Assert.Equal(method.TrainableParameters().Count, decayed.Parameters.Count + excluded.Parameters.Count);
        Assert.Equal(0.0, excluded.WeightDecay);
        Assert.False(excluded.LarsAdaptation);
        Assert.Equal(config.Optimizer.WeightDecay, decayed.WeightDecay);
        var excludedNames = excluded.Parameters.Select(p => p.Name).ToHashSet();
        foreach (var name in new[] { "online.backbone.bn1.weight", "online.backbone.layer2.0.downsample.1.bias", "online.neck.proj.mlp.1.weight", "predictor_obj.mlp.1.bias" })
            Assert.Contains(name, excludedNames);
        Assert.Contains(decayed.Parameters, p => p.Name == "online.neck.proj.mlp.0.weight");
        Assert.DoesNotContain(optimizer.Groups.SelectMany(g => g.Parameters), p => p.Name.StartsWith("target.", StringComparison.Ordinal));
    }

    [Fact]
    public void Create_SgdWithoutExclusion_HasOneDecayedGroup_AndScalesTheLr()
    {
        var config = TinyConfigs.For(MethodIds.MocoV2);
        using var method = MethodFactory.Create(config, CPU);
        using var optimizer = OptimizerFactory.Create(config, method);
        Assert.IsType<Sgd>(optimizer);
        Assert.Single(optimizer.Groups);
        Assert.Equal(config.Optimizer.BaseLr * config.BatchSize / 256, optimizer.LearningRate, 12);
    }
}
