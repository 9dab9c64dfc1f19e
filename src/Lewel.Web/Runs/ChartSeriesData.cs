using Lewel.Data.Series;

namespace Lewel.Web.Runs;

/// <summary>One metric shaped for a live chart: the drawn (smoothed, decimated) points with their min/max band, the
/// raw points when asked for, and how far the history goes, so that live points can be appended after it.
/// <see cref="Smoothed"/> is the whole history smoothed, one point per stored point, before range and decimation.</summary>
public sealed record ChartSeriesData(string Name, IReadOnlyList<BandPoint> Shown, IReadOnlyList<BandPoint>? Raw, int LastStep, bool Decimated,
    LiveSmoother Smoother, IReadOnlyList<SeriesPoint> Smoothed);
