namespace Lewel.E2E.Tests;

/// <summary>A browser benchmark that seeds a large store (about a minute on the 2-core machine): it runs when
/// LEWEL_UI_BENCH=1 and is skipped otherwise, so that the suite stays fast.</summary>
public sealed class UiBenchmarkFactAttribute : FactAttribute
{
    public UiBenchmarkFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("LEWEL_UI_BENCH") != "1")
            Skip = "a UI benchmark: set LEWEL_UI_BENCH=1 to run it (BENCHMARKS.md \"UI scale\")";
    }
}
