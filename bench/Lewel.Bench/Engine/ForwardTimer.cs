using System.Diagnostics;
using System.Reflection;
using TorchSharp;

namespace Lewel.Bench.Engine;

/// <summary>Adds up the wall time spent inside one submodule's forward calls (e.g. the target network inside a method's
/// Loss), through TorchSharp's forward pre- and post-hooks. Only CPU timings are exact; on a GPU the hooks see launch
/// time unless the caller synchronises.</summary>
public sealed class ForwardTimer : IDisposable
{
    private readonly Stopwatch watch = new();
    private readonly Process self = Process.GetCurrentProcess();
    private readonly List<object> removers = [];
    private TimeSpan cpuEntered;

    public double Seconds => watch.Elapsed.TotalSeconds;

    /// <summary>The process's CPU time (all threads) spent inside the module's forward calls.</summary>
    public double CpuSeconds { get; private set; }

    public ForwardTimer(torch.nn.Module module)
    {
        removers.Add(Register(module, "register_forward_pre_hook", _ => { cpuEntered = Cpu(); watch.Start(); }));
        removers.Add(Register(module, "register_forward_hook", _ => { watch.Stop(); CpuSeconds += (Cpu() - cpuEntered).TotalSeconds; }));
    }

    public void Reset()
    {
        watch.Reset();
        CpuSeconds = 0;
    }

    private TimeSpan Cpu()
    {
        self.Refresh();
        return self.TotalProcessorTime;
    }

    /// <summary>The submodule registered under <paramref name="name"/> directly below <paramref name="root"/>.</summary>
    public static torch.nn.Module Child(torch.nn.Module root, string name) =>
        root.named_children().FirstOrDefault(c => c.name == name).module
        ?? throw new ArgumentException($"the module has no child named '{name}' (children: {string.Join(", ", root.named_children().Select(c => c.name))})");

    public void Dispose()
    {
        foreach (var remover in removers)
            remover.GetType().GetMethod("remove")?.Invoke(remover, null);
        removers.Clear();
        self.Dispose();
    }

    // HookableModule<TPre, TPost> also takes plain Action<Module> hooks; reach them without knowing the module's types.
    private static object Register(torch.nn.Module module, string name, Action<torch.nn.Module> hook)
    {
        var method = module.GetType().GetMethod(name, BindingFlags.Public | BindingFlags.Instance, [typeof(Action<torch.nn.Module>)])
                     ?? throw new NotSupportedException($"{module.GetType().Name} has no {name}(Action<Module>): it is not a hookable module");
        return method.Invoke(module, [hook]) ?? throw new InvalidOperationException($"{name} returned no remover");
    }
}
