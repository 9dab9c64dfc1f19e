using Lewel.Bench.Measurement;
using Lewel.Bench.Reference;

namespace Lewel.Bench.Tests.Reference;

/// <summary>Runs the PyTorch reference for real (Debian's python3-torch, which scripts/test.sh installs).</summary>
public class PythonReferenceTests
{
    private static readonly PythonReference Reference = PythonReference.Locate(ResultsFile.RepoRoot);

    [Fact]
    public void Run_TinyLewelStep_ReturnsAParsedMeasurement()
    {
        var line = Reference.Run(["--method", "lewel-b", "--width", "0.125", "--batch", "4", "--image-size", "16", "--steps", "1",
            "--warmup", "1", "--proj-hidden", "32", "--pred-hidden", "32", "--dim", "16", "--label", "tiny"], TimeSpan.FromMinutes(2)).Single();
        var m = PythonReference.ToMeasurement(line, "tiny");
        Assert.Equal((StepMeasurement.PyTorch, "lewel-b", 4, 16), (m.Implementation, m.Method, m.BatchSize, m.ImageSize));
        Assert.True(m.MedianStepSeconds > 0);
        Assert.Equal(Phases.All.Order(), m.PhaseMedianSeconds.Keys.Order());
        Assert.Equal(Phases.All.Order(), m.PhaseCpuMedianSeconds.Keys.Order());
        Assert.InRange(m.LossFirst, 3, 5); // lewel-method.md §10.20: ≈ 4 at initialisation
        Assert.True(m.PeakRssMb > 50);
        Assert.True(m.MedianCpuSeconds > 0, "the reference reported no CPU time");
        Assert.Matches(@"^PyTorch \S+, BLAS \S*blas", m.Library); // which BLAS the reference multiplied with
    }

    [Fact]
    public void Run_BadArgument_ThrowsWithTheScriptsMessage()
    {
        var e = Assert.Throws<InvalidOperationException>(() => Reference.Run(["--method", "simclr", "--steps", "1"], TimeSpan.FromMinutes(1)));
        Assert.Contains("method must be one of", e.Message);
    }

    [Fact]
    public void Locate_MissingInterpreter_ExplainsWhatToInstall()
    {
        var missing = new PythonReference("/nonexistent/python3", Reference.Script);
        var e = Assert.Throws<InvalidOperationException>(() => missing.Run(["--help"], TimeSpan.FromSeconds(30)));
        Assert.Contains("python3-torch", e.Message);
    }

    [Fact]
    public void ReferenceChecks_PythonUnitTests_Pass()
    {
        var start = new System.Diagnostics.ProcessStartInfo(Reference.Python, ["-m", "unittest", "discover", "-s",
            Path.GetDirectoryName(Reference.Script)!, "-p", "test_*.py"]) { RedirectStandardError = true, RedirectStandardOutput = true };
        start.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), "the reference's unit tests did not finish in 2 minutes");
        Assert.True(process.ExitCode == 0, output.Result);
    }
}
