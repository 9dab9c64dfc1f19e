using Lewel.Data.Series;

namespace Lewel.Web.Runs;

public enum SmoothingKind
{
    /// <summary>Debiased exponential moving average; the amount is its weight in [0, 1).</summary>
    Ema,
    /// <summary>Trailing mean; the amount is the window in points.</summary>
    RunningMean,
    /// <summary>Centred Gaussian; the amount is σ in points.</summary>
    Gaussian,
}

/// <summary>How a chart smooths its series on the server, over the whole history. <see cref="ShowRaw"/> draws the raw
/// values faintly beside the smoothed line.</summary>
public sealed record ChartSmoothing(SmoothingKind Kind, double Amount, bool ShowRaw = false)
{
    public static readonly ChartSmoothing Default = new(SmoothingKind.Ema, 0.6);

    public bool IsNone => Kind switch
    {
        SmoothingKind.Ema => Amount == 0,
        SmoothingKind.RunningMean => Window <= 1,
        _ => Amount < 0.5,
    };

    private int Window => Math.Max(1, (int)Math.Round(Amount));

    /// <summary>Checks the amount for the kind; the message names the field.</summary>
    public string? Problem => Kind switch
    {
        SmoothingKind.Ema when !(Amount >= 0 && Amount < 1) => "smoothing: the EMA weight must be in [0, 1)",
        SmoothingKind.RunningMean when !(Amount >= 1 && Amount <= 10_000) => "smoothing: the running-mean window must be 1 to 10,000 points",
        SmoothingKind.Gaussian when !(Amount >= 0 && Amount <= 1_000) => "smoothing: the Gaussian σ must be 0 to 1,000 points",
        _ => null,
    };

    public IReadOnlyList<SeriesPoint> Apply(IReadOnlyList<SeriesPoint> points) => Kind switch
    {
        SmoothingKind.Ema => EmaSmoother.Smooth(points, Amount),
        SmoothingKind.RunningMean => RunningMeanSmoother.Smooth(points, Window),
        _ => GaussianSmoother.Smooth(points, Amount),
    };
}
