using Lewel.Bench.Benchmarks;
using Lewel.Bench.Report;
using static Lewel.Bench.Benchmarks.ProcessBoundaryBenchmark;

namespace Lewel.Bench.Tests.Report;

public class ProcessBoundarySectionTests
{
    private static readonly MachineInfo Machine = new(2, "Linux", "10.0", "Test CPU", 1.25);

    private static ResultsDocument<ProcessBoundaryResults> Document(double? quiet)
    {
        BoundaryRun[] runs =
        [
            new(Tiny.Name, InProcess, 1, 0.5, 0.1, 1.1, 0.05, 2.0, 1.5, 0.25, 50, 6.0, 200, 2.5),
            new(Tiny.Name, Child, 2, 0.75, 0.2, 1.9, 0.7, 3.5, null, null, 30, 9, 200, 2.5, Retaken: true),
            new(Tiny.Name, Child, 2, 0.75, 0.2, 1.2, 0.1, 2.5, null, null, 49, 6.5, 200, 2.5),
            new(Tiny.Name, Child, 3, 0.5, 0.1, 1.2, 0.01, 2.5, null, null, 49, 6.5, 200, 2.5),
            new(Tiny.Name, InProcess, 4, 0.5, 0.1, 1.1, 0.01, 2.0, 1.5, 0.25, 50, 6.0, 200, 2.5),
        ];
        var results = new ProcessBoundaryResults(1, 1, 10, quiet, 0.5, [Summarise(Tiny, runs)], runs, WireMicrosecondsPerStep: 20);
        return new ResultsDocument<ProcessBoundaryResults>(Name, DateTimeOffset.UnixEpoch, Machine, "cmd --x", results);
    }

    [Fact]
    public void Render_Results_ShowStartupThroughputVerdictAndEveryRun()
    {
        var text = ProcessBoundarySection.Render(Document(0.5));
        Assert.Contains("| r18-w0.0625-16px-b8 | 200 | 2000 | 1500 | 250 | 2500 | **1.25** | 2250 |", text);
        Assert.Contains("| r18-w0.0625-16px-b8 | 200 | 50 | 49 | 50 – 50 / 49 – 49 | **1.02** | 0.408 | 6 | 6.5 | 1.083 | 2.5 / 2.5 |", text);
        Assert.Contains("| r18-w0.0625-16px-b8 | 2 | 1.25 | **1.02** | 1.083 | 1.02, 1.02 |", text);
        Assert.Contains(": 20 µs, +0.1 % of a step at r18-w0.0625-16px-b8.", text);
        // Two identical pairs: no spread, so the verdicts are certain.
        Assert.Contains("time per step, child / in-process: 1.02 from the medians of the sides, 1.02 ± 0 over the pairs (mean ± two standard errors): " +
                        "outside the +2 % bound; the whole run: 1.083 from the medians, 1.083 ± 0 over the pairs", text);
        Assert.Contains("| r18-w0.0625-16px-b8 | 2 | child | 0.75 | 0.20 / 0.10 | 1.20 | 2500 | 49 | 6.5 |  |", text);
        Assert.Contains("| r18-w0.0625-16px-b8 | 2 | child | 0.75 | 0.20 / 0.70 | 1.90 | 3500 | 30 | 9 | disturbed: timed again |", text);
        Assert.Contains("load average 0.5 at the start and 1.25 when written", text);
        Assert.Contains("`cmd --x`", text);
        Assert.Contains("fewer than 0.5 cores busy", text);
    }

    [Fact]
    public void Render_WithoutQuietWait_SaysTheTimesAreOnlyACheck() =>
        Assert.Contains("did not wait for a quiet machine", ProcessBoundarySection.Render(Document(null)));

    [Fact]
    public void Render_NoResults_NamesTheCommand() =>
        Assert.Contains("-- process-boundary`", ProcessBoundarySection.Render(null));
}
