using Lewel.Bench.Measurement;

namespace Lewel.Bench.Tests.Measurement;

public class CpuBusyTests
{
    [Fact]
    public void Parse_CountsIowaitAsIdleAndLeavesGuestOut()
    {
        // user nice system idle iowait irq softirq steal guest guest_nice
        var times = CpuBusy.Parse("cpu  100 0 50 800 20 5 5 0 40 0");
        Assert.Equal(new CpuTimes(980, 820), times);
    }

    [Fact]
    public void Parse_NotTheAggregateLine_Throws() => Assert.Throws<FormatException>(() => CpuBusy.Parse("cpu0 1 2 3 4 5"));

    [Fact]
    public void Cores_HalfTheJiffiesBusyOnTwoCores_IsOneCore() =>
        Assert.Equal(1.0, CpuBusy.Cores(new CpuTimes(1000, 500), new CpuTimes(1200, 600), 2), 9);

    [Fact]
    public void Cores_NoTimePassed_IsNaN() => Assert.True(double.IsNaN(CpuBusy.Cores(new CpuTimes(1, 1), new CpuTimes(1, 1), 2)));

    [Fact]
    public void Read_OnLinux_GivesIdleWithinTotal()
    {
        var times = CpuBusy.Read();
        Assert.NotNull(times);
        Assert.InRange(times.Idle, 0, times.Total);
    }
}
