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
    public void HelpListsTheVerbs()
    {
        var result = CliRunner.Run(new Dictionary<string, string>(), "--help");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("doctor", result.Output);
    }
}
