namespace Lewel.Cli.Tests;

/// <summary>A user who starts <c>lewel</c> from a shell has none of the GC settings a training process needs; lewel then
/// restarts itself with them, and the runtime applies them (the doctor prints what the runtime reports).</summary>
public class GcSettingsExecTests
{
    private const string Applied = "GC settings       gen0 budget up to 134217728 bytes, large-object threshold 4194216 bytes";

    private static Dictionary<string, string?> Unset(params (string Name, string? Value)[] extra)
    {
        var environment = new Dictionary<string, string?> { ["DOTNET_GCgen0size"] = null, ["DOTNET_GCLOHThreshold"] = null };
        foreach (var (name, value) in extra) environment[name] = value;
        return environment;
    }

    [Fact]
    public void StartedWithoutTheSettings_RestartsItselfWithThem_AndKeepsItsExitCode()
    {
        var doctor = CliRunner.Run(Unset(), TimeSpan.FromMinutes(2), "doctor");
        Assert.Equal(0, doctor.ExitCode);
        Assert.Contains(Applied, doctor.Output);

        var refused = CliRunner.Run(Unset(), TimeSpan.FromMinutes(2), "pretrain", "--method", "simclr", "--out", Path.GetTempPath());
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("simclr", refused.Output);
    }

    [Fact]
    public void AVariableSetButEmpty_IsReplaced()
    {
        var doctor = CliRunner.Run(Unset(("DOTNET_GCgen0size", "")), TimeSpan.FromMinutes(2), "doctor");
        Assert.Equal(0, doctor.ExitCode);
        Assert.Contains(Applied, doctor.Output);
    }

    [Fact]
    public void WithoutTheRestart_TheRuntimeKeepsItsDefaults()
    {
        var doctor = CliRunner.Run(Unset(("LEWEL_GC_SETTINGS_APPLIED", "1")), TimeSpan.FromMinutes(2), "doctor");
        Assert.Equal(0, doctor.ExitCode);
        Assert.Contains("GC settings", doctor.Output);
        Assert.DoesNotContain(Applied, doctor.Output);
    }

    [Fact]
    public void AValueTheUserSet_IsKept()
    {
        var doctor = CliRunner.Run(Unset(("DOTNET_GCgen0size", "0x2000000")), TimeSpan.FromMinutes(2), "doctor");
        Assert.Equal(0, doctor.ExitCode);
        Assert.Contains("gen0 budget up to 33554432 bytes, large-object threshold 4194216 bytes", doctor.Output);
    }
}
