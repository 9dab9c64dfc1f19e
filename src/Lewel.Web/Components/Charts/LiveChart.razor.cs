using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace Lewel.Web.Components.Charts;

/// <summary>An interactive line chart drawn in the browser by <c>wwwroot/js/lewel-charts.js</c> (ECharts): box zoom and
/// reset, a hover read-out of every line at the cursor's x, legend toggles, log y. Charts inside one
/// <see cref="ChartGroup"/> share zoom and cursor. The history is sent once; later points go as appends.</summary>
public partial class LiveChart
{
    private static int nextId;
    private readonly string id = "lewel-chart-" + Interlocked.Increment(ref nextId).ToString(CultureInfo.InvariantCulture);
    private ElementReference element;
    private bool created;
    private int sentRevision = -1;
    private string? sentShape;

    [Inject] private IJSRuntime JS { get; set; } = default!;

    [CascadingParameter] public ChartGroup? Group { get; set; }

    [Parameter, EditorRequired] public ChartFeed Feed { get; set; } = default!;

    [Parameter] public string Title { get; set; } = "";

    [Parameter] public bool LogY { get; set; }

    /// <summary>Values are fractions shown as percentages.</summary>
    [Parameter] public bool Percent { get; set; }

    [Parameter] public string XLabel { get; set; } = "step";

    /// <summary>"number" or "time" (seconds, shown as h:mm:ss).</summary>
    [Parameter] public string XKind { get; set; } = "number";

    [Parameter] public IReadOnlyList<ChartReferenceLine> ReferenceLines { get; set; } = [];

    [Parameter] public int Height { get; set; } = 220;

    [Parameter] public string EmptyText { get; set; } = "No points yet.";

    [Parameter] public string? TestId { get; set; }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (Feed.PointCount == 0 && !created) return;
        var shape = $"{LogY}|{Percent}|{XLabel}|{XKind}|{string.Join(';', ReferenceLines)}";
        if (!created)
        {
            created = true;
            (sentRevision, sentShape) = (Feed.Revision, shape);
            Feed.TakePending();
            await JS.InvokeVoidAsync("lewelCharts.create", element, id, Group?.Name ?? id, Spec());
            return;
        }
        if (sentRevision != Feed.Revision || sentShape != shape)
        {
            (sentRevision, sentShape) = (Feed.Revision, shape);
            Feed.TakePending();
            await JS.InvokeVoidAsync("lewelCharts.setData", id, Spec());
            return;
        }
        var appended = Feed.TakePending();
        if (appended.Count > 0)
            await JS.InvokeVoidAsync("lewelCharts.append", id, appended.Select(p => new[] { p.Series, p.X, Json(p.Y) }).ToArray());
    }

    /// <summary>The chart as the browser module reads it (NaN becomes null: a gap).</summary>
    internal object Spec() => new
    {
        xLabel = XLabel,
        xKind = XKind,
        logY = LogY,
        percent = Percent,
        references = ReferenceLines.Select(r => new { y = r.Y, label = r.Label, color = r.Color }).ToArray(),
        series = Feed.Series.Select(s => new
        {
            name = s.Name,
            color = s.Color,
            dashed = s.Dashed,
            faint = s.Faint,
            points = s.Points.Select(p => new[] { p.X, Json(p.Y) }).ToArray(),
            band = s.HasBand ? s.Points.Select(p => new[] { p.X, Json(p.Low), Json(p.High) }).ToArray() : null,
        }).ToArray(),
    };

    /// <summary>A value as the browser gets it: 7 significant digits (a float's precision, more than the chart and its
    /// readout show), which halves the text of a long history's first draw; NaN and infinities become null (a gap).</summary>
    private static double? Json(double value) =>
        double.IsFinite(value) ? double.Parse(value.ToString("G7", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) : null;

    public async ValueTask DisposeAsync()
    {
        if (!created) return;
        try
        {
            await JS.InvokeVoidAsync("lewelCharts.dispose", id);
        }
        catch (JSDisconnectedException)
        {
            // The circuit is gone and the browser's charts with it.
        }
    }
}
