using Lewel.Engine.Config;
using Lewel.Engine.Training.Schedules;

namespace Lewel.Engine.Tests.Schedules;

public class LearningRateScheduleTests
{
    // base 1, 100 steps of 10 per epoch, 10 warm-up steps from 0, cosine to 0
    private static readonly LearningRateSchedule PerStep = new(1.0, 100, 10, 10, 0.0, 0.0, CosinePerStep: true);
    private static readonly LearningRateSchedule PerEpoch = PerStep with { CosinePerStep = false };

    [Theory]
    [InlineData(0, 0.1)]                  // official warm-up: base·(step + 1)/W
    [InlineData(4, 0.5)]
    [InlineData(9, 1.0)]
    [InlineData(10, 1.0)]                 // cosine starts at the base
    [InlineData(25, 0.93301270189)]       // progress 15/90: ½(1 + cos(π/6))
    [InlineData(55, 0.5)]                 // half way
    [InlineData(99, 0.00030458649)]       // progress 89/90
    [InlineData(100, 0.0)]
    [InlineData(150, 0.0)]                // past the end stays at the floor
    public void PerStep_Table(int step, double lr) => Assert.Equal(lr, PerStep.At(step), 9);

    [Theory]
    [InlineData(5, 0.6)]                  // warm-up is per iteration in both modes
    [InlineData(10, 1.0)]                 // epoch 1 = first cosine epoch, progress 0
    [InlineData(19, 1.0)]                 // constant within the epoch
    [InlineData(20, 0.96984631039)]       // epoch 2: ½(1 + cos(π/9))
    [InlineData(29, 0.96984631039)]
    [InlineData(99, 0.03015368961)]       // epoch 9: ½(1 + cos(8π/9)), no floor reached (official)
    public void PerEpoch_Table(int step, double lr) => Assert.Equal(lr, PerEpoch.At(step), 9);

    [Theory]
    [InlineData(0, 0.575)]                // start 0.1 + (2 − 0.1)·1/4
    [InlineData(3, 2.0)]
    [InlineData(4, 2.0)]
    [InlineData(10, 0.2)]                 // the floor
    public void WarmupStartAndFloor_Table(int step, double lr) =>
        Assert.Equal(lr, new LearningRateSchedule(2.0, 10, 5, 4, 0.1, 0.2, true).At(step), 9);

    [Fact]
    public void NoWarmup_StartsAtTheBase() =>
        Assert.Equal(0.03, new LearningRateSchedule(0.03, 10, 5, 0, 0, 0, false).At(0), 12);

    [Fact]
    public void FromConfig_ScalesTheLrAndCountsWarmupInSteps()
    {
        var config = new RunConfig
        {
            BatchSize = 512, Epochs = 20,
            Optimizer = new OptimizerConfig { BaseLr = 1.0 },
            Schedule = new ScheduleConfig { WarmupEpochs = 2.5, WarmupStartLr = 3e-5, CosinePerStep = false, MinLr = 0.01 },
        };
        var schedule = LearningRateSchedule.FromConfig(config, stepsPerEpoch: 10);
        Assert.Equal(new LearningRateSchedule(2.0, 200, 10, 25, 3e-5, 0.01, false), schedule);
        Assert.Equal(300, LearningRateSchedule.FromConfig(config with { Steps = 300 }, 10).TotalSteps);
    }

    /// <summary>The first step after warm-up runs at the rule's base: linear scales baseLr by batch/256, absolute
    /// takes it as given (3.6 at batch 1024, the official LEWEL_B EMAN recipe).</summary>
    [Theory]
    [InlineData("linear", 0.9, 1024, 3.6)]
    [InlineData("linear", 3.6, 512, 7.2)]
    [InlineData("absolute", 3.6, 1024, 3.6)]
    [InlineData("absolute", 3.6, 512, 3.6)]
    public void FromConfig_LrRule_GivesTheRateAtTheFirstStepAfterWarmup(string rule, double baseLr, int batchSize, double expected)
    {
        var config = new RunConfig
        {
            BatchSize = batchSize, Epochs = 20,
            Optimizer = new OptimizerConfig { BaseLr = baseLr, LrRule = rule },
            Schedule = new ScheduleConfig { WarmupEpochs = 2, WarmupStartLr = 0, CosinePerStep = false, MinLr = 0 },
        };
        var schedule = LearningRateSchedule.FromConfig(config, stepsPerEpoch: 10);
        Assert.Equal(expected, schedule.At(20), 12);
        Assert.Equal(expected / 20, schedule.At(0), 12);
    }

    [Fact]
    public void LrRule_DefaultsToLinear() => Assert.Equal("linear", new OptimizerConfig().LrRule);

    [Fact]
    public void FromConfig_EmptyEpoch_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => LearningRateSchedule.FromConfig(new RunConfig(), 0));
}
