using Lewel.Engine.Config;
using Lewel.Engine.Methods;
using Lewel.Engine.Training.Optim;
using Lewel.Engine.Tests.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace Lewel.Engine.Tests.Methods;

/// <summary>Each method with its own optimiser learns a fixed batch, driven the way the trainer drives it. The MoCo
/// queues are reset after every step: a fixed batch would otherwise fill them with copies of its own positives, and the
/// loss would rise by construction.</summary>
[Collection(SerialTorchCollection.Name)]
public class TrainingStepTests
{
    [Theory]
    [InlineData(MethodIds.Byol)]
    [InlineData(MethodIds.LewelB)]
    [InlineData(MethodIds.MocoV2)]
    [InlineData(MethodIds.LewelM)]
    public void FewOptimizerSteps_OnAFixedBatch_ReduceTheLoss(string id)
    {
        manual_seed(11);
        var config = TinyConfigs.For(id);
        config = config with { Optimizer = config.Optimizer with { BaseLr = MethodIds.IsByolFamily(id) ? 8.0 : 2.0 } };
        using var method = MethodFactory.Create(config, CPU);
        using var optimizer = OptimizerFactory.Create(config, method);
        var view1 = TinyConfigs.Images();
        var view2 = TinyConfigs.Images();
        var queues = method.Root.state_dict().Where(s => s.Key.Contains("queue.", StringComparison.Ordinal))
            .ToDictionary(s => s.Key, s => s.Value.clone());
        var losses = new List<double>();
        for (var step = 0; step < 8; step++)
        {
            using var scope = NewDisposeScope();
            optimizer.ZeroGrad();
            var terms = method.Loss(view1, view2);
            terms.Total.backward();
            optimizer.Step();
            method.AfterOptimizerStep(0.99);
            using (no_grad())
                foreach (var (name, initial) in queues) method.Root.state_dict()[name].copy_(initial);
            losses.Add(terms.Total.item<float>());
        }
        Assert.True(losses.All(double.IsFinite), string.Join(", ", losses));
        Assert.True(losses.TakeLast(2).Average() < losses[0] - 0.05, $"{id} losses did not fall: {string.Join(", ", losses.Select(l => l.ToString("F3")))}");
    }

    [Theory]
    [InlineData(MethodIds.Byol)]
    [InlineData(MethodIds.LewelB)]
    [InlineData(MethodIds.MocoV2)]
    [InlineData(MethodIds.MocoV2Plus)]
    [InlineData(MethodIds.LewelM)]
    public void StepsInsideADisposeScope_LeaveNoLiveTensorsBehind(string id)
    {
        var config = TinyConfigs.For(id);
        using var method = MethodFactory.Create(config, CPU);
        using var optimizer = OptimizerFactory.Create(config, method);
        var view1 = TinyConfigs.Images();
        var view2 = TinyConfigs.Images();
        void Step()
        {
            using var scope = NewDisposeScope();
            optimizer.ZeroGrad();
            var terms = method.Loss(view1, view2);
            terms.Total.backward();
            optimizer.Step();
            method.AfterOptimizerStep(0.99);
            _ = terms.Total.item<float>();
        }
        Step();   // the first step creates the momentum buffers
        var live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        Step();
        Step();
        Assert.Equal(live, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }
}
