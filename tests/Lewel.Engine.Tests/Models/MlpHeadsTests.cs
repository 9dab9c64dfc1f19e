using Lewel.Engine.Models.Heads;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Lewel.Engine.Tests.Models;

public class MlpHeadsTests
{
    [Fact]
    public void Byol_IsLinearWithBiasThenBatchNormReluLinear()
    {
        using var head = MlpHeads.Byol(8, 16, 4);
        Assert.Equal(
            new[] { "0.bias", "0.weight", "1.bias", "1.num_batches_tracked", "1.running_mean", "1.running_var", "1.weight", "3.bias", "3.weight" },
            head.state_dict().Keys.Order(StringComparer.Ordinal));
        Assert.IsType<BatchNorm1d>(head.named_children().Single(c => c.name == "1").module);
        using var output = head.call(randn(5, 8));
        Assert.Equal(new long[] { 5, 4 }, output.shape);
    }

    [Fact]
    public void MocoV2_IsLinearReluLinearWithoutBatchNorm()
    {
        using var head = MlpHeads.MocoV2(8, 16, 4);
        Assert.Equal(new[] { "0.bias", "0.weight", "2.bias", "2.weight" }, head.state_dict().Keys.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(head.modules(), m => m is BatchNorm1d);
        using var output = head.call(randn(5, 8));
        Assert.Equal(new long[] { 5, 4 }, output.shape);
    }
}
