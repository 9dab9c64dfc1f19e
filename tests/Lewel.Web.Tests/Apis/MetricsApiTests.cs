using System.Globalization;
using System.Net;
using Lewel.Data.Stores;
using Lewel.Web.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Lewel.Web.Tests.Apis;

[Collection(HostCollection.Name)]
public class MetricsApiTests(QueueOnlyHostFixture fixture) : IClassFixture<QueueOnlyHostFixture>
{
    private LewelHost Host => fixture.Host;

    /// <summary>A run with 5000 loss points (a spike at step 3001, NaN at 4000) and 10 lr points, stored directly.</summary>
    private async Task<long> RunWithMetricsAsync()
    {
        var id = (await Host.PostJsonAsync("/api/runs", Configs.Tiny(), HttpStatusCode.Created)).GetProperty("run").GetProperty("id").GetInt64();
        var batch = new RunBatch(id);
        var t0 = new DateTime(2026, 5, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var step = 1; step <= 5000; step++)
        {
            var value = step == 3001 ? 100.0 : step == 4000 ? double.NaN : 4.0 - step * 1e-4;
            batch.Metrics.Add(new MetricSample("loss", step, step / 100, value, t0.AddSeconds(step)));
        }
        for (var step = 500; step <= 5000; step += 500) batch.Metrics.Add(new MetricSample("learningRate", step, step / 100, step * 1e-5, t0));
        await Host.Services.GetRequiredService<RunBatchWriter>().WriteAsync(batch, t0);
        return id;
    }

    [Fact]
    public async Task GetJson_WithMaxPoints_KeepsTheSpikeAndReportsTheFullCount()
    {
        var id = await RunWithMetricsAsync();
        var body = await Host.GetJsonAsync($"/api/runs/{id}/metrics?names=loss&maxPoints=100");
        var loss = Assert.Single(body.GetProperty("series").EnumerateArray());
        Assert.Equal("loss", loss.GetProperty("name").GetString());
        Assert.Equal(5000, loss.GetProperty("totalPoints").GetInt32());
        var points = loss.GetProperty("points").EnumerateArray().ToArray();
        Assert.InRange(points.Length, 50, 100);
        Assert.Contains(points, p => p.GetProperty("step").GetInt32() == 3001 && p.GetProperty("value").GetDouble() == 100.0);
        Assert.Contains(points, p => p.GetProperty("value").ValueKind == System.Text.Json.JsonValueKind.Null); // the NaN
    }

    [Fact]
    public async Task GetJson_WithSmoothing_AppliesTheDebiasedEmaOverTheFullHistory()
    {
        var id = await RunWithMetricsAsync();
        var body = await Host.GetJsonAsync($"/api/runs/{id}/metrics?names=learningRate&smoothing=0.5");
        var values = body.GetProperty("series")[0].GetProperty("points").EnumerateArray().Select(p => p.GetProperty("value").GetDouble()).ToArray();
        Assert.Equal(10, values.Length);
        Assert.Equal(0.005, values[0], 12); // debiased: the first point is the first value
        Assert.Equal((0.5 * 0.005 * 0.5 + 0.5 * 0.010) / 0.75, values[1], 12);
    }

    [Fact]
    public async Task GetJson_WithoutNames_ReturnsEverySeries()
    {
        var id = await RunWithMetricsAsync();
        var body = await Host.GetJsonAsync($"/api/runs/{id}/metrics");
        Assert.Equal(["learningRate", "loss"], body.GetProperty("series").EnumerateArray().Select(s => s.GetProperty("name").GetString()));
        var names = await Host.GetJsonAsync($"/api/runs/{id}/metrics/names");
        Assert.Equal(["learningRate", "loss"], names.EnumerateArray().Select(n => n.GetString()));
    }

    [Fact]
    public async Task GetCsv_ParsesBackToTheStoredValues()
    {
        var id = await RunWithMetricsAsync();
        var response = await Host.Client.GetAsync($"/api/runs/{id}/metrics?names=loss,learningRate&format=csv");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("name,step,epoch,value,time", lines[0]);
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToArray();
        Assert.Equal(5010, rows.Length);
        Assert.All(rows, r => Assert.Equal(5, r.Length));
        var spike = rows.Single(r => r[0] == "loss" && r[1] == "3001");
        Assert.Equal(100.0, double.Parse(spike[3], CultureInfo.InvariantCulture));
        Assert.Equal(30, int.Parse(spike[2], CultureInfo.InvariantCulture));
        Assert.Equal(new DateTime(2026, 5, 1, 0, 50, 1, DateTimeKind.Utc), DateTime.Parse(spike[4], CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind));
        var first = rows.Single(r => r[0] == "loss" && r[1] == "2");
        Assert.Equal(4.0 - 2e-4, double.Parse(first[3], CultureInfo.InvariantCulture));
        Assert.Equal("NaN", rows.Single(r => r[0] == "loss" && r[1] == "4000")[3]);
    }

    [Theory]
    [InlineData("maxPoints=2", "maxPoints")]
    [InlineData("smoothing=1", "smoothing")]
    [InlineData("smoothing=-0.5", "smoothing")]
    [InlineData("format=xml", "format")]
    public async Task Get_BadParameters_Return400NamingTheParameter(string query, string field)
    {
        var id = await RunWithMetricsAsync();
        var response = await Host.Client.GetAsync($"/api/runs/{id}/metrics?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out _), errors.ToString());
    }

    [Fact]
    public async Task Get_UnknownRun_Returns404()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await Host.Client.GetAsync("/api/runs/424242/metrics")).StatusCode);
    }
}
