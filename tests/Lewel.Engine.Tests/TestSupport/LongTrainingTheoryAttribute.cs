namespace Lewel.Engine.Tests.TestSupport;

/// <summary>A test that trains for minutes rather than seconds: it runs when LEWEL_LONG_TESTS=1 and is skipped
/// otherwise, so that the suite stays well under its 15 minutes on 2 cores.</summary>
public sealed class LongTrainingTheoryAttribute : TheoryAttribute
{
    public const string Variable = "LEWEL_LONG_TESTS";

    public LongTrainingTheoryAttribute(string cost)
    {
        if (Environment.GetEnvironmentVariable(Variable) != "1")
            Skip = $"trains for {cost}: set {Variable}=1 to run it";
    }
}
