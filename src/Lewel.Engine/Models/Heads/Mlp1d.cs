using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Lewel.Engine.Models.Heads;

/// <summary>The official LEWEL <c>MLP1D</c>: Conv1d(k=1, no bias) → BatchNorm1d → ReLU → Conv1d(k=1, no bias), applied
/// to every column of a [B, C, L] tensor; BN statistics cover all B·L columns (lewel-method.md §3, §10.6). State keys
/// <c>mlp.0.weight</c>, <c>mlp.1.*</c>, <c>mlp.3.weight</c>. Convs use Kaiming-normal fan_out (§4.1).</summary>
/// <remarks>The weights keep the Conv1d shapes [out, in, 1] so checkpoints exchange with the official code, but the
/// forward pass is two matrix products over the B·L columns as rows: a kernel-1 convolution computes the same thing,
/// and on the CPU libtorch runs it as one small GEMM per sample, which made the LEWEL heads several times slower. The
/// BN over [B·L, hidden] normalises each channel over the same B·L entries as BN over [B, hidden, L].</remarks>
public sealed class Mlp1d : nn.Module<Tensor, Tensor>
{
    private readonly Sequential mlp;
    // Typed handles on mlp's layers, in a holder that RegisterComponents does not see (a Module field would be
    // registered a second time under its field name).
    private readonly Layers layers;

    private sealed record Layers(Conv1d First, BatchNorm1d Norm, Conv1d Last);

    public int InChannels { get; }
    public int OutChannels { get; }

    public Mlp1d(int inChannels, int hiddenChannels, int outChannels) : base(nameof(Mlp1d))
    {
        InChannels = inChannels;
        OutChannels = outChannels;
        var first = nn.Conv1d(inChannels, hiddenChannels, kernel_size: 1, bias: false);
        var norm = nn.BatchNorm1d(hiddenChannels);
        var last = nn.Conv1d(hiddenChannels, outChannels, kernel_size: 1, bias: false);
        mlp = nn.Sequential(("0", first), ("1", norm), ("2", nn.ReLU()), ("3", last));
        layers = new Layers(first, norm, last);
        RegisterComponents();

        using var noGrad = no_grad();
        nn.init.kaiming_normal_(first.weight, mode: nn.init.FanInOut.FanOut, nonlinearity: nn.init.NonlinearityType.ReLU);
        nn.init.kaiming_normal_(last.weight, mode: nn.init.FanInOut.FanOut, nonlinearity: nn.init.NonlinearityType.ReLU);
        nn.init.ones_(norm.weight);
        nn.init.zeros_(norm.bias);
    }

    /// <param name="input">[B, InChannels, L], or [B, InChannels] taken as B columns (the global embedding of a
    /// projection network: BN over the B rows).</param>
    /// <returns>[B, OutChannels, L], a transposed view of the [B·L, OutChannels] rows (not contiguous); [B, OutChannels]
    /// for a 2-D input.</returns>
    public override Tensor forward(Tensor input)
    {
        if (input.dim() == 2 && input.shape[1] == InChannels)
            return ForwardRows(input);
        if (input.dim() != 3 || input.shape[1] != InChannels)
            throw new ArgumentException($"Mlp1d expects [B, {InChannels}, L] or [B, {InChannels}], got [{string.Join(", ", input.shape)}]", nameof(input));
        long batch = input.shape[0], length = input.shape[2];
        var rows = ForwardRows(input.transpose(1, 2).reshape(batch * length, InChannels));
        return rows.view(batch, length, OutChannels).transpose(1, 2);
    }

    /// <summary>The same MLP on columns given as rows.</summary>
    /// <param name="rows">[R, InChannels]</param>
    /// <returns>[R, OutChannels]</returns>
    public Tensor ForwardRows(Tensor rows)
    {
        using var scope = NewDisposeScope();
        var hidden = nn.functional.linear(rows, layers.First.weight!.squeeze(2));
        hidden = nn.functional.relu(layers.Norm.call(hidden), inplace: true);
        return nn.functional.linear(hidden, layers.Last.weight!.squeeze(2)).MoveToOuterDisposeScope();
    }
}
