using System.Globalization;

namespace Lewel.Engine.Evaluation;

/// <summary>Per-epoch learning-rate schedule of the supervised protocols: <c>step</c> multiplies the rate by
/// <see cref="Gamma"/> at each milestone (fractions of the epochs; the official 50-epoch recipe's 30/40 are 0.6/0.8,
/// lewel-method.md §8.1) or <c>cosine</c> decays it to 0 over the epochs.</summary>
public sealed record ProbeSchedule
{
    public const string Step = "step";
    public const string Cosine = "cosine";

    public string Kind { get; init; } = Step;
    public double[] Milestones { get; init; } = [0.6, 0.8];
    public double Gamma { get; init; } = 0.1;

    /// <summary>The factor applied to the base rate during <paramref name="epoch"/> (0-based) of <paramref name="epochs"/>.</summary>
    public double Factor(int epoch, int epochs) => Kind switch
    {
        Step => Math.Pow(Gamma, Milestones.Count(m => epoch >= (int)Math.Round(m * epochs))),
        Cosine => 0.5 * (1 + Math.Cos(Math.PI * epoch / epochs)),
        _ => throw new ArgumentException($"schedule must be '{Step}' or '{Cosine}', not '{Kind}'"),
    };

    public void Validate(string field)
    {
        if (Kind is not (Step or Cosine))
            throw new ArgumentException($"{field}: schedule must be '{Step}' or '{Cosine}', not '{Kind}'");
        if (Milestones.Any(m => !(m > 0 && m < 1)))
            throw new ArgumentException($"{field}: step milestones are fractions of the epochs in (0, 1); got {Describe()}");
        if (!(Gamma > 0 && Gamma <= 1))
            throw new ArgumentException($"{field}: step gamma must lie in (0, 1]; got {Gamma.ToString(CultureInfo.InvariantCulture)}");
    }

    public string Describe() => Kind == Cosine
        ? Cosine
        : string.Create(CultureInfo.InvariantCulture, $"step x{Gamma:0.###} at {string.Join("/", Milestones.Select(m => m.ToString("0.##", CultureInfo.InvariantCulture)))} of the epochs");
}
