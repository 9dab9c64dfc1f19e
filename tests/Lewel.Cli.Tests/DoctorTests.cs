using System.Diagnostics;

namespace Lewel.Cli.Tests;

public class DoctorTests
{
    [Fact]
    public void DoctorReportsThatLibtorchLoadedAndNamesTheDataDirectory()
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "lewel-doctor-" + Guid.NewGuid().ToString("N"));
        var result = CliRunner.Run(new Dictionary<string, string> { ["Lewel__DataDir"] = dataDir }, "doctor");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("native library    loaded", result.Output);
        Assert.Contains(dataDir, result.Output);
        Assert.Contains("TorchSharp        0.107.0", result.Output);
    }

    [Fact]
    public void DoctorPrintsTheLibtorchVersionTheCpuInstructionSetsTheirCapAndTheLayoutRule()
    {
        var result = CliRunner.Run(new Dictionary<string, string> { ["ONEDNN_MAX_CPU_ISA"] = "AVX2" }, "doctor");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("libtorch package  libtorch-cpu-linux-x64 2.10.", result.Output);
        Assert.Contains("libtorch version  2.10.", result.Output);
        Assert.Matches(@"CPU features      (AVX2 (yes|no); AVX-512 [a-z0-9 ]+; AMX [a-z0-9 ]+|unknown)", result.Output);
        Assert.Contains("capped by ONEDNN_MAX_CPU_ISA=AVX2", result.Output);
        Assert.Contains("memory layout     NCHW", result.Output);
        Assert.Contains("oneDNN kernels    on", result.Output);
    }

    [Fact]
    public void HelpListsTheVerbs()
    {
        var result = CliRunner.Run(new Dictionary<string, string>(), "--help");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("doctor", result.Output);
    }
}
