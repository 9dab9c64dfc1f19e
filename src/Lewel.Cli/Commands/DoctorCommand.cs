using System.CommandLine;
using Lewel.Engine.Models.Backbones;
using Lewel.Engine.Runtime;
using Lewel.Engine.Settings;
using TorchSharp;

namespace Lewel.Cli.Commands;

/// <summary><c>lewel doctor</c>: versions (TorchSharp, the libtorch package and the libtorch version it is built for),
/// devices, data directory, the CPU instruction sets that decide oneDNN's kernels and any cap on them, the CPU memory
/// layout rule, and whether libtorch loaded (and why not).</summary>
public static class DoctorCommand
{
    public static Command Create(LewelSettings settings)
    {
        var command = new Command("doctor", "Check that TorchSharp and libtorch load; list devices, versions and the data directory");
        var checkKernels = new Option<double?>("--check-kernels")
        {
            Description = "Also check, on this machine, that a ResNet-18 of this width gets right float32 gradients from the CPU kernels the engine picks (float64 reference); exit 3 if not",
        };
        command.Options.Add(checkKernels);
        command.SetAction(parse =>
        {
            var status = Run(settings);
            return status == 0 && parse.GetValue(checkKernels) is { } width ? CheckKernels(width) : status;
        });
        return command;
    }

    /// <summary>Exit code when the kernel check finds wrong gradients.</summary>
    public const int WrongKernels = 3;

    private static int CheckKernels(double width)
    {
        var check = KernelCheck.BackboneGradients(width);
        Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"kernel check      resnet18 width {width}, oneDNN {(check.OneDnnOn ? "on" : "off")}: float32 gradients within {check.WorstError:g3} of float64 " +
            $"(worst: {check.WorstParameter}; tolerance {KernelCheck.Tolerance:g3}) — {(check.Passed ? "right" : "WRONG")}"));
        return check.Passed ? 0 : WrongKernels;
    }

    private static int Run(LewelSettings settings)
    {
        var cpu = CpuFeatures.Current;
        var overrides = CpuFeatures.Overrides(Environment.GetEnvironmentVariable);
        Console.WriteLine($"TorchSharp        {TorchRuntime.TorchSharpVersion}");
        Console.WriteLine($"libtorch backend  {BuildInfo.TorchBackend} (build switch -p:TorchBackend=cpu|cuda|external)");
        Console.WriteLine($"libtorch package  {TorchRuntime.LibTorchPackage}");
        Console.WriteLine($"GC settings       {GcSettings()}");
        Console.WriteLine($"data directory    {settings.ResolvedDataDir}");
        Console.WriteLine($"default device    {settings.Device}");
        Console.WriteLine($"CPU               {cpu.Model ?? "unknown"}");
        Console.WriteLine($"CPU features      {cpu.Describe()}");
        Console.WriteLine($"oneDNN ISA        {cpu.OneDnnIsa} (the widest these features allow); " +
                          (overrides.Count > 0 ? $"capped by {string.Join(", ", overrides)}" : $"no override ({string.Join(", ", CpuFeatures.OverrideVariables)} unset)"));
        Console.WriteLine($"memory layout     {CpuLayoutRule.Description}");
        if (!TorchRuntime.Loaded)
        {
            Console.WriteLine("native library    NOT LOADED");
            Console.WriteLine(TorchRuntime.Diagnosis);
            return 1;
        }
        Console.WriteLine("native library    loaded");
        Console.WriteLine($"libtorch version  {TorchRuntime.LibTorchVersionExpected} (the version TorchSharp {TorchRuntime.TorchSharpVersion} is built for)");
        Console.WriteLine($"libtorch file     {TorchRuntime.LoadedLibTorchFile ?? "unknown"}");
        Console.WriteLine($"oneDNN kernels    {OneDnnState()}");
        Console.WriteLine($"libtorch threads  {torch.get_num_threads()}");
        Console.WriteLine($"devices           cpu{(TorchRuntime.CudaAvailable ? ", " + string.Join(", ", Enumerable.Range(0, TorchRuntime.CudaDeviceCount).Select(i => $"cuda:{i}")) : " (no CUDA device)")}");
        Console.WriteLine($"auto resolves to  {DeviceSelector.Resolve("auto")}");
        return 0;
    }

    private static string OneDnnState() => OneDnn.Enabled switch
    {
        true => "on in this process until a network first computes on the CPU, which turns them off (LEWEL_ONEDNN=on keeps them)",
        false => $"off ({OneDnn.DisabledBecause ?? "turned off outside the engine"})",
        null => "unknown (libtorch does not expose the switch)",
    };

    /// <summary>The gen0 budget and large-object threshold the runtime applies (training needs
    /// <see cref="Engine.Runtime.FinalizerSafePoint.ChildEnvironment"/>'s; lewel restarts itself with them when they are unset).</summary>
    private static string GcSettings()
    {
        var variables = GC.GetConfigurationVariables();
        string Of(string name) => variables.TryGetValue(name, out var value) ? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "?" : "default";
        // The runtime caps both (with regions: a 128 MiB gen0 budget, a 4 MiB threshold); these are what it applies.
        return $"gen0 budget up to {Of("GCGen0MaxBudget")} bytes, large-object threshold {Of("LOHThreshold")} bytes";
    }
}
