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
        command.SetAction(_ => Run(settings));
        return command;
    }

    private static int Run(LewelSettings settings)
    {
        var cpu = CpuFeatures.Current;
        var overrides = CpuFeatures.Overrides(Environment.GetEnvironmentVariable);
        Console.WriteLine($"TorchSharp        {TorchRuntime.TorchSharpVersion}");
        Console.WriteLine($"libtorch backend  {BuildInfo.TorchBackend} (build switch -p:TorchBackend=cpu|cuda|external)");
        Console.WriteLine($"libtorch package  {TorchRuntime.LibTorchPackage}");
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
}
