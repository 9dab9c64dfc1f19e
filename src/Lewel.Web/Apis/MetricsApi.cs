using System.Globalization;
using System.Text;
using Lewel.Data.Series;
using Lewel.Data.Stores;
using Lewel.Web.Auth;
using Lewel.Web.Runs;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Lewel.Web.Apis;

/// <summary><c>/api/runs/{id}/metrics</c>: series as JSON or CSV, optionally smoothed (debiased EMA over the full
/// history) and then reduced to at most <c>maxPoints</c> points per series with every extreme kept.</summary>
public static class MetricsApi
{
    public static IEndpointRouteBuilder MapMetricsApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/runs/{id:long}/metrics").WithTags("Metrics").RequireAuthorization(LewelPolicies.Viewer);
        group.MapGet("/", Get).WithSummary("Metric series (names=a,b; format=json|csv; maxPoints=N; smoothing=0..<1)");
        group.MapGet("/names", Names).WithSummary("The names of the run's metric series");
        return endpoints;
    }

    public sealed record MetricsDto(long RunId, IReadOnlyList<MetricSeriesDto> Series);

    internal static async Task<Results<Ok<MetricsDto>, FileContentHttpResult, ValidationProblem, NotFound<ProblemDetails>>> Get(
        long id, string? names, string? format, int? maxPoints, double? smoothing, RunStore runs, MetricReader metrics,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var csv = (format ?? "json").ToLowerInvariant() switch
        {
            "json" => false,
            "csv" => true,
            _ => Error(errors, "format", $"'{format}' is not a format: use json or csv"),
        };
        if (maxPoints is { } max && max < SeriesDownsampler.MinimumPoints)
            errors["maxPoints"] = [$"must be at least {SeriesDownsampler.MinimumPoints} (got {max})"];
        if (smoothing is { } w && !(w >= 0 && w < 1)) errors["smoothing"] = [$"must be in [0, 1) (got {w.ToString(CultureInfo.InvariantCulture)})"];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        if (await runs.FindAsync(id, cancellationToken: cancellationToken) is null) return RunsApi.RunNotFound(id);

        var requested = string.IsNullOrWhiteSpace(names)
            ? await metrics.NamesAsync(id, cancellationToken)
            : names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var series = new List<MetricSeriesDto>();
        foreach (var (name, points) in await metrics.SeriesAsync(id, [.. requested], cancellationToken))
        {
            var shaped = EmaSmoother.Smooth(points, smoothing ?? 0);
            if (maxPoints is { } limit) shaped = SeriesDownsampler.MinMax(shaped, limit);
            series.Add(new MetricSeriesDto(name, points.Count, smoothing ?? 0,
                [.. shaped.Select(p => new SeriesPointDto(p.Step, p.Epoch, double.IsNaN(p.Value) ? null : p.Value, p.Time))]));
        }
        if (!csv) return TypedResults.Ok(new MetricsDto(id, series));
        return TypedResults.File(Encoding.UTF8.GetBytes(ToCsv(series)), "text/csv; charset=utf-8", $"run-{id}-metrics.csv");
    }

    internal static async Task<Results<Ok<IReadOnlyList<string>>, NotFound<ProblemDetails>>> Names(long id, RunStore runs,
        MetricReader metrics, CancellationToken cancellationToken)
    {
        if (await runs.FindAsync(id, cancellationToken: cancellationToken) is null) return RunsApi.RunNotFound(id);
        return TypedResults.Ok(await metrics.NamesAsync(id, cancellationToken));
    }

    /// <summary>One row per point: <c>name,step,epoch,value,time</c>; values in invariant culture with full precision,
    /// NaN as <c>NaN</c>, times as ISO 8601 UTC.</summary>
    internal static string ToCsv(IEnumerable<MetricSeriesDto> series)
    {
        var text = new StringBuilder("name,step,epoch,value,time\n");
        foreach (var s in series)
        {
            var name = s.Name.Contains(',') || s.Name.Contains('"') ? "\"" + s.Name.Replace("\"", "\"\"") + "\"" : s.Name;
            foreach (var p in s.Points)
            {
                text.Append(name).Append(',').Append(p.Step.ToString(CultureInfo.InvariantCulture)).Append(',')
                    .Append(p.Epoch.ToString(CultureInfo.InvariantCulture)).Append(',')
                    .Append(p.Value is { } v ? v.ToString("R", CultureInfo.InvariantCulture) : "NaN").Append(',')
                    .Append(p.Time.ToString("O", CultureInfo.InvariantCulture)).Append('\n');
            }
        }
        return text.ToString();
    }

    private static bool Error(Dictionary<string, string[]> errors, string field, string message)
    {
        errors[field] = [message];
        return false;
    }
}
