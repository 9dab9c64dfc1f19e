using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Lewel.Engine.Models.Heads;

/// <summary>The official LEWEL <c>MLP1D</c>: Conv1d(k=1, no bias) → BatchNorm1d → ReLU → Conv1d(k=1, no bias), applied
/// to every column of a [B, C, L] tensor; BN statistics cover all B·L columns (lewel-method.md §3, §10.6). State keys
/// <c>mlp.0.weight</c>, <c>mlp.1.*</c>, <c>mlp.3.weight</c>. Convs use Kaiming-normal fan_out (§4.1).</summary>
public sealed class Mlp1d : nn.Module<Tensor, Tensor>
{
    private readonly Sequential mlp;

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
        RegisterComponents();

        using var noGrad = no_grad();
        nn.init.kaiming_normal_(first.weight, mode: nn.init.FanInOut.FanOut, nonlinearity: nn.init.NonlinearityType.ReLU);
        nn.init.kaiming_normal_(last.weight, mode: nn.init.FanInOut.FanOut, nonlinearity: nn.init.NonlinearityType.ReLU);
        nn.init.ones_(norm.weight);
        nn.init.zeros_(norm.bias);
    }

    /// <param name="input">[B, InChannels, L]</param>
    /// <returns>[B, OutChannels, L]</returns>
    public override Tensor forward(Tensor input)
    {
        if (input.dim() != 3 || input.shape[1] != InChannels)
            throw new ArgumentException($"Mlp1d expects [B, {InChannels}, L], got [{string.Join(", ", input.shape)}]", nameof(input));
        return mlp.call(input);
    }
}
