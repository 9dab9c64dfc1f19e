namespace Lewel.Web.Jobs.Workers;

/// <summary>The name under which this process runs jobs: stamped on each run it holds (<c>Run.Host</c>) and the key of
/// its entry in the worker registry. The studio uses the machine name (as before); a worker host uses
/// <c>Lewel:Worker:Name</c>, by default the machine name and its process id, so that two workers on one machine stay
/// apart.</summary>
public sealed record WorkerIdentity(string Name)
{
    public const string NameSetting = "Lewel:Worker:Name";

    public static WorkerIdentity ForStudio() => new(Environment.MachineName);

    public static WorkerIdentity ForWorkerHost(string? configured)
    {
        var name = string.IsNullOrWhiteSpace(configured) ? $"{Environment.MachineName}:{Environment.ProcessId}" : configured.Trim();
        if (name.Length > Data.Entities.WorkerRecord.MaxIdLength)
            throw new InvalidOperationException($"{NameSetting}: at most {Data.Entities.WorkerRecord.MaxIdLength} characters (got {name.Length}).");
        return new WorkerIdentity(name);
    }
}
