namespace Lewel.Cli.Tests;

/// <summary>The CPU kernels the engine picks (CpuLayoutRule) compute right gradients on the machine that runs the tests,
/// each width in a fresh process (the oneDNN switch is process-wide), with the machine's own instruction sets and with
/// oneDNN capped at AVX2 as on an AVX2-only CPU.</summary>
public class KernelCheckTests
{
    [Theory]
    [InlineData(0.0625, null)]
    [InlineData(0.25, null)]
    [InlineData(0.3, null)]
    [InlineData(0.5, null)]
    [InlineData(1.0, null)]
    [InlineData(0.0625, "AVX2")]
    [InlineData(0.25, "AVX2")]
    [InlineData(1.0, "AVX2")]
    public void TheEnginesCpuKernelsGiveRightGradients(double width, string? isa)
    {
        var environment = new Dictionary<string, string?> { ["ONEDNN_MAX_CPU_ISA"] = isa };
        var result = CliRunner.Run(environment, TimeSpan.FromSeconds(120), "doctor", "--check-kernels", width.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.False(result.TimedOut, "the kernel check hung");
        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("— right", result.Output);
        Assert.Contains(width is 0.0625 or 0.3 ? "oneDNN off" : "oneDNN on", result.Output);
    }
}
