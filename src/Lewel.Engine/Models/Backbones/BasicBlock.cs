using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Lewel.Engine.Models.Backbones;

/// <summary>torchvision's BasicBlock (ResNet-18/34): two 3×3 convs with a shortcut; <c>downsample</c> (1×1 conv + BN)
/// exists when the stride or width changes.</summary>
public sealed class BasicBlock : nn.Module<Tensor, Tensor>
{
    public const int Expansion = 1;

    private readonly Conv2d conv1;
    private readonly nn.Module<Tensor, Tensor> bn1;
    private readonly Conv2d conv2;
    private readonly nn.Module<Tensor, Tensor> bn2;
    private readonly Sequential? downsample;

    public BasicBlock(int inChannels, int planes, int stride, int bnSplits = 1) : base(nameof(BasicBlock))
    {
        conv1 = nn.Conv2d(inChannels, planes, kernel_size: 3, stride: stride, padding: 1, bias: false);
        bn1 = Norm2d.Create(planes, bnSplits);
        conv2 = nn.Conv2d(planes, planes, kernel_size: 3, stride: 1, padding: 1, bias: false);
        bn2 = Norm2d.Create(planes, bnSplits);
        downsample = ResNet.Shortcut(inChannels, planes * Expansion, stride, bnSplits);
        RegisterComponents();
    }

    // A scope per block frees what autograd does not keep (all of it in a no-grad target forward) as soon as the block
    // ends, as Python's reference counting would; ReLUs run in place as in torchvision.
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var output = bn1.call(conv1.call(input)).relu_();
        output = bn2.call(conv2.call(output));
        var identity = downsample is null ? input : downsample.call(input);
        return output.add_(identity).relu_().MoveToOuterDisposeScope();
    }
}
