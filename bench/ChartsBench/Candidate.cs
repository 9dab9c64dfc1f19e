namespace ChartsBench;

/// <summary>One library under test: its page and the browser-side calls that wait for it, zoom every chart and reset.</summary>
public sealed record Candidate(string Name, string Package, string Path, string ReadyScript, string ZoomScript, string ResetScript, string HoverSelector)
{
    public static readonly IReadOnlyList<Candidate> All =
    [
        new("plotly", "Plotly.Blazor 7.2.0 (plotly.js 3.7.0)", "/plotly",
            "() => document.querySelectorAll('.js-plotly-plot .scatterlayer .trace').length >= 48",
            "async () => { await Promise.all([...document.querySelectorAll('.js-plotly-plot')].map(d => Plotly.relayout(d, { 'xaxis.range': [500, 1000] }))); }",
            "async () => { await Promise.all([...document.querySelectorAll('.js-plotly-plot')].map(d => Plotly.relayout(d, { 'xaxis.autorange': true }))); }",
            "#chart0 .nsewdrag"),
        new("echarts", "Vizor.ECharts 0.9.7 (ECharts 6.0.0)", "/echarts",
            "() => window.vizorECharts && vizorECharts.charts.size === 12 && [...vizorECharts.charts.values()].every(c => (c.getOption()?.series?.length ?? 0) === 4)",
            "async () => { for (const c of vizorECharts.charts.values()) c.dispatchAction({ type: 'dataZoom', startValue: 500, endValue: 1000 }); await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r))); }",
            "async () => { for (const c of vizorECharts.charts.values()) c.dispatchAction({ type: 'dataZoom', start: 0, end: 100 }); await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r))); }",
            "#chart0"),
        new("echarts-direct", "echarts 6.0.0 from Vizor.ECharts, driven by wwwroot/js/lewel-charts.js", "/echarts-direct",
            "() => document.querySelectorAll('[data-ready=true]').length === 12",
            "async () => { lewelCharts.zoomTo('bench', 500, 1000); await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r))); }",
            "async () => { lewelCharts.resetZoom('bench'); await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r))); }",
            "#chart0"),
    ];
}
