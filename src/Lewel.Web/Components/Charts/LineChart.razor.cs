using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Components;

namespace Lewel.Web.Components.Charts;

/// <summary>A fast, dependency-free SVG line chart: several series over a shared x axis (steps), optional log y axis,
/// reference lines and a legend with each series' last value. Renders a few thousand points per series cheaply because
/// each series is one <c>path</c>; the server downsamples longer histories.</summary>
public partial class LineChart
{
    private const double Width = 640;
    private const double Left = 54, Right = 12, Top = 10, Bottom = 26;
    /// <summary>Series with at most this many points (evaluations) get a dot per point, so single points show.</summary>
    private const int MarkerLimit = 12;

    private readonly List<Line> lines = [];
    private readonly List<Tick> xTicks = [];
    private readonly List<Tick> yTicks = [];
    private readonly List<(ChartReferenceLine Line, double Position)> references = [];
    private int pointCount;
    private string? hoverData;
    private string? plotBox;

    /// <summary>The lines to draw.</summary>
    [Parameter] public IReadOnlyList<ChartSeries> Series { get; set; } = [];

    [Parameter] public string Title { get; set; } = "";

    /// <summary>Plot the y axis on a base-10 log scale (non-positive values are left out). Defaults to false.</summary>
    [Parameter] public bool LogY { get; set; }

    [Parameter] public string XLabel { get; set; } = "step";

    /// <summary>Height of the drawing in view-box units (it scales with the width). Defaults to 220.</summary>
    [Parameter] public double Height { get; set; } = 220;

    [Parameter] public IReadOnlyList<ChartReferenceLine> ReferenceLines { get; set; } = [];

    [Parameter] public bool ShowLegend { get; set; } = true;

    [Parameter] public string EmptyText { get; set; } = "No points yet.";

    /// <summary>Formats the last value shown in the legend. Defaults to <see cref="ChartAxis.Format"/>.</summary>
    [Parameter] public Func<double, string>? ValueFormat { get; set; }

    [Parameter] public string? TestId { get; set; }

    protected override void OnParametersSet()
    {
        lines.Clear();
        xTicks.Clear();
        yTicks.Clear();
        references.Clear();
        pointCount = Series.Sum(s => s.Points.Count);
        hoverData = null;
        plotBox = null;
        if (pointCount == 0) return;

        var xAxis = ChartAxis.Fit(Series.SelectMany(s => s.Points.Select(p => p.X)), log: false, targetTicks: 6);
        var yValues = Series.SelectMany(s => s.Points.Select(p => p.Y)).Concat(ReferenceLines.Select(r => r.Y));
        var yAxis = ChartAxis.Fit(yValues, LogY, targetTicks: 4);
        var plotWidth = Width - Left - Right;
        var plotHeight = Height - Top - Bottom;
        double X(double x) => Left + xAxis.Fraction(x) * plotWidth;
        double Y(double y) => Top + (1 - yAxis.Fraction(y)) * plotHeight;

        foreach (var t in xAxis.Ticks) xTicks.Add(new Tick(X(t), xAxis.Label(t)));
        foreach (var t in yAxis.Ticks) yTicks.Add(new Tick(Y(t), yAxis.Label(t)));
        foreach (var r in ReferenceLines)
        {
            var y = Y(r.Y);
            if (double.IsFinite(y)) references.Add((r, y));
        }
        plotBox = string.Join(' ', new[] { Left, Top, Width - Right, Height - Bottom, Width, Height, xAxis.Min, xAxis.Max }.Select(F));
        hoverData = HoverData(Series, ValueFormat);
        var format = ValueFormat ?? ChartAxis.Format;
        for (var i = 0; i < Series.Count; i++)
        {
            var series = Series[i];
            var last = series.Points.LastOrDefault(p => double.IsFinite(p.Y));
            var lastLabel = series.Points.Count == 0 ? "" : double.IsFinite(last.Y) && series.Points.Any(p => double.IsFinite(p.Y)) ? format(last.Y) : "NaN";
            var markers = series.Points.Count <= MarkerLimit
                ? series.Points.Select(p => (X(p.X), Y(p.Y))).Where(m => double.IsFinite(m.Item1) && double.IsFinite(m.Item2)).ToList()
                : [];
            lines.Add(new Line(series, series.Color ?? ChartPalette.At(i), PathOf(series.Points, X, Y), lastLabel, markers));
        }
    }

    /// <summary>Compact JSON for the hover read-out (<c>wwwroot/js/lewel.js</c>): per series its name, colour, x values and
    /// formatted y values.</summary>
    internal static string HoverData(IReadOnlyList<ChartSeries> series, Func<double, string>? format)
    {
        var text = new StringBuilder("[");
        for (var i = 0; i < series.Count; i++)
        {
            var s = series[i];
            if (i > 0) text.Append(',');
            text.Append("{\"n\":").Append(System.Text.Json.JsonSerializer.Serialize(s.Name))
                .Append(",\"c\":\"").Append(s.Color ?? ChartPalette.At(i)).Append("\",\"x\":[");
            text.AppendJoin(',', s.Points.Select(p => p.X.ToString("R", CultureInfo.InvariantCulture)));
            text.Append("],\"y\":[");
            text.AppendJoin(',', s.Points.Select(p => System.Text.Json.JsonSerializer.Serialize(
                double.IsFinite(p.Y) ? (format ?? ChartAxis.Format)(p.Y) : "NaN")));
            text.Append("]}");
        }
        return text.Append(']').ToString();
    }

    /// <summary>SVG path data: a move at the start and after every gap (NaN or off-scale values), lines otherwise.</summary>
    internal static string PathOf(IReadOnlyList<ChartPoint> points, Func<double, double> x, Func<double, double> y)
    {
        var path = new StringBuilder(points.Count * 14);
        var drawing = false;
        foreach (var p in points)
        {
            var (px, py) = (x(p.X), y(p.Y));
            if (!double.IsFinite(px) || !double.IsFinite(py))
            {
                drawing = false;
                continue;
            }
            path.Append(drawing ? 'L' : 'M')
                .Append(px.ToString("0.#", CultureInfo.InvariantCulture)).Append(' ')
                .Append(py.ToString("0.#", CultureInfo.InvariantCulture));
            drawing = true;
        }
        return path.ToString();
    }

    private static string F(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private sealed record Line(ChartSeries Series, string Color, string Path, string LastLabel, IReadOnlyList<(double X, double Y)> Markers);

    private readonly record struct Tick(double Position, string Label);
}
