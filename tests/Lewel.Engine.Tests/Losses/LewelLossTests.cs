using Lewel.Engine.Losses;
using Lewel.Engine.Tests.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace Lewel.Engine.Tests.Losses;

public class LewelLossTests
{
    [Fact]
    public void Rows_RowBTimesNPlusJIsSlotJOfImageB()
    {
        var aligned = randn(2, 5, 3);   // [B, K, N]
        var rows = LewelLoss.Rows(aligned);
        Assert.Equal(new long[] { 6, 5 }, rows.shape);
        for (var b = 0; b < 2; b++)
        for (var j = 0; j < 3; j++)
            TensorAssert.Close(aligned[b, TensorIndex.Colon, j], rows[b * 3 + j], 0, $"row ({b}, {j})");
    }

    [Fact]
    public void Mix_AlphaWeightsTheGlobalTerm()
    {
        Assert.Equal(0.25 * 2 + 0.75 * 6, LewelLoss.Mix(tensor(2.0), tensor(6.0), 0.25).item<double>(), 10);
    }
}
