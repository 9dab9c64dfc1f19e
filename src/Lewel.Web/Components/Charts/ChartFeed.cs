namespace Lewel.Web.Components.Charts;

/// <summary>One drawn line of a <see cref="LiveChart"/>: x, the value (NaN breaks the line) and its min/max band.</summary>
public readonly record struct LivePoint(double X, double Y, double Low, double High);

/// <summary>A named line of a <see cref="LiveChart"/>. <see cref="Faint"/> draws it thin and pale (the raw values
/// behind a smoothed line); <see cref="HasBand"/> shades each point's min/max.</summary>
public sealed record LiveSeries(string Name, string Color, IReadOnlyList<LivePoint> Points, bool Dashed = false, bool Faint = false, bool HasBand = false);

/// <summary>What a <see cref="LiveChart"/> draws, owned by the page: <see cref="Replace"/> sends the lines to the
/// browser whole; <see cref="Append"/> queues single points that the chart sends on its next render, so a live page
/// ships only what is new.</summary>
public sealed class ChartFeed
{
    private readonly List<(int Series, double X, double Y)> pending = [];
    private List<LiveSeries> series = [];

    public IReadOnlyList<LiveSeries> Series => series;

    /// <summary>Grows on every <see cref="Replace"/>; the chart compares it with what it last sent.</summary>
    public int Revision { get; private set; }

    /// <summary>Points drawn, the appended ones included.</summary>
    public int PointCount { get; private set; }

    public void Replace(IEnumerable<LiveSeries> lines)
    {
        series = [.. lines];
        pending.Clear();
        PointCount = series.Sum(s => s.Points.Count);
        Revision++;
    }

    /// <summary>Adds a point at the end of the line named <paramref name="name"/>; false when there is no such line (its
    /// first points come with the next <see cref="Replace"/>).</summary>
    public bool Append(string name, double x, double y)
    {
        var index = series.FindIndex(s => s.Name == name);
        if (index < 0) return false;
        pending.Add((index, x, y));
        PointCount++;
        return true;
    }

    internal IReadOnlyList<(int Series, double X, double Y)> TakePending()
    {
        var taken = pending.ToList();
        pending.Clear();
        return taken;
    }
}
