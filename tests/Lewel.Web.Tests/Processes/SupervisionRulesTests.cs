using Lewel.Engine.Training.Events;
using Lewel.Web.Jobs;
using Lewel.Web.Jobs.Processes;

namespace Lewel.Web.Tests.Processes;

public class SupervisionRulesTests
{
    private sealed class ManualTime : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
        public override DateTimeOffset GetUtcNow() => Now;
        public void Advance(double seconds) => Now = Now.AddSeconds(seconds);
    }

    private static StepCompleted Step(int step) => new(DateTimeOffset.UtcNow, step, 0, 1, 1, null, 0.1, 0.99, 10, 0, 0.1);

    [Theory]
    [InlineData(139, "died with SIGSEGV")]
    [InlineData(134, "died with SIGABRT")]
    [InlineData(137, "was killed (SIGKILL")]
    [InlineData(1, "exited with code 1")]
    public void AnExitIsDescribedByItsSignal(int exitCode, string expected) =>
        Assert.StartsWith(expected, ExitStatus.Describe(exitCode));

    [Fact]
    public void AChildGetsItsGpuAndTheSafePointGcSettings()
    {
        var environment = JobSupervisor.ChildEnvironment("3");
        Assert.Equal("3", environment["CUDA_VISIBLE_DEVICES"]);
        Assert.Equal("0x10000000", environment["DOTNET_GCgen0size"]);
        Assert.False(JobSupervisor.ChildEnvironment(null).ContainsKey("CUDA_VISIBLE_DEVICES"));
    }

    [Fact]
    public void BeforeTheFirstStep_TheStartupBoundApplies()
    {
        var time = new ManualTime();
        var watchdog = new StallWatchdog(new JobsOptions { StartupStallSeconds = 600, StallMinSeconds = 120 }, time);
        time.Advance(599);
        Assert.False(watchdog.IsStalled);
        time.Advance(2);
        Assert.True(watchdog.IsStalled);
    }

    [Fact]
    public void TheBoundIsAMultipleOfTheMedianStep_ButNeverBelowTheMinimum()
    {
        var time = new ManualTime();
        var watchdog = new StallWatchdog(new JobsOptions { StallStepFactor = 10, StallMinSeconds = 120 }, time);
        for (var step = 1; step <= 20; step++)
        {
            watchdog.Observe(Step(step));
            time.Advance(30); // a slow run: 30 s per step
        }
        Assert.Equal(TimeSpan.FromSeconds(300), watchdog.Bound);

        var fast = new StallWatchdog(new JobsOptions { StallStepFactor = 10, StallMinSeconds = 120 }, time);
        for (var step = 1; step <= 20; step++)
        {
            fast.Observe(Step(step));
            time.Advance(0.5);
        }
        Assert.Equal(TimeSpan.FromSeconds(120), fast.Bound);
    }

    [Fact]
    public void StepsReadBackInABurstCountAsOneBeat()
    {
        var time = new ManualTime();
        var watchdog = new StallWatchdog(new JobsOptions { StallStepFactor = 10, StallMinSeconds = 1 }, time);
        for (var burst = 0; burst < 5; burst++)
        {
            for (var i = 1; i <= 10; i++) watchdog.Observe(Step(burst * 10 + i)); // ten steps read back at once
            time.Advance(20);
        }
        Assert.Equal(TimeSpan.FromSeconds(200), watchdog.Bound);
        Assert.Equal(50, watchdog.LastStep);
    }

    [Fact]
    public void AnyEventIsASignOfLife()
    {
        var time = new ManualTime();
        var watchdog = new StallWatchdog(new JobsOptions { StallStepFactor = 2, StallMinSeconds = 10 }, time);
        watchdog.Observe(Step(1));
        time.Advance(9);
        watchdog.Observe(new LogMessage(time.Now, "info", "knn: features 3000/50000"));
        time.Advance(9);
        Assert.False(watchdog.IsStalled);
        time.Advance(2);
        Assert.True(watchdog.IsStalled);
    }

    [Theory]
    [InlineData("cuda:3", "cuda:0", "3")]
    [InlineData("cuda", "cuda:0", "0")]
    [InlineData("cpu", "cpu", "")]
    public void AGpuRunSeesOnlyItsOwnGpu(string device, string childDevice, string visible) =>
        Assert.Equal((childDevice, visible), RunExecution.Placement(device));
}
