using System.CommandLine;
using Lewel.Engine.Runtime;
using Lewel.Engine.Settings;
using TorchSharp;

namespace Lewel.Cli.Commands;

/// <summary><c>lewel doctor</c>: versions, devices, data directory, and whether libtorch loaded (and why not).</summary>
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
        Console.WriteLine($"TorchSharp        {TorchRuntime.TorchSharpVersion}");
        Console.WriteLine($"libtorch backend  {BuildInfo.TorchBackend} (build switch -p:TorchBackend=cpu|cuda|external)");
        Console.WriteLine($"data directory    {settings.ResolvedDataDir}");
        Console.WriteLine($"default device    {settings.Device}");
        if (!TorchRuntime.Loaded)
        {
            Console.WriteLine("native library    NOT LOADED");
            Console.WriteLine(TorchRuntime.Diagnosis);
            return 1;
        }
        Console.WriteLine("native library    loaded");
        Console.WriteLine($"libtorch threads  {torch.get_num_threads()}");
        Console.WriteLine($"devices           cpu{(TorchRuntime.CudaAvailable ? ", " + string.Join(", ", Enumerable.Range(0, TorchRuntime.CudaDeviceCount).Select(i => $"cuda:{i}")) : " (no CUDA device)")}");
        Console.WriteLine($"auto resolves to  {DeviceSelector.Resolve("auto")}");
        return 0;
    }
}
