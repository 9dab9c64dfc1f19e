using Lewel.Data.Entities;
using Lewel.Data.Tests.TestSupport;

namespace Lewel.Data.Tests.Entities;

public class RunTests
{
    private static readonly DateTime Now = new(2026, 2, 3, 4, 5, 6, DateTimeKind.Utc);

    [Fact]
    public void Constructor_NewRun_IsQueuedWithOneHistoryRow()
    {
        var run = new Run(Runs.New(), Now);
        Assert.Equal(RunStatus.Queued, run.Status);
        Assert.NotEqual(Guid.Empty, run.ExecutionToken);
        Assert.Single(run.History);
        Assert.Equal(Now, run.CreatedAt);
    }

    [Fact]
    public void Start_WithStaleToken_Throws()
    {
        var run = Runs.Detached();
        Assert.Throws<InvalidOperationException>(() => run.Start(Guid.NewGuid(), "h", Now));
        Assert.Equal(RunStatus.Queued, run.Status);
    }

    [Theory]
    [InlineData(RunStatus.Running)]
    [InlineData(RunStatus.Succeeded)]
    [InlineData(RunStatus.Cancelled)]
    public void Start_WhenNotQueued_ThrowsNamingTheRunAndStatus(RunStatus status)
    {
        var run = Runs.Detached(status);
        var e = Assert.Throws<InvalidRunTransitionException>(() => run.Start(run.ExecutionToken, "h", Now));
        Assert.Contains(status.ToString().ToLowerInvariant(), e.Message);
    }

    [Fact]
    public void Requeue_FromSucceeded_Throws()
    {
        var run = Runs.Detached(RunStatus.Succeeded);
        Assert.Throws<InvalidRunTransitionException>(() => run.Requeue("again", Now));
    }

    [Theory]
    [InlineData(RunStatus.Interrupted)]
    [InlineData(RunStatus.Failed)]
    [InlineData(RunStatus.Cancelled)]
    public void Requeue_FromStoppedStates_IssuesANewTokenAndClearsTheError(RunStatus status)
    {
        var run = Runs.Detached(status);
        var before = run.ExecutionToken;
        var token = run.Requeue("resume requested", Now);
        Assert.Equal(RunStatus.Queued, run.Status);
        Assert.NotEqual(before, token);
        Assert.Equal(token, run.ExecutionToken);
        Assert.Null(run.Error);
        Assert.Null(run.FinishedAt);
        Assert.Equal("resume requested", run.History[^1].Message);
    }

    [Fact]
    public void Fail_RecordsReasonStepAndHistory()
    {
        var run = Runs.Detached(RunStatus.Running);
        run.Fail("data set missing", 4, Now);
        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.Equal("data set missing", run.Error);
        Assert.Equal(4, run.Step);
        Assert.Contains("data set missing", run.History[^1].Message);
    }

    [Fact]
    public void RequestCancel_WhenQueued_Throws()
    {
        var run = Runs.Detached();
        Assert.Throws<InvalidRunTransitionException>(run.RequestCancel);
    }

    [Fact]
    public void RecordResume_AddsAResumedAtStepRow()
    {
        var run = Runs.Detached(RunStatus.Running);
        run.RecordResume(120, Now);
        Assert.Equal("resumed at step 120", run.History[^1].Message);
        Assert.Equal(120, run.History[^1].Step);
        Assert.Equal(120, run.Step);
    }

    [Fact]
    public void EveryTransition_IncrementsTheVersion()
    {
        var run = Runs.Detached();
        var v0 = run.Version;
        run.Start(run.ExecutionToken, "h", Now);
        run.Interrupt("shutdown", Now);
        run.Requeue("resume", Now);
        Assert.Equal(v0 + 3, run.Version);
    }
}
