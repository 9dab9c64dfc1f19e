using Lewel.Engine.Models.Backbones;
using TorchSharp;
using static TorchSharp.torch;

namespace Lewel.Engine.Runtime;

/// <summary>Checks, on this machine, that the CPU kernels a ResNet runs with compute right gradients: float32 against
/// float64 (which never runs on oneDNN) for one forward and backward pass. oneDNN's bugs depend on the CPU and its
/// instruction sets, so <c>lewel doctor --check-kernels</c> runs this where the training will run. The oneDNN switch is
/// process-wide, so one width per process tells the truth about that width.</summary>
public static class KernelCheck
{
    /// <summary>Below this share of the largest gradient element, float32 agrees with float64.</summary>
    public const double Tolerance = 1e-3;

    public sealed record Result(double Width, bool OneDnnOn, double WorstError, string WorstParameter)
    {
        public bool Passed => WorstError < Tolerance;
    }

    public static Result BackboneGradients(double width, string backbone = "resnet18", int imageSize = 16, long seed = 7)
    {
        TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        manual_seed(seed);
        using var net = ResNet.Create(backbone, width, "small", 1);
        var images = randn(4, 3, imageSize, imageSize);
        var finalSize = ResNetSpec.FinalMapSize(imageSize, ResNetStem.Small, 1);
        var weights = randn(4, net.OutChannels, finalSize, finalSize);
        Dictionary<string, Tensor> Gradients(ScalarType type)
        {
            net.to(type);
            net.zero_grad();
            using (var output = net.call(images.to(type))) (output * weights.to(type)).sum().backward();
            return net.named_parameters().ToDictionary(p => p.name, p => p.parameter.grad!.to(float64));
        }
        var single = Gradients(float32);
        var oneDnnOn = OneDnn.Enabled ?? false;
        var reference = Gradients(float64);
        var (worstName, worst) = ("", 0.0);
        foreach (var (name, value) in reference)
        {
            var error = ((single[name] - value).abs().max() / (value.abs().max() + 1e-12)).item<double>();
            if (!(error < worst)) (worstName, worst) = (name, double.IsNaN(error) ? double.PositiveInfinity : error);
        }
        return new Result(width, oneDnnOn, worst, worstName);
    }
}
