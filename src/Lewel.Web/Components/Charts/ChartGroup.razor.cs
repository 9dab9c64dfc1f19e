using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace Lewel.Web.Components.Charts;

/// <summary>Charts that share their x zoom and hover cursor in the browser. A zoom or reset reaches .NET once for the
/// group (<see cref="RangeChanged"/>, null on reset), so the page re-reads the visible range at full resolution.</summary>
public partial class ChartGroup
{
    private static int nextId;
    private DotNetObjectReference<ChartGroup>? self;

    [Inject] private IJSRuntime JS { get; set; } = default!;

    /// <summary>Unique per page instance, so two pages' groups never mix.</summary>
    public string Name { get; } = "lewel-group-" + Interlocked.Increment(ref nextId).ToString(CultureInfo.InvariantCulture);

    [Parameter] public RenderFragment? ChildContent { get; set; }

    [Parameter] public EventCallback<(double Min, double Max)?> RangeChanged { get; set; }

    /// <summary>The zoomed x range, null when showing everything.</summary>
    public (double Min, double Max)? Range { get; private set; }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender) return;
        self = DotNetObjectReference.Create(this);
        await JS.InvokeVoidAsync("lewelCharts.registerGroup", Name, self);
    }

    [JSInvokable]
    public async Task OnRangeChanged(double? min, double? max)
    {
        Range = min is { } a && max is { } b && b > a ? (a, b) : null;
        await RangeChanged.InvokeAsync(Range);
        StateHasChanged();
    }

    /// <summary>Shows every chart's whole range again (the browser reports it back through <see cref="OnRangeChanged"/>).</summary>
    public async Task ResetAsync() => await JS.InvokeVoidAsync("lewelCharts.resetZoom", Name);

    private static string Format(double value) => ChartAxis.Format(value);

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (self is not null) await JS.InvokeVoidAsync("lewelCharts.unregisterGroup", Name);
        }
        catch (JSDisconnectedException)
        {
        }
        self?.Dispose();
    }
}
