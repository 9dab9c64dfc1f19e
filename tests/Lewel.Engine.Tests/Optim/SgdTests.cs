using Lewel.Engine.Training.Optim;
using Lewel.Engine.Tests.TestSupport;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Lewel.Engine.Tests.Optim;

public class SgdTests
{
    [Fact]
    public void TwoSteps_MatchPyTorchMomentumSgdWithWeightDecay()
    {
        var weight = new Parameter(tensor(new float[] { 3, 4 }));
        using var sgd = new Sgd([new ParameterGroup("decayed", [("w", weight)], 0.1, true)], 0.5, 0.9);
        weight.grad = tensor(new float[] { 0.6f, 0.8f });
        sgd.Step();
        // buf = g + wd·w = [0.9, 1.2]; w ← w − 0.5·buf
        TensorAssert.Close([2.55, 3.4], weight, 1e-6, "after step 1");
        weight.grad = tensor(new float[] { 0.6f, 0.8f });
        sgd.Step();
        // buf = 0.9·[0.9, 1.2] + [0.855, 1.14] = [1.665, 2.22]
        TensorAssert.Close([1.7175, 2.29], weight, 1e-5, "after step 2");
    }

    [Fact]
    public void LearningRate_SetsEveryGroup_AndExcludedGroupHasNoDecay()
    {
        var weight = new Parameter(tensor(new float[] { 3, 4 }));
        var bias = new Parameter(tensor(new float[] { 1 }));
        using var sgd = new Sgd(
            [new ParameterGroup("decayed", [("w", weight)], 0.1, true), new ParameterGroup("bias-and-norm", [("b", bias)], 0.0, false)], 0.5, 0.9);
        sgd.LearningRate = 0.1;
        Assert.Equal(0.1, sgd.LearningRate);
        weight.grad = zeros(2);
        bias.grad = zeros(1);
        sgd.Step();
        TensorAssert.Close([3 - 0.1 * 0.3, 4 - 0.1 * 0.4], weight, 1e-6, "decayed weight");
        TensorAssert.Close([1.0], bias, 0, "undecayed bias");
    }

    [Fact]
    public void ParameterWithoutGradient_IsSkipped()
    {
        var weight = new Parameter(tensor(new float[] { 3, 4 }));
        using var sgd = new Sgd([new ParameterGroup("decayed", [("w", weight)], 0.1, true)], 0.5, 0.9);
        weight.grad = ones(2);
        sgd.ZeroGrad();
        Assert.Null(weight.grad);
        sgd.Step();
        TensorAssert.Close([3.0, 4.0], weight, 0, "weight without gradient (no decay either)");
    }

    [Fact]
    public void SaveThenLoad_RestoresTheMomentum()
    {
        var weight = new Parameter(tensor(new float[] { 3, 4 }));
        using var sgd = new Sgd([new ParameterGroup("decayed", [("w", weight)], 0.1, true)], 0.5, 0.9);
        weight.grad = tensor(new float[] { 0.6f, 0.8f });
        sgd.Step();
        using var stream = new MemoryStream();
        sgd.Save(new BinaryWriter(stream));

        var copy = new Parameter(weight.detach().clone());
        using var restored = new Sgd([new ParameterGroup("decayed", [("w", copy)], 0.1, true)], 0.5, 0.9);
        stream.Position = 0;
        restored.Load(new BinaryReader(stream));
        weight.grad = tensor(new float[] { 0.6f, 0.8f });
        copy.grad = tensor(new float[] { 0.6f, 0.8f });
        sgd.Step();
        restored.Step();
        TensorAssert.Close(weight, copy, 0, "weights after one more step");
    }

    [Fact]
    public void Load_LarsState_IsRejected()
    {
        using var stream = new MemoryStream();
        using (var lars = new Lars([], 0.1, 0.9, 0.02, clipLr: false)) lars.Save(new BinaryWriter(stream));
        using var sgd = new Sgd([new ParameterGroup("decayed", [("w", new Parameter(ones(2)))], 0.1, true)], 0.5, 0.9);
        stream.Position = 0;
        var error = Assert.Throws<InvalidDataException>(() => sgd.Load(new BinaryReader(stream)));
        Assert.Contains("lars", error.Message);
    }
}
