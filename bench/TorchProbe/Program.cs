using System.Diagnostics;
using System.Runtime.InteropServices;
using TorchSharp;

// Loads each native library by itself first, so the dynamic loader's own message is printed, then asks TorchSharp for
// CUDA, multiplies matrices there and compares with the CPU. Exit code 0 only when a CUDA matmul matched.
Console.WriteLine($"TorchProbe: .NET {Environment.Version}, {RuntimeInformation.OSDescription}, " +
                  $"TorchSharp {typeof(torch).Assembly.GetName().Version}");
var searchPath = Environment.GetEnvironmentVariable("LD_LIBRARY_PATH") ?? "";
Console.WriteLine($"LD_LIBRARY_PATH={searchPath}");

string[] libraries = ["libc10.so", "libtorch_cpu.so", "libc10_cuda.so", "libtorch_cuda.so", "libtorch.so"];
foreach (var name in libraries)
{
    var path = searchPath.Split(':', StringSplitOptions.RemoveEmptyEntries).Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
    Step($"dlopen {name}", () => path is null ? "not found on LD_LIBRARY_PATH" : $"{path} -> handle 0x{NativeLibrary.Load(path):x}");
}
Step("dlopen libLibTorchSharp.so", () =>
{
    var shim = Path.Combine(AppContext.BaseDirectory, "libLibTorchSharp.so");
    return $"{shim} -> handle 0x{NativeLibrary.Load(shim):x}";
});

var cudaReady = Step("torch.InitializeDeviceType(CUDA)", () => { torch.InitializeDeviceType(DeviceType.CUDA); return "ok"; });
Step("torch.cuda.is_available()", () => torch.cuda.is_available().ToString());
Step("torch.cuda.device_count()", () => torch.cuda.device_count().ToString());
var matmulOk = false;
if (cudaReady)
{
    matmulOk = Step("CUDA matmul 1024x1024 vs CPU", () =>
    {
        torch.manual_seed(0);
        using var a = torch.randn(1024, 1024);
        using var b = torch.randn(1024, 1024);
        using var onCpu = a.matmul(b);
        using var a1 = a.cuda();
        using var b1 = b.cuda();
        using var onGpu = a1.matmul(b1);
        using var back = onGpu.cpu();
        var maxDiff = (back - onCpu).abs().max().item<float>();
        var clock = Stopwatch.StartNew();
        const int repeats = 20;
        using var big = torch.randn(8192, 8192, device: torch.CUDA);
        for (var i = 0; i < repeats; i++) big.matmul(big).Dispose();
        torch.cuda.synchronize();
        var tflops = 2.0 * Math.Pow(8192, 3) * repeats / clock.Elapsed.TotalSeconds / 1e12;
        if (maxDiff > 1e-2) throw new InvalidOperationException($"CUDA and CPU results differ by {maxDiff}");
        return $"max |gpu - cpu| = {maxDiff:g3}; 8192^3 fp32 matmul {tflops:F1} TFLOP/s (incl. first-call overhead)";
    });
}
else
{
    Step("CPU matmul (no CUDA)", () =>
    {
        using var a = torch.ones(64, 64);
        return $"sum = {a.matmul(a).sum().item<float>()}";
    });
}
Console.WriteLine(matmulOk ? "RESULT: TorchSharp ran on CUDA" : "RESULT: TorchSharp did not run on CUDA");
return matmulOk ? 0 : 1;

static bool Step(string what, Func<string> action)
{
    try
    {
        Console.WriteLine($"[ok]   {what}: {action()}");
        return true;
    }
    catch (Exception e)
    {
        Console.WriteLine($"[fail] {what}: {e}");
        return false;
    }
}
