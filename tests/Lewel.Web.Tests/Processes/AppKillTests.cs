using Lewel.Web.Tests.TestSupport;

namespace Lewel.Web.Tests.Processes;

/// <summary>kill -9 of the whole app mid-run (a real OS process), then a fresh start on the same data directory: the
/// run's child exits on its own, and the run finishes with every step (1..300) exactly once and the losses of an uninterrupted
/// run.</summary>
[Collection(StudioProcessCollection.Name)]
public class AppKillTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(180);
    private static readonly Dictionary<string, string> Fast = new() { ["Lewel:Jobs:StaleAfterSeconds"] = "5" };

    private static Dictionary<string, object?> Run(string name)
    {
        var config = Configs.Tiny(steps: 300, name: name, checkpointEverySteps: 25, snapshotEverySteps: 0);
        config["optimizer"] = new Dictionary<string, object> { ["name"] = "sgd", ["baseLr"] = 0.5 };
        return config;
    }

    [Fact]
    public async Task AKilledApp_LeavesNoOrphan_AndTheRunFinishesWithEveryStepOnce_AsIfUninterrupted()
    {
        var dataDir = LewelHost.NewDataDir();
        try
        {
            (int, double)[] uninterrupted;
            long id;
            int child;
            await using (var app = await AppProcess.StartAsync(dataDir, Fast))
            {
                var reference = await app.LaunchAsync(Run("uninterrupted"));
                await app.WaitForRunAsync(reference, r => r.GetProperty("status").GetString() == "succeeded", Long);
                uninterrupted = await app.LossesAsync(reference);

                id = await app.LaunchAsync(Run("killed"));
                await app.WaitForRunAsync(id, r => r.GetProperty("step").GetInt32() >= 40, Long);
                child = ChildOf(id, dataDir) ?? throw new InvalidOperationException("the run has no child process");
                app.KillHard();
            }
            Assert.True(await Signals.WaitForExitAsync(child, TimeSpan.FromSeconds(10)), $"child {child} kept running without its supervisor");

            await using (var app = await AppProcess.StartAsync(dataDir, Fast))
            {
                var finished = await app.WaitForRunAsync(id, r => r.GetProperty("status").GetString() is "succeeded" or "failed", Long);
                Assert.Equal("succeeded", finished.GetProperty("status").GetString());
                var losses = await app.LossesAsync(id);
                Assert.Equal(Enumerable.Range(1, 300), losses.Select(l => l.Step));
                Assert.Equal(uninterrupted, losses);
            }
        }
        finally
        {
            LewelHost.DeleteDataDir(dataDir);
        }
    }

    /// <summary>The <c>lewel job</c> process of a run, found by its spec path in /proc.</summary>
    private static int? ChildOf(long runId, string dataDir)
    {
        var spec = Path.Combine(dataDir, "runs", runId.ToString(), "job.json");
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                if (File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ').Contains(spec) && Signals.IsAlive(pid)) return pid;
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return null;
    }
}
