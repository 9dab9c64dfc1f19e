using System.Globalization;
using Lewel.Data.Entities;

namespace Lewel.Web.Components.Shared;

/// <summary>How runs' times, progress and numbers read on screen.</summary>
public static class RunFormat
{
    public static string Duration(TimeSpan? span) => span is not { } d ? "—"
        : d.TotalSeconds < 60 ? $"{Math.Max(0, (int)d.TotalSeconds)} s"
        : d.TotalMinutes < 60 ? $"{(int)d.TotalMinutes} min {d.Seconds:00} s"
        : d.TotalHours < 48 ? $"{(int)d.TotalHours} h {d.Minutes:00} min"
        : $"{d.TotalDays:0.#} d";

    public static TimeSpan? Elapsed(Run run, DateTime now) => run.StartedAt is { } start ? (run.FinishedAt ?? now) - start : null;

    /// <summary>Remaining time at the run's average pace so far; null when not running or too early to tell.</summary>
    public static TimeSpan? Eta(Run run, DateTime now)
    {
        if (run.Status != RunStatus.Running || run.StartedAt is not { } start || run.Step <= 0 || run.TotalSteps <= run.Step) return null;
        var perStep = (now - start).TotalSeconds / run.Step;
        return TimeSpan.FromSeconds(perStep * (run.TotalSteps - run.Step));
    }

    public static double Progress(int step, int total) => total > 0 ? Math.Clamp(100.0 * step / total, 0, 100) : 0;

    public static string When(DateTime? utc) => utc is { } t ? t.ToLocalTime().ToString("MMM d, HH:mm", CultureInfo.InvariantCulture) : "—";

    public static string Percent(double? value) => value is { } v ? v.ToString("0.0", CultureInfo.InvariantCulture) + " %" : "—";

    public static string Number(double? value, string format = "0.####") =>
        value is { } v ? double.IsNaN(v) ? "NaN" : v.ToString(format, CultureInfo.InvariantCulture) : "—";

    public static string Bytes(long bytes) => bytes < 1024 * 1024
        ? (bytes / 1024.0).ToString("0.#", CultureInfo.InvariantCulture) + " KB"
        : (bytes / 1024.0 / 1024.0).ToString("0.#", CultureInfo.InvariantCulture) + " MB";

    public static string MethodTitle(string method) => Lewel.Engine.Config.MethodTraitsCatalog.For(method).Title;
}
