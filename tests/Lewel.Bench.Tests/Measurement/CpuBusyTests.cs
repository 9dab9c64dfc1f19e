using Lewel.Bench.Measurement;

namespace Lewel.Bench.Tests.Measurement;

public class CpuBusyTests
{
    [Fact]
    public void ParseMachine_CountsIowaitAsIdleAndLeavesGuestOut() =>
        // user nice system idle iowait irq softirq steal guest guest_nice
        Assert.Equal((980L, 820L), CpuBusy.ParseMachine("cpu  100 0 50 800 20 5 5 0 40 0"));

    [Fact]
    public void ParseMachine_NotTheAggregateLine_Throws() => Assert.Throws<FormatException>(() => CpuBusy.ParseMachine("cpu0 1 2 3 4 5"));

    [Fact]
    public void ParseOwn_SumsOwnAndChildrenTimes_EvenWithSpacesInTheName() =>
        Assert.Equal(1 + 2 + 30 + 40, CpuBusy.ParseOwn("42 (my (odd) name) S 1 42 42 0 -1 4194304 125 0 0 0 1 2 30 40 20 0 1 0 803907"));

    [Fact]
    public void Cores_HalfTheJiffiesBusyOnTwoCores_IsOneCore() =>
        Assert.Equal(1.0, CpuBusy.Cores(new CpuTimes(1000, 500, 0), new CpuTimes(1200, 600, 0), 2), 9);

    [Fact]
    public void OtherCores_LeavesOurOwnJiffiesOut() =>
        Assert.Equal(0.2, CpuBusy.OtherCores(new CpuTimes(1000, 500, 10), new CpuTimes(1200, 600, 90), 2), 9);

    [Fact]
    public void Cores_NoTimePassed_IsNaN() => Assert.True(double.IsNaN(CpuBusy.Cores(new CpuTimes(1, 1, 0), new CpuTimes(1, 1, 0), 2)));

    [Fact]
    public void Read_OnLinux_GivesIdleWithinTotalAndOurOwnTime()
    {
        var times = CpuBusy.Read();
        Assert.NotNull(times);
        Assert.InRange(times.Idle, 0, times.Total);
        Assert.True(times.Own > 0); // this test process has run for a while
    }
}
