using Lewel.Engine.Config;

namespace Lewel.Engine.Training.Schedules;

/// <summary>The target momentum per step: m(t) = m_final − (m_final − m₀)·(cos(πt/T) + 1)/2 with 0-based t, from m₀ at
/// t = 0 to m_final at t = T (official LEWEL with m_final = 1, §4.3; solo-learn's tau schedule). A constant when
/// m₀ = m_final (MoCo v2's 0.999).</summary>
public sealed record MomentumSchedule(double BaseMomentum, double FinalMomentum, int TotalSteps)
{
    public double At(int step)
    {
        if (step < 0) throw new ArgumentOutOfRangeException(nameof(step), step, "steps are counted from 0");
        var progress = TotalSteps > 0 ? Math.Min(1.0, (double)step / TotalSteps) : 1.0;
        return FinalMomentum - (FinalMomentum - BaseMomentum) * (Math.Cos(Math.PI * progress) + 1) / 2;
    }

    /// <summary>T = <paramref name="totalSteps"/> when given, else the run's length (<see cref="RunLength.Steps"/>).</summary>
    public static MomentumSchedule FromConfig(RunConfig config, int stepsPerEpoch, int? totalSteps = null) =>
        new(config.Target.BaseMomentum, config.Target.FinalMomentum, totalSteps ?? RunLength.Steps(config, stepsPerEpoch));
}
