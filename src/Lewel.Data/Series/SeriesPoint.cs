namespace Lewel.Data.Series;

/// <summary>One point of a metric series, ordered by <see cref="Step"/>.</summary>
public readonly record struct SeriesPoint(int Step, int Epoch, double Value, DateTime Time);
