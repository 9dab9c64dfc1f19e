using System.Globalization;
using System.Text;

namespace Lewel.Bench.Report;

public static class MarkdownTable
{
    public static string Render(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        var text = new StringBuilder();
        text.AppendLine("| " + string.Join(" | ", headers) + " |");
        text.AppendLine("|" + string.Concat(headers.Select(_ => "---|")));
        foreach (var row in rows)
        {
            if (row.Count != headers.Count) throw new ArgumentException($"a row has {row.Count} cells for {headers.Count} columns");
            text.AppendLine("| " + string.Join(" | ", row) + " |");
        }
        return text.ToString();
    }

    /// <summary>A number with <paramref name="digits"/> significant digits at most, invariant culture ("—" for NaN).</summary>
    public static string Num(double value, int digits = 3)
    {
        if (double.IsNaN(value)) return "—";
        if (value == 0) return "0";
        var magnitude = (int)Math.Floor(Math.Log10(Math.Abs(value))) + 1;
        var decimals = Math.Clamp(digits - magnitude, 0, 6);
        return Math.Round(value, decimals).ToString("0." + new string('#', decimals), CultureInfo.InvariantCulture);
    }

    public static string Ms(double seconds) => Num(seconds * 1000);

    public static string Percent(double fraction) => (fraction >= 0 ? "+" : "") + Num(fraction * 100, 3) + " %";
}
