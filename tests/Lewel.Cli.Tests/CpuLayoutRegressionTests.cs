using System.Text.Json.Nodes;

namespace Lewel.Cli.Tests;

/// <summary>Real training of the narrow widths that oneDNN's channels-last kernels corrupt memory on (ResNet-18 at width
/// 1/16 and 1/8: 4 and 8 channels at the stem), every method, 1 and 2 libtorch threads, each in a child
/// <c>lewel pretrain</c> with a time limit: a native abort or a spinning kernel fails one case, not the test host.
/// The two classes run in parallel (one child each at a time); <see cref="Avx2IsaLayoutRegressionTests"/> caps oneDNN at
/// its AVX2 kernels so that an AVX-512 machine exercises them too.</summary>
internal static class LayoutRegression
{
    public static readonly TimeSpan ChildLimit = TimeSpan.FromSeconds(120);

    public static TheoryData<string, double, int> Cases()
    {
        var cases = new TheoryData<string, double, int>();
        foreach (var method in new[] { "byol", "lewel-b", "mocov2", "lewel-m" })
            foreach (var width in new[] { 0.0625, 0.125 })
                foreach (var threads in new[] { 1, 2 })
                    cases.Add(method, width, threads);
        return cases;
    }

    /// <summary>Three optimiser steps (forward and backward through every convolution of the online network, forward
    /// through the target) on 16 px shapes, with small heads and queues and one map snapshot at the end.</summary>
    public static void TrainsThreeSteps(string root, string? maxIsa, string method, double width, int threads)
    {
        var run = Path.Combine(root, $"{method}-w{width.ToString(System.Globalization.CultureInfo.InvariantCulture)}-t{threads}");
        var environment = new Dictionary<string, string?>
        {
            ["Lewel__DataDir"] = Path.Combine(root, "data"),
            ["ONEDNN_MAX_CPU_ISA"] = maxIsa,
            ["DNNL_MAX_CPU_ISA"] = null,
        };
        string[] args =
        [
            "pretrain", "--method", method, "--dataset", "shapes:size=16,n=64,seed=1", "--width", width.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--image-size", "16", "--batch-size", "8", "--steps", "3", "--threads", threads.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--device", "cpu", "--seed", "1",
            "--set", "heads.projectorHidden=32", "--set", "heads.dim=16", "--set", "heads.predictorHidden=32",
            "--set", "moco.queueSize=16", "--set", "moco.alignedQueueSize=64",
            "--set", "monitor.probeIndices=[0]", "--set", "monitor.snapshotEverySteps=0", "--set", "schedule.warmupEpochs=0", "--out", run,
        ];
        var isa = maxIsa is null ? "the native ISA" : $"ONEDNN_MAX_CPU_ISA={maxIsa}";
        var what = $"{method} at width {width} with {threads} thread(s) and {isa}";

        var result = CliRunner.Run(environment, ChildLimit, args);

        Assert.False(result.TimedOut, $"{what} hung: killed after {ChildLimit.TotalSeconds:0} s (a native kernel spinning?)\n{result.Output}");
        Assert.True(result.ExitCode == 0, $"{what} exited with {result.ExitCode}" +
                                          (result.ExitCode is 134 or 139 ? " (native abort or segfault: memory corruption in libtorch?)" : "") +
                                          $"\n{result.Output}");
        var steps = File.ReadAllLines(Path.Combine(run, "metrics.jsonl")).Select(l => JsonNode.Parse(l)!["step"]!.GetValue<int>());
        Assert.Equal([1, 2, 3], steps);
        Directory.Delete(run, recursive: true);
    }
}

/// <summary>A temporary folder for one test class's runs and generated data set.</summary>
public sealed class LayoutRegressionFolder : IDisposable
{
    public string Root { get; } = Path.Combine(Path.GetTempPath(), "lewel-cli-layout-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>oneDNN as it runs by default: the best kernels for this CPU (AVX-512 ones where present); any inherited
/// ISA cap is removed from the child's environment.</summary>
public sealed class NativeIsaLayoutRegressionTests(LayoutRegressionFolder folder) : IClassFixture<LayoutRegressionFolder>
{
    public static TheoryData<string, double, int> Cases => LayoutRegression.Cases();

    [Theory]
    [MemberData(nameof(Cases))]
    public void NarrowNetwork_TrainsWithoutCrashOrHang(string method, double width, int threads) =>
        LayoutRegression.TrainsThreeSteps(folder.Root, maxIsa: null, method, width, threads);
}

/// <summary>oneDNN capped at its AVX2 kernels (<c>ONEDNN_MAX_CPU_ISA=AVX2</c>), as on a machine without AVX-512.</summary>
public sealed class Avx2IsaLayoutRegressionTests(LayoutRegressionFolder folder) : IClassFixture<LayoutRegressionFolder>
{
    public static TheoryData<string, double, int> Cases => LayoutRegression.Cases();

    [Theory]
    [MemberData(nameof(Cases))]
    public void NarrowNetwork_TrainsWithoutCrashOrHang(string method, double width, int threads) =>
        LayoutRegression.TrainsThreeSteps(folder.Root, maxIsa: "AVX2", method, width, threads);
}
