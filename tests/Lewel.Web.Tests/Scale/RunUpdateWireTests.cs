using System.Text;
using Lewel.Data.Entities;
using Lewel.Web.Runs;
using Lewel.Web.Runs.CrossProcess;

namespace Lewel.Web.Tests.Scale;

public class RunUpdateWireTests
{
    private static readonly DateTime T0 = new(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void AnUpdate_SurvivesTheTrip_WithItsSender()
    {
        var status = new RunStatusChanged(7, RunStatus.Running, 3, 10, null, "running on worker-a (cpu)");
        var payload = Assert.Single(RunUpdateWire.Encode("worker-a", status));

        var (sender, update) = RunUpdateWire.Decode(payload)!.Value;
        Assert.Equal("worker-a", sender);
        Assert.Equal(status, Assert.IsType<RunStatusChanged>(update));
    }

    [Fact]
    public void ALargeMetricsUpdate_IsSplitUnderThePayloadLimit_KeepingEveryPointInOrder()
    {
        var points = Enumerable.Range(1, 400).Select(i => new MetricPointDto($"series{i % 12}", i, 0, i == 5 ? double.NaN : 1.0 / i, T0)).ToList();
        var payloads = RunUpdateWire.Encode("w", new MetricsAppended(7, 400, 1000, points)).ToList();

        Assert.True(payloads.Count > 1);
        Assert.All(payloads, p => Assert.True(Encoding.UTF8.GetByteCount(p) <= RunUpdateWire.MaxPayloadBytes));
        var decoded = payloads.Select(p => Assert.IsType<MetricsAppended>(RunUpdateWire.Decode(p)!.Value.Update)).ToList();
        Assert.Equal(points.Select(p => p.Step), decoded.SelectMany(d => d.Points).Select(p => p.Step));
        Assert.True(double.IsNaN(decoded.SelectMany(d => d.Points).Single(p => p.Step == 5).Value));
    }

    [Fact]
    public void APayloadThatIsNotARunUpdate_IsIgnored()
    {
        Assert.Null(RunUpdateWire.Decode("not json"));
        Assert.Null(RunUpdateWire.Decode("""{"sender":"w","kind":"state","update":{}}"""));
    }
}
