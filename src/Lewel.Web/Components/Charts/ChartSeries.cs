namespace Lewel.Web.Components.Charts;

/// <summary>One point of a chart line; a NaN <see cref="Y"/> breaks the line.</summary>
public readonly record struct ChartPoint(double X, double Y);

/// <summary>A named line of a <see cref="LineChart"/>. <see cref="Color"/> null picks one from <see cref="ChartPalette"/>.</summary>
public sealed record ChartSeries(string Name, IReadOnlyList<ChartPoint> Points, string? Color = null, bool Dashed = false);

/// <summary>A horizontal marker across the plot (e.g. the healthy embedding std 1/√d).</summary>
public sealed record ChartReferenceLine(double Y, string Label, string Color = "#6b7280");

/// <summary>Colours that stay distinct on white and for the common colour-vision deficiencies (Okabe–Ito, darkened).</summary>
public static class ChartPalette
{
    public static readonly IReadOnlyList<string> Colors =
        ["#3558a8", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#7f3c8d", "#6b7280"];

    public static string At(int index) => Colors[((index % Colors.Count) + Colors.Count) % Colors.Count];
}
