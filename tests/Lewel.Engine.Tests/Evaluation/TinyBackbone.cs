using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace Lewel.Engine.Tests.Evaluation;

/// <summary>A two-stage conv net returning a [B, 16, H/4, W/4] map, with BatchNorm so eval/train mode matters.</summary>
public sealed class TinyBackbone : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly Conv2d conv2;
    private readonly BatchNorm2d bn2;

    public TinyBackbone(long seed) : base(nameof(TinyBackbone))
    {
        // An 8-channel convolution: the engine's CPU rule turns oneDNN off for such a network, and so does this fake.
        Lewel.Engine.Runtime.OneDnn.DisableOnTheCpu("a test network with 8-channel convolutions, which oneDNN gets wrong");
        manual_seed(seed);
        conv1 = nn.Conv2d(3, 8, 3, stride: 2, padding: 1);
        bn1 = nn.BatchNorm2d(8);
        conv2 = nn.Conv2d(8, 16, 3, stride: 2, padding: 1);
        bn2 = nn.BatchNorm2d(16);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = nn.functional.relu(bn1.call(conv1.call(input)));
        return nn.functional.relu(bn2.call(conv2.call(x))).MoveToOuterDisposeScope();
    }
}

/// <summary>A "backbone" whose features are known: the image average-pooled 4×4 (its GAP is the mean colour) plus a
/// saturation channel (spread of the three channels, high on the coloured square, low on grey), through a BatchNorm
/// whose running statistics must survive a frozen probe.</summary>
public sealed class PooledPixels : nn.Module<Tensor, Tensor>
{
    private readonly BatchNorm2d bn;

    public PooledPixels() : base(nameof(PooledPixels))
    {
        bn = nn.BatchNorm2d(4);
        RegisterComponents();
    }

    public BatchNorm2d Norm => bn;

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var saturation = input.max(1, keepdim: true).values - input.min(1, keepdim: true).values;
        return bn.call(nn.functional.avg_pool2d(cat([input, saturation], 1), 4)).MoveToOuterDisposeScope();
    }
}
