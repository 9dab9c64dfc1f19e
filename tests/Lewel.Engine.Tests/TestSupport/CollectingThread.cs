namespace Lewel.Engine.Tests.TestSupport;

/// <summary>A thread that collects garbage and runs finalizers as fast as it can, so that any TorchSharp temporary
/// left unreferenced during a native call is finalized during it (see <c>FinalizerSafePoint</c>).</summary>
public sealed class CollectingThread : IDisposable
{
    private readonly Thread thread;
    private volatile bool stop;

    public CollectingThread()
    {
        thread = new Thread(() =>
        {
            while (!stop)
            {
                GC.KeepAlive(new byte[1 << 16]);
                GC.Collect();
                GC.WaitForPendingFinalizers();
                Collections++;
            }
        }) { IsBackground = true, Name = "collecting" };
        thread.Start();
    }

    public int Collections { get; private set; }

    public void Dispose()
    {
        stop = true;
        thread.Join(TimeSpan.FromSeconds(10));
    }
}
