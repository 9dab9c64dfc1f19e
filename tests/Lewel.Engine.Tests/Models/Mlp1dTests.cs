using Lewel.Engine.Models.Heads;
using Lewel.Engine.Tests.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace Lewel.Engine.Tests.Models;

public class Mlp1dTests
{
    [Fact]
    public void StateDictKeys_MatchTheOfficialMlp1d()
    {
        using var mlp = new Mlp1d(8, 16, 4);
        Assert.Equal(
            new[] { "mlp.0.weight", "mlp.1.bias", "mlp.1.num_batches_tracked", "mlp.1.running_mean", "mlp.1.running_var", "mlp.1.weight", "mlp.3.weight" },
            mlp.state_dict().Keys.Order(StringComparer.Ordinal));
        Assert.Equal(new long[] { 16, 8, 1 }, mlp.state_dict()["mlp.0.weight"].shape);
        Assert.Equal(new long[] { 4, 16, 1 }, mlp.state_dict()["mlp.3.weight"].shape);
    }

    [Fact]
    public void Forward_BatchNormCoversAllColumnsOfAllImages()
    {
        // [B, C, L] through the MLP equals the B·L columns fed as B·L one-column samples: BN sees the same B·L set.
        using var mlp = new Mlp1d(6, 10, 5);
        var input = randn(3, 6, 7);
        var columns = input.permute(0, 2, 1).reshape(21, 6, 1);
        var whole = mlp.call(input);
        var perColumn = mlp.call(columns).reshape(3, 7, 5).permute(0, 2, 1);
        TensorAssert.Close(whole, perColumn, 1e-4, "MLP1D output");
        // ... and differs from normalising each image's L columns on their own
        var perImage = cat(Enumerable.Range(0, 3).Select(b => mlp.call(input.narrow(0, b, 1))).ToArray(), 0);
        TensorAssert.NotClose(whole, perImage, 1e-3, "per-image BN");
    }

    [Fact]
    public void Forward_WrongChannelCount_SaysWhatItExpected()
    {
        using var mlp = new Mlp1d(8, 16, 4);
        var error = Assert.Throws<ArgumentException>(() => mlp.call(randn(2, 7, 3)));
        Assert.Contains("[B, 8, L]", error.Message);
    }
}
