using Lewel.Engine.Training.Optim;
using Lewel.Engine.Tests.TestSupport;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Lewel.Engine.Tests.Optim;

public class LarsTests
{
    // w = [3, 4] (‖w‖ = 5), g = [0.6, 0.8] (‖g‖ = 1), wd = 0.1, η = 0.02:
    // trust = η‖w‖/(‖g‖ + wd‖w‖) = 0.1/1.5 = 1/15; g + wd·w = [0.9, 1.2].

    [Fact]
    public void SoloLearn_TwoSteps_MatchTheHandComputation()
    {
        var (weight, lars) = Single(OptimizerIds.SoloLearnLars, clipLr: false, lr: 0.5);
        SetGrad(weight, 0.6, 0.8);
        lars.Step();
        // d = [0.9, 1.2]/15 = [0.06, 0.08]; buf = d; w ← w − 0.5·buf
        TensorAssert.Close([2.97, 3.96], weight, 1e-6, "after step 1");

        SetGrad(weight, 0.6, 0.8);
        lars.Step();
        // ‖w‖ = 4.95, trust = 0.02·4.95/(1 + 0.495); d = ([0.6, 0.8] + 0.1·[2.97, 3.96])·trust; buf = 0.9·[0.06, 0.08] + d
        var trust = 0.02 * 4.95 / 1.495;
        double[] expected = [2.97 - 0.5 * (0.9 * 0.06 + 0.897 * trust), 3.96 - 0.5 * (0.9 * 0.08 + 1.196 * trust)];
        TensorAssert.Close(expected, weight, 1e-6, "after step 2");
    }

    [Theory]
    [InlineData(0.5, 2.94, 3.92)]     // trust 1/15 < lr: effective lr 1/15 → w − [0.9, 1.2]/15... scaled by clip ratio
    [InlineData(0.01, 2.991, 3.988)]  // lr below trust: the ratio clips at 1 → plain step of lr 0.01
    public void SoloLearnClipLr_EffectiveLrIsTheSmallerOfLrAndTrust(double lr, double w0, double w1)
    {
        var (weight, lars) = Single(OptimizerIds.SoloLearnLars, clipLr: true, lr: lr);
        SetGrad(weight, 0.6, 0.8);
        lars.Step();
        TensorAssert.Close([w0, w1], weight, 1e-6, $"after one step at lr {lr}");
    }

    [Fact]
    public void Lewel_LrSitsInsideTheMomentumBuffer()
    {
        var (weight, lars) = Single(OptimizerIds.LewelLars, clipLr: false, lr: 0.5);
        SetGrad(weight, 0.6, 0.8);
        lars.Step();
        // d = [0.9, 1.2]·(1/15)·0.5 = [0.03, 0.04]; w ← w − buf
        TensorAssert.Close([2.97, 3.96], weight, 1e-6, "after step 1");

        lars.LearningRate = 0.25;
        SetGrad(weight, 0.6, 0.8);
        lars.Step();
        // the old buffer keeps its old lr: buf = 0.9·[0.03, 0.04] + [0.897, 1.196]·trust·0.25
        var trust = 0.02 * 4.95 / 1.495;
        double[] expected = [2.97 - (0.9 * 0.03 + 0.897 * trust * 0.25), 3.96 - (0.9 * 0.04 + 1.196 * trust * 0.25)];
        TensorAssert.Close(expected, weight, 1e-6, "after step 2 at a lower lr");
    }

    [Theory]
    [InlineData(OptimizerIds.SoloLearnLars)]
    [InlineData(OptimizerIds.LewelLars)]
    public void ExcludedGroup_TakesPlainMomentumSgdSteps(string variant)
    {
        var bias = new Parameter(tensor(new float[] { 1, -2 }));
        var groups = new[] { new ParameterGroup("bias-and-norm", [("b", bias)], 0.0, LarsAdaptation: false) };
        using var lars = new Lars(groups, 0.5, 0.9, 0.02, clipLr: false, variant);
        SetGrad(bias, 0.5, 0.5);
        lars.Step();
        TensorAssert.Close([0.75, -2.25], bias, 1e-6, "after step 1");
        SetGrad(bias, 0.5, 0.5);
        lars.Step();
        TensorAssert.Close([0.75 - 0.5 * 1.9 * 0.5, -2.25 - 0.5 * 1.9 * 0.5], bias, 1e-6, "after step 2 (buf = 1.9·g)");
    }

    [Theory]
    [InlineData(OptimizerIds.SoloLearnLars)]
    [InlineData(OptimizerIds.LewelLars)]
    public void ZeroWeight_DoesNotProduceNaN(string variant)
    {
        var weight = new Parameter(zeros(1, 2));
        var groups = new[] { new ParameterGroup("decayed", [("w", weight)], 0.1, LarsAdaptation: true) };
        using var lars = new Lars(groups, 0.5, 0.9, 0.02, clipLr: false, variant);
        SetGrad(weight, 0.0, 0.0);
        lars.Step();
        Assert.True(weight.isfinite().all().item<bool>());
        SetGrad(weight, 0.6, 0.8);
        lars.Step();
        Assert.True(weight.isfinite().all().item<bool>());
    }

    [Fact]
    public void ParameterWithoutGradient_IsSkipped()
    {
        var (weight, lars) = Single(OptimizerIds.SoloLearnLars, clipLr: true, lr: 0.5);
        lars.ZeroGrad();
        lars.Step();
        TensorAssert.Close([3.0, 4.0], weight, 0, "untouched weight");
        Assert.Empty(lars.MomentumBuffers);
    }

    [Fact]
    public void SaveThenLoad_ContinuesExactlyLikeTheOriginal()
    {
        var (original, lars) = Single(OptimizerIds.SoloLearnLars, clipLr: true, lr: 0.5);
        SetGrad(original, 0.6, 0.8);
        lars.Step();
        using var stream = new MemoryStream();
        lars.Save(new BinaryWriter(stream));

        var copy = new Parameter(original.detach().clone());
        using var restored = new Lars([new ParameterGroup("decayed", [("w", copy)], 0.1, true)], 0.5, 0.9, 0.02, clipLr: true);
        stream.Position = 0;
        restored.Load(new BinaryReader(stream));
        TensorAssert.Close(lars.MomentumBuffers["w"], restored.MomentumBuffers["w"], 0, "buffer");

        SetGrad(original, 0.1, -0.3);
        SetGrad(copy, 0.1, -0.3);
        lars.Step();
        restored.Step();
        TensorAssert.Close(original, copy, 0, "weights after one more step");
    }

    [Fact]
    public void Load_StateOfOtherParameters_NamesTheParameter()
    {
        var (weight, lars) = Single(OptimizerIds.SoloLearnLars, clipLr: true, lr: 0.5);
        SetGrad(weight, 0.6, 0.8);
        lars.Step();
        using var stream = new MemoryStream();
        lars.Save(new BinaryWriter(stream));
        using var other = new Lars([new ParameterGroup("decayed", [("other", new Parameter(ones(1, 2)))], 0.1, true)], 0.5, 0.9, 0.02, clipLr: true);
        stream.Position = 0;
        var error = Assert.Throws<InvalidDataException>(() => other.Load(new BinaryReader(stream)));
        Assert.Contains("'w'", error.Message);
    }

    [Fact]
    public void Constructor_LewelVariantWithClipping_Throws() =>
        Assert.Throws<ArgumentException>(() => new Lars([], 0.1, 0.9, 0.001, clipLr: true, OptimizerIds.LewelLars));

    private static (Parameter Weight, Lars Lars) Single(string variant, bool clipLr, double lr)
    {
        var weight = new Parameter(tensor(new float[] { 3, 4 }).reshape(1, 2));
        var groups = new[] { new ParameterGroup("decayed", [("w", weight)], 0.1, LarsAdaptation: true) };
        return (weight, new Lars(groups, lr, momentum: 0.9, eta: 0.02, clipLr: clipLr, variant: variant));
    }

    private static void SetGrad(Parameter parameter, double a, double b) =>
        parameter.grad = tensor(new[] { (float)a, (float)b }).reshape(parameter.shape);
}
