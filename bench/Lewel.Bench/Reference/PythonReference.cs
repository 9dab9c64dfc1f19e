using System.Diagnostics;
using System.Globalization;
using Lewel.Bench.Measurement;

namespace Lewel.Bench.Reference;

/// <summary>Runs bench/reference/bench_step.py (the PyTorch reference step) in a child process and reads its JSON lines.
/// The interpreter is $LEWEL_PYTHON, else Debian's /usr/bin/python3 (torch 1.13), else python3 on the PATH.</summary>
public sealed class PythonReference(string python, string script)
{
    public string Python { get; } = python;
    public string Script { get; } = script;

    public static PythonReference Locate(string repoRoot, string? python = null)
    {
        python ??= Environment.GetEnvironmentVariable("LEWEL_PYTHON");
        python ??= File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
        var script = Path.Combine(repoRoot, "bench", "reference", "bench_step.py");
        if (!File.Exists(script)) throw new FileNotFoundException($"the PyTorch reference script is missing: {script}", script);
        return new PythonReference(python, script);
    }

    /// <summary>Times <paramref name="method"/> at <paramref name="config"/> with the reference, on the CPU with
    /// <paramref name="threads"/> threads.</summary>
    public StepMeasurement Measure(string method, BenchConfig config, int warmup, int steps, int threads, TimeSpan timeout)
    {
        var line = Run(
        [
            "--method", method, "--arch", config.Backbone, "--width", config.Width.ToString(CultureInfo.InvariantCulture),
            "--stem", config.Stem, "--batch", config.BatchSize.ToString(CultureInfo.InvariantCulture),
            "--image-size", config.ImageSize.ToString(CultureInfo.InvariantCulture), "--warmup", warmup.ToString(CultureInfo.InvariantCulture),
            "--steps", steps.ToString(CultureInfo.InvariantCulture), "--threads", threads.ToString(CultureInfo.InvariantCulture),
            "--device", "cpu", "--label", config.Name,
        ], timeout).Single();
        return ToMeasurement(line, config.Name);
    }

    public static StepMeasurement ToMeasurement(ReferenceLine line, string configName)
    {
        if (line.Error is not null) throw new InvalidOperationException($"the PyTorch reference failed for {line.Method} at {configName}: {line.Error}");
        return new StepMeasurement(StepMeasurement.PyTorch, line.Method, configName, line.Batch, line.ImageSize, line.Width,
            line.Warmup, line.Steps, line.MedianStepS, line.MeanStepS, line.PhasesMedianS, line.PeakRssMb, line.LossFirst, line.LossLast,
            line.MedianCpuS ?? double.NaN) { PhaseCpuMedianSeconds = line.PhasesCpuMedianS, Library = $"PyTorch {line.Torch}, BLAS {line.Blas ?? "unknown"}" };
    }

    private static string? ThreadsArgument(IReadOnlyList<string> arguments)
    {
        var at = arguments.ToList().IndexOf("--threads");
        return at >= 0 && at + 1 < arguments.Count ? arguments[at + 1] : null;
    }

    /// <summary>Runs the script with <paramref name="arguments"/> and returns its JSON lines; throws with the script's
    /// error output when it exits non-zero or prints nothing.</summary>
    public IReadOnlyList<ReferenceLine> Run(IReadOnlyList<string> arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Script);
        foreach (var a in arguments) start.ArgumentList.Add(a);
        start.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        // OpenBLAS keeps its own thread pool, which torch.set_num_threads does not reach in Debian's build.
        if (ThreadsArgument(arguments) is { } threads) start.Environment["OPENBLAS_NUM_THREADS"] = threads;
        using var process = StartOrExplain(start);
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the PyTorch reference did not finish within {timeout.TotalSeconds:F0} s: {Python} {Script} {string.Join(' ', arguments)}");
        }
        process.WaitForExit();
        var lines = stdout.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (process.ExitCode != 0 || lines.Length == 0)
            throw new InvalidOperationException(
                $"the PyTorch reference exited with code {process.ExitCode}: {Python} {Script} {string.Join(' ', arguments)}\n" +
                $"{stdout.Result}\n{stderr.Result}");
        return lines.Select(ReferenceLine.Parse).ToList();
    }

    private Process StartOrExplain(ProcessStartInfo start)
    {
        try
        {
            return Process.Start(start) ?? throw new InvalidOperationException($"could not start {Python}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException(
                $"cannot run the PyTorch reference with '{Python}' ({e.Message}). Install python3-torch (apt) or set LEWEL_PYTHON.", e);
        }
    }
}
