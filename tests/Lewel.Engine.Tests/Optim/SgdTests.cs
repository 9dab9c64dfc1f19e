using Lewel.Engine.Training.Optim;
using Lewel.Engine.Tests.TestSupport;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Lewel.Engine.Tests.Optim;

/// <summary>The SGD the factory builds: TorchSharp's, over our parameter groups.</summary>
public class SgdTests
{
    [Fact]
    public void TwoSteps_MatchPyTorchMomentumSgdWithWeightDecay()
    {
        var weight = new Parameter(tensor(new float[] { 3, 4 }));
        using var sgd = OptimizerFactory.Sgd([new ParameterGroup("decayed", [("w", weight)], 0.1, true)], 0.5, 0.9);
        weight.grad = tensor(new float[] { 0.6f, 0.8f });
        sgd.step();
        // buf = g + wd·w = [0.9, 1.2]; w ← w − 0.5·buf
        TensorAssert.Close([2.55, 3.4], weight, 1e-6, "after step 1");
        weight.grad = tensor(new float[] { 0.6f, 0.8f });
        sgd.step();
        // buf = 0.9·[0.9, 1.2] + [0.855, 1.14] = [1.665, 2.22]
        TensorAssert.Close([1.7175, 2.29], weight, 1e-5, "after step 2");
    }

    [Fact]
    public void EachGroupKeepsItsWeightDecay_AndTakesTheLearningRateSetOnIt()
    {
        var weight = new Parameter(tensor(new float[] { 3, 4 }));
        var bias = new Parameter(tensor(new float[] { 1 }));
        using var sgd = OptimizerFactory.Sgd(
            [new ParameterGroup("decayed", [("w", weight)], 0.1, true), new ParameterGroup("bias-and-norm", [("b", bias)], 0.0, false)], 0.5, 0.9);
        foreach (var group in sgd.ParamGroups) group.LearningRate = 0.1;
        weight.grad = zeros(2);
        bias.grad = zeros(1);
        sgd.step();
        TensorAssert.Close([3 - 0.1 * 0.3, 4 - 0.1 * 0.4], weight, 1e-6, "decayed weight");
        TensorAssert.Close([1.0], bias, 0, "undecayed bias");
    }

    [Fact]
    public void SaveThenLoad_RestoresTheMomentum()
    {
        var weight = new Parameter(tensor(new float[] { 3, 4 }));
        using var sgd = OptimizerFactory.Sgd([new ParameterGroup("decayed", [("w", weight)], 0.1, true)], 0.5, 0.9);
        weight.grad = tensor(new float[] { 0.6f, 0.8f });
        sgd.step();
        using var stream = new MemoryStream();
        sgd.save_state_dict(new BinaryWriter(stream));

        var copy = new Parameter(weight.detach().clone());
        using var restored = OptimizerFactory.Sgd([new ParameterGroup("decayed", [("w", copy)], 0.1, true)], 0.5, 0.9);
        stream.Position = 0;
        restored.load_state_dict(new BinaryReader(stream));
        weight.grad = tensor(new float[] { 0.6f, 0.8f });
        copy.grad = tensor(new float[] { 0.6f, 0.8f });
        sgd.step();
        restored.step();
        TensorAssert.Close(weight, copy, 0, "weights after one more step");
    }
}
