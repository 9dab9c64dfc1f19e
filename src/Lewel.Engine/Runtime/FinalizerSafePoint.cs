namespace Lewel.Engine.Runtime;

/// <summary>Makes the .NET garbage collector finalize TorchSharp's temporaries only where no torch call is in flight.
/// <para>Why: TorchSharp passes a <c>Scalar</c>'s raw handle to libtorch and keeps no reference to the object during
/// the native call (no <c>GC.KeepAlive</c>). A temporary Scalar, made by every implicit conversion such as
/// <c>x.remainder_(size)</c> and by TorchSharp itself for the <c>alpha</c> of every tensor <c>+</c>, <c>-</c>,
/// <c>add_</c> and <c>sub_</c>, is garbage as soon as its handle has been read, so a collection that happens during
/// the call lets the finalizer thread free the native scalar while libtorch still reads it. Measured with TorchSharp
/// 0.107 and a thread collecting about 30 times a second: <c>t.remainder_(997)</c> failed 14 times in 343,000 calls,
/// <c>f.add_(g)</c> 40 in 949,000 and <c>f + g</c> 125 in 1,541,000 ("Unknown scalar type", "Expected false to be
/// true"), while a Scalar held in a <c>using</c> variable or a field never failed. In training it showed as a run failing
/// with "Unknown scalar type" in <c>remainder</c> or "argument alpha must not be a floating point number", now and
/// then, more often on a busy machine.</para>
/// <para>So the training loop collects at a safe point after its step (<see cref="CollectIfDue"/>), while background
/// torch work (the batch producer) is held off by <see cref="EnterTorchWork"/>, and the training process is started
/// with a gen0 budget large enough that the runtime rarely needs to collect between safe points
/// (<see cref="ChildEnvironment"/>).</para></summary>
public static class FinalizerSafePoint
{
    /// <summary>Managed bytes allocated since the last safe-point collection that make the next one due: half the gen0
    /// budget the runtime applies under <see cref="ChildEnvironment"/>.</summary>
    public const long DueAfterBytes = 64L << 20;

    /// <summary>The training process's GC settings: a 256 MiB gen0 budget (the default is a few MiB, which a batch of
    /// decoded images exceeds) and arrays up to 128 MiB in gen0 rather than the large-object heap, whose own budget
    /// would otherwise trigger full collections every few dozen MiB. Measured: allocating 1.1 GiB in 32 KiB and 256 KiB
    /// arrays took 347 collections by default and 9 with these. The runtime (.NET 10, regions) caps what it applies at a
    /// 128 MiB gen0 budget and a 4 MiB threshold (<c>GC.GetConfigurationVariables()</c>: GCGen0MaxBudget, LOHThreshold;
    /// 6 MiB and 85,000 bytes without these). Both are environment-only settings of the runtime, so they apply to
    /// processes started with them: a run's <c>lewel job</c> child, a study's children, and <c>lewel</c> itself, which
    /// restarts itself with them when a user starts it without.</summary>
    public static IReadOnlyDictionary<string, string> ChildEnvironment { get; } = new Dictionary<string, string>
    {
        ["DOTNET_GCgen0size"] = "0x10000000",
        ["DOTNET_GCLOHThreshold"] = "0x8000000",
    };

    private static readonly Lock TorchWork = new();
    private static long allocatedAtLastCollection = GC.GetTotalAllocatedBytes();

    /// <summary>Collections made by <see cref="CollectIfDue"/> in this process.</summary>
    public static int Collections { get; private set; }

    /// <summary>Held by a thread other than the training loop's while it calls into torch, so that a safe-point
    /// collection waits for it to finish.</summary>
    public static Lock.Scope EnterTorchWork() => TorchWork.EnterScope();

    /// <summary>Called by the training loop between steps, when none of its own torch calls is in flight: once
    /// <see cref="DueAfterBytes"/> have been allocated since the last time, waits for background torch work to pause,
    /// collects, and runs the finalizers of the garbage found. True when it collected.</summary>
    public static bool CollectIfDue()
    {
        if (GC.GetTotalAllocatedBytes() - Volatile.Read(ref allocatedAtLastCollection) < DueAfterBytes) return false;
        using (TorchWork.EnterScope())
        {
            GC.Collect(1, GCCollectionMode.Forced, blocking: true);
            GC.WaitForPendingFinalizers();
            Volatile.Write(ref allocatedAtLastCollection, GC.GetTotalAllocatedBytes());
            Collections++;
        }
        return true;
    }
}
