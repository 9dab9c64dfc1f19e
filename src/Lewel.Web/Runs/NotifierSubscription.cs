using System.Threading.Channels;

namespace Lewel.Web.Runs;

/// <summary>One subscriber: updates are queued without blocking the publisher (a training job) and handed to the
/// handler one at a time, in order, on a background task.</summary>
internal sealed class NotifierSubscription : IDisposable
{
    private readonly Channel<RunUpdate> queue = Channel.CreateUnbounded<RunUpdate>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Func<RunUpdate, Task> handler;
    private readonly Action<NotifierSubscription> onDispose;
    private readonly ILogger logger;
    private int disposed;

    public NotifierSubscription(Func<RunUpdate, Task> handler, Action<NotifierSubscription> onDispose, ILogger logger)
    {
        this.handler = handler;
        this.onDispose = onDispose;
        this.logger = logger;
        Completion = Task.Run(PumpAsync);
    }

    public Task Completion { get; }

    public void Post(RunUpdate update) => queue.Writer.TryWrite(update);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1) return;
        queue.Writer.TryComplete();
        onDispose(this);
    }

    private async Task PumpAsync()
    {
        await foreach (var update in queue.Reader.ReadAllAsync())
        {
            if (Volatile.Read(ref disposed) == 1) return;
            try
            {
                await handler(update);
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "A run subscriber failed on {Kind} #{Sequence} of run {RunId}", update.Kind, update.Sequence, update.RunId);
            }
        }
    }
}
