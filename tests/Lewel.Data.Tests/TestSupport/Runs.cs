using Lewel.Data.Entities;

namespace Lewel.Data.Tests.TestSupport;

public static class Runs
{
    public static NewRun New(string name = "r", string method = "lewel-b", IReadOnlyList<string>? tags = null, string? notes = null,
        string? pairingKey = null) =>
        new(name, RunKind.Pretrain, method, "{\"method\":\"" + method + "\"}", "shapes:size=16,n=64", "resnet18", 7, "cpu", "cpu", 100)
        {
            Tags = tags ?? [],
            Notes = notes,
            PairingKey = pairingKey,
        };

    public static Run Detached(RunStatus status = RunStatus.Queued)
    {
        var run = new Run(New(), new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        var now = DateTime.UtcNow;
        if (status == RunStatus.Queued) return run;
        run.Start(run.ExecutionToken, "host", now);
        switch (status)
        {
            case RunStatus.Succeeded: run.Succeed(10, now); break;
            case RunStatus.Failed: run.Fail("boom", 3, now); break;
            case RunStatus.Cancelled: run.Cancel("cancelled by user", now); break;
            case RunStatus.Interrupted: run.Interrupt("interrupted by shutdown", now); break;
        }
        return run;
    }
}
