namespace Lewel.Web.Runs.CrossProcess;

/// <summary>This process's name on the notification channel: a process skips the notifications it sent itself.</summary>
public sealed class RunUpdateRelay
{
    public string Sender { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
}
