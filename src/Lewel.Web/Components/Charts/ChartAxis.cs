using System.Globalization;

namespace Lewel.Web.Components.Charts;

/// <summary>The value range of one chart axis and its tick marks, linear or base-10 logarithmic.</summary>
public sealed class ChartAxis
{
    private ChartAxis(double min, double max, bool log, IReadOnlyList<double> ticks, double step = double.NaN)
    {
        Min = min;
        Max = max;
        Log = log;
        Ticks = ticks;
        Step = step;
    }

    /// <summary>The distance between linear ticks (NaN on a log axis).</summary>
    public double Step { get; }

    public double Min { get; }
    public double Max { get; }
    public bool Log { get; }
    public IReadOnlyList<double> Ticks { get; }

    /// <summary>An axis covering <paramref name="values"/> (NaN and infinities ignored; on a log axis also values ≤ 0),
    /// widened to round tick values. An empty range gives [0, 1] (linear) or [1, 10] (log).</summary>
    public static ChartAxis Fit(IEnumerable<double> values, bool log, int targetTicks = 5)
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (var v in values)
        {
            if (!double.IsFinite(v) || (log && v <= 0)) continue;
            if (v < min) min = v;
            if (v > max) max = v;
        }
        if (log) return FitLog(min, max);
        if (double.IsPositiveInfinity(min)) (min, max) = (0, 1);
        if (min == max)
        {
            var pad = Math.Abs(min) > 0 ? Math.Abs(min) * 0.1 : 0.5;
            (min, max) = (min - pad, max + pad);
        }
        var step = NiceStep((max - min) / Math.Max(1, targetTicks));
        var low = Math.Floor(min / step) * step;
        var high = Math.Ceiling(max / step) * step;
        var ticks = new List<double>();
        for (var t = low; t <= high + step * 1e-9; t += step) ticks.Add(Math.Abs(t) < step * 1e-9 ? 0 : t);
        return new ChartAxis(low, high, log: false, ticks, step);
    }

    /// <summary>Position of <paramref name="value"/> along the axis: 0 at <see cref="Min"/>, 1 at <see cref="Max"/>;
    /// NaN when it cannot be shown (a value ≤ 0 on a log axis, or not finite).</summary>
    public double Fraction(double value)
    {
        if (!double.IsFinite(value)) return double.NaN;
        if (Log)
        {
            if (value <= 0) return double.NaN;
            return (Math.Log10(value) - Math.Log10(Min)) / (Math.Log10(Max) - Math.Log10(Min));
        }
        return (value - Min) / (Max - Min);
    }

    /// <summary>A short label for a tick: 3 significant digits, exponent notation for very large or small values.</summary>
    public static string Format(double value)
    {
        if (value == 0) return "0";
        var magnitude = Math.Abs(value);
        if (magnitude >= 1e5 || magnitude < 1e-3) return value.ToString("0.##e+0", CultureInfo.InvariantCulture);
        if (magnitude >= 1000) return value.ToString("#,0", CultureInfo.InvariantCulture);
        return value.ToString("0.###", CultureInfo.InvariantCulture);
    }

    /// <summary>A tick's label with as many decimals as the tick step needs, so that ticks of a narrow axis (say
    /// 0.9996 to 1) stay distinct; <see cref="Format"/> on log axes and for very large or small magnitudes.</summary>
    public string Label(double value)
    {
        if (Log || !double.IsFinite(Step) || Step <= 0) return Format(value);
        var magnitude = Math.Max(Math.Abs(Min), Math.Abs(Max));
        if (magnitude >= 1e5 || magnitude < 1e-3)
        {
            // Exponent notation with enough significant digits to tell the ticks apart.
            var digits = Math.Clamp((int)Math.Ceiling(Math.Log10(magnitude / Step)) + 1, 1, 10);
            return value == 0 ? "0" : value.ToString("0." + new string('#', digits) + "e+0", CultureInfo.InvariantCulture);
        }
        var decimals = 0;
        while (decimals < 10 && Math.Abs(Math.Round(Step * Math.Pow(10, decimals)) - Step * Math.Pow(10, decimals)) > 1e-6) decimals++;
        var label = value.ToString(magnitude >= 1000 ? "#,0." + new string('0', decimals) : "0." + new string('0', decimals), CultureInfo.InvariantCulture);
        return label.EndsWith('.') ? label[..^1] : label;
    }

    private static ChartAxis FitLog(double min, double max)
    {
        if (double.IsPositiveInfinity(min)) (min, max) = (1, 10);
        var lowExp = Math.Floor(Math.Log10(min));
        var highExp = Math.Ceiling(Math.Log10(max));
        if (highExp <= lowExp) highExp = lowExp + 1;
        var ticks = new List<double>();
        var stride = Math.Max(1, (int)Math.Ceiling((highExp - lowExp) / 6));
        for (var e = lowExp; e <= highExp; e += stride) ticks.Add(Math.Pow(10, e));
        return new ChartAxis(Math.Pow(10, lowExp), Math.Pow(10, highExp), log: true, ticks);
    }

    /// <summary>1, 2 or 5 times a power of ten, at least <paramref name="rough"/>.</summary>
    private static double NiceStep(double rough)
    {
        if (!(rough > 0)) return 1;
        var power = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        var fraction = rough / power;
        var nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
        return nice * power;
    }
}
