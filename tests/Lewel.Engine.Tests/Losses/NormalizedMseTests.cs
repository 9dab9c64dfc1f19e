using Lewel.Engine.Losses;
using TorchSharp;
using static TorchSharp.torch;

namespace Lewel.Engine.Tests.Losses;

public class NormalizedMseTests
{
    [Fact]
    public void Loss_HandValues_IsMeanOfTwoMinusTwoCosine()
    {
        // rows: identical direction (cos 1 → 0), orthogonal (cos 0 → 2), opposite (cos −1 → 4), 60° (cos ½ → 1)
        var prediction = tensor(new float[] { 2, 0, 0, 3, 1, 1, 1, 0 }).reshape(4, 2);
        var target = tensor(new float[] { 5, 0, 1, 0, -2, -2, 0.5f, 0.8660254f }).reshape(4, 2);
        Assert.Equal((0 + 2 + 4 + 1) / 4.0, NormalizedMse.Loss(prediction, target).item<float>(), 5);
    }

    [Fact]
    public void Loss_StopsTheGradientAtTheTarget()
    {
        var prediction = randn(4, 3).requires_grad_(true);
        var target = randn(4, 3).requires_grad_(true);
        NormalizedMse.Loss(prediction, target).backward();
        Assert.NotNull(prediction.grad);
        Assert.Null(target.grad);
    }

    [Fact]
    public void Loss_MismatchedShapes_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => NormalizedMse.Loss(randn(4, 3), randn(4, 2)));
        Assert.Contains("[4, 3]", error.Message);
    }
}
