using Lewel.Engine.Config;
using Lewel.Engine.Training.Schedules;

namespace Lewel.Engine.Tests.Schedules;

public class MomentumScheduleTests
{
    [Theory]
    [InlineData(0.99, 1.0, 0, 0.99)]
    [InlineData(0.99, 1.0, 25, 0.99146446609)]    // 1 − 0.01·(cos(π/4) + 1)/2
    [InlineData(0.99, 1.0, 50, 0.995)]
    [InlineData(0.99, 1.0, 100, 1.0)]
    [InlineData(0.99, 0.999, 50, 0.9945)]         // solo-learn MoCo V2+: 0.99 → 0.999
    [InlineData(0.99, 0.999, 100, 0.999)]
    [InlineData(0.999, 0.999, 37, 0.999)]         // MoCo v2: constant
    [InlineData(0.98, 1.0, 200, 1.0)]             // past the end stays at the final value
    public void Cosine_Table(double start, double final, int step, double momentum) =>
        Assert.Equal(momentum, new MomentumSchedule(start, final, 100).At(step), 9);

    [Fact]
    public void FromConfig_UsesTheRunLength()
    {
        var config = new RunConfig { Epochs = 3, Target = new TargetConfig { BaseMomentum = 0.98, FinalMomentum = 1.0 } };
        Assert.Equal(new MomentumSchedule(0.98, 1.0, 30), MomentumSchedule.FromConfig(config, 10));
        Assert.Equal(new MomentumSchedule(0.98, 1.0, 25), MomentumSchedule.FromConfig(config, 10, totalSteps: 25));
    }
}
