using Lewel.Engine.Config;
using Lewel.Engine.Training.Optim;

namespace Lewel.Engine.Training.Schedules;

/// <summary>Linear warm-up per iteration, then cosine decay to <see cref="MinLr"/>, per step (solo-learn) or constant
/// within each epoch (official LEWEL, lewel-method.md §4.4, §10.13). Steps are 0-based.
/// <para>Warm-up: lr(t) = start + (base − start)·(t + 1)/W for t &lt; W, so the rate before the first step is
/// <see cref="WarmupStartLr"/> and step W − 1 reaches the base rate. With start 0 this is the official
/// base·(step + 1)/(warm-up iterations); solo-learn's ramp reaches the base one step later (off by 1/W).</para>
/// <para>Cosine: lr = min + (base − min)·½(1 + cos(π·progress)), progress = (t − W)/(T − W) per step, or
/// (epoch − warm-up epochs)/(epochs − warm-up epochs) per epoch, clamped to [0, 1].</para></summary>
public sealed record LearningRateSchedule(
    double BaseLr, int TotalSteps, int StepsPerEpoch, int WarmupSteps, double WarmupStartLr, double MinLr, bool CosinePerStep)
{
    public double At(int step)
    {
        if (step < 0) throw new ArgumentOutOfRangeException(nameof(step), step, "steps are counted from 0");
        if (step < WarmupSteps)
            return WarmupStartLr + (BaseLr - WarmupStartLr) * (step + 1) / WarmupSteps;
        double progress;
        if (CosinePerStep)
            progress = TotalSteps > WarmupSteps ? (double)(step - WarmupSteps) / (TotalSteps - WarmupSteps) : 1;
        else
        {
            var epoch = step / StepsPerEpoch;
            var warmupEpochs = (double)WarmupSteps / StepsPerEpoch;
            var epochs = (double)TotalSteps / StepsPerEpoch;
            progress = epochs > warmupEpochs ? (epoch - warmupEpochs) / (epochs - warmupEpochs) : 1;
        }
        progress = Math.Clamp(progress, 0, 1);
        return MinLr + (BaseLr - MinLr) * 0.5 * (1 + Math.Cos(Math.PI * progress));
    }

    /// <summary>The schedule of a run: base = baseLr × batchSize/256; T = <paramref name="totalSteps"/> when given, else
    /// steps, or epochs × stepsPerEpoch (<see cref="RunLength.Steps"/>).</summary>
    public static LearningRateSchedule FromConfig(RunConfig config, int stepsPerEpoch, int? totalSteps = null)
    {
        if (stepsPerEpoch <= 0)
            throw new ArgumentOutOfRangeException(nameof(stepsPerEpoch), stepsPerEpoch, "an epoch must have at least one step (is the data set smaller than the batch?)");
        var schedule = config.Schedule;
        return new LearningRateSchedule(
            BaseLr: OptimizerFactory.ScaledLearningRate(config),
            TotalSteps: totalSteps ?? RunLength.Steps(config, stepsPerEpoch),
            StepsPerEpoch: stepsPerEpoch,
            WarmupSteps: (int)Math.Round(schedule.WarmupEpochs * stepsPerEpoch),
            WarmupStartLr: schedule.WarmupStartLr,
            MinLr: schedule.MinLr,
            CosinePerStep: schedule.CosinePerStep);
    }
}
