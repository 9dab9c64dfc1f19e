using Lewel.Engine.Hosting;

namespace Lewel.Cli.Jobs;

/// <summary>The child's side of stdin (<see cref="JobWire"/>): the line <c>stop</c> requests a graceful stop (the run
/// checkpoints and exits); the end of stdin means the supervisor is gone, and the process ends at once, so no child
/// ever trains on unsupervised. SIGTERM also ends it at once, even inside a hung step.</summary>
internal sealed class SupervisorLink : IDisposable
{
    /// <summary>Exit status when the supervisor went away (stdin closed).</summary>
    public const int SupervisorGone = 75;

    private readonly CancellationTokenSource stop = new();
    private readonly System.Runtime.InteropServices.PosixSignalRegistration terminate;

    public SupervisorLink(TextReader input)
    {
        terminate = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM,
            _ => ImmediateExit.Now(143));
        var reader = new Thread(() => Listen(input)) { IsBackground = true, Name = "supervisor link" };
        reader.Start();
    }

    /// <summary>Signalled when the supervisor asks the run to stop.</summary>
    public CancellationToken StopRequested => stop.Token;

    private void Listen(TextReader input)
    {
        try
        {
            while (input.ReadLine() is { } line)
                if (line.Trim() == JobWire.StopCommand) stop.Cancel();
        }
        catch (IOException) { /* a broken pipe is a closed one */ }
        Console.Error.WriteLine("lewel job: the supervisor is gone (stdin closed); exiting at once");
        ImmediateExit.Now(SupervisorGone);
    }

    public void Dispose()
    {
        terminate.Dispose();
        stop.Dispose();
    }
}
