using Lewel.Engine.Hosting;
using Lewel.Engine.Training.Events;

namespace Lewel.Cli.Jobs;

/// <summary>Writes every event as one <see cref="JobWire"/> line on the process's real stdout, flushed per line so the
/// supervisor sees each step as it happens.</summary>
internal sealed class WireObserver(TextWriter output) : ITrainingObserver
{
    private readonly Lock gate = new();

    public void OnEvent(TrainingEvent e) => Write(JobWire.Encode(e));

    public void Result(JobResult result) => Write(JobWire.Encode(result));

    private void Write(string line)
    {
        lock (gate)
        {
            output.WriteLine(line);
            output.Flush();
        }
    }
}
