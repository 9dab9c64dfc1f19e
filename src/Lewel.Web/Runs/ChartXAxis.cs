using Lewel.Data.Series;

namespace Lewel.Web.Runs;

public enum ChartXKind
{
    Step,
    Epoch,
    ImagesSeen,
    WallTime,
}

/// <summary>Maps a stored point to the chart's x: its step, its (fractional) epoch, the images seen by then (step ×
/// batch size) or the seconds since the run started.</summary>
public sealed record ChartXAxis(ChartXKind Kind, int BatchSize, double StepsPerEpoch, DateTime Start)
{
    public string Label => Kind switch
    {
        ChartXKind.Step => "step",
        ChartXKind.Epoch => "epoch",
        ChartXKind.ImagesSeen => "images seen",
        _ => "wall time",
    };

    /// <summary>The browser formats wall time as h:mm:ss and everything else as a number.</summary>
    public string JsKind => Kind == ChartXKind.WallTime ? "time" : "number";

    public double Of(SeriesPoint point) => Of(point.Step, point.Epoch, point.Time);

    public double Of(int step, int epoch, DateTime time) => Kind switch
    {
        ChartXKind.Step => step,
        ChartXKind.Epoch => StepsPerEpoch > 0 ? step / StepsPerEpoch : epoch,
        ChartXKind.ImagesSeen => (double)step * BatchSize,
        _ => Math.Max(0, (time - Start).TotalSeconds),
    };
}
