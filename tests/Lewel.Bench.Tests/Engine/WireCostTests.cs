using Lewel.Bench.Engine;

namespace Lewel.Bench.Tests.Engine;

public class WireCostTests
{
    [Fact]
    public void MicrosecondsPerStep_FewIterations_IsPositiveAndFinite()
    {
        var us = WireCost.MicrosecondsPerStep(iterations: 200, rounds: 3);
        Assert.True(us > 0 && double.IsFinite(us));
    }
}
