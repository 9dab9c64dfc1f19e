using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Lewel.Engine.Models.Backbones;

/// <summary>BatchNorm2d whose training-mode statistics are computed over <see cref="Splits"/> sub-batches separately:
/// the single-device stand-in for MoCo's shuffle-BN across GPUs (the MoCo authors' single-GPU demo). Sub-batch s holds
/// the samples s, S + s, 2S + s, …, so the batch is regrouped by a view, without a copy. The running statistics follow
/// the mean of the sub-batches' statistics; in eval mode this is a plain BatchNorm2d. State keys and shapes are
/// BatchNorm2d's (<c>weight</c>, <c>bias</c>, <c>running_mean</c>, <c>running_var</c>, <c>num_batches_tracked</c>), so
/// a checkpoint exchanges with an unsplit network.</summary>
public sealed class SplitBatchNorm2d : nn.Module<Tensor, Tensor>
{
    private const double Momentum = 0.1;
    private const double Epsilon = 1e-5;

    // Not readonly: Module.to(device) replaces parameter and buffer fields.
    private Parameter weight;
    private Parameter bias;
    private Tensor running_mean;
    private Tensor running_var;
    private Tensor num_batches_tracked;

    public int Channels { get; }
    public int Splits { get; }

    public SplitBatchNorm2d(int channels, int splits) : base(nameof(SplitBatchNorm2d))
    {
        if (channels <= 0) throw new ArgumentOutOfRangeException(nameof(channels), channels, "split batch norm needs a positive channel count");
        if (splits <= 0) throw new ArgumentOutOfRangeException(nameof(splits), splits, "split batch norm needs a positive number of splits");
        Channels = channels;
        Splits = splits;
        weight = nn.Parameter(ones(channels));
        bias = nn.Parameter(zeros(channels));
        running_mean = zeros(channels);
        running_var = ones(channels);
        num_batches_tracked = tensor(0L);
        RegisterComponents();
    }

    /// <param name="input">[N, C, H, W] with N a multiple of <see cref="Splits"/> in training mode.</param>
    public override Tensor forward(Tensor input)
    {
        if (input.dim() != 4 || input.shape[1] != Channels)
            throw new ArgumentException($"SplitBatchNorm2d expects [N, {Channels}, H, W], got [{string.Join(", ", input.shape)}]", nameof(input));
        if (!training)
            return nn.functional.batch_norm(input, running_mean, running_var, weight, bias, training: false, Momentum, Epsilon);
        long batch = input.shape[0], height = input.shape[2], width = input.shape[3];
        if (batch % Splits != 0)
            throw new ArgumentException($"a batch of {batch} does not split into {Splits} equal sub-batches (moco.bnSplits must divide the batch)", nameof(input));

        using var scope = NewDisposeScope();
        // [N, C, H, W] → [N/S, S·C, H, W]: channel s·C + c of row r is channel c of sample r·S + s, so plain BN over the
        // S·C channels normalises each sub-batch with its own statistics.
        var splitMean = running_mean.repeat(Splits);
        var splitVar = running_var.repeat(Splits);
        var output = nn.functional.batch_norm(input.reshape(batch / Splits, Splits * Channels, height, width), splitMean, splitVar,
            weight.repeat(Splits), bias.repeat(Splits), training: true, Momentum, Epsilon);
        using (no_grad())
        {
            running_mean.copy_(splitMean.view(Splits, Channels).mean([0]));
            running_var.copy_(splitVar.view(Splits, Channels).mean([0]));
            num_batches_tracked.add_(1);
        }
        return output.view(batch, Channels, height, width).MoveToOuterDisposeScope();
    }
}

/// <summary>The 2-D normalisation layer of a ResNet: BatchNorm2d, or <see cref="SplitBatchNorm2d"/> when the batch is
/// split for BN.</summary>
internal static class Norm2d
{
    public static nn.Module<Tensor, Tensor> Create(int channels, int bnSplits) =>
        bnSplits == 1 ? nn.BatchNorm2d(channels) : new SplitBatchNorm2d(channels, bnSplits);
}
