using Lewel.Bench.Measurement;

namespace Lewel.Bench.Tests.Measurement;

public class ProcessMemoryTests
{
    [Fact]
    public void PeakRss_AfterTouchingMemory_CoversTheBlockAndTheCurrentRss()
    {
        var block = new byte[64 << 20];
        Random.Shared.NextBytes(block);
        var current = ProcessMemory.CurrentRssMb;
        var peak = ProcessMemory.PeakRssMb; // read after: the peak can only have grown since
        Assert.True(current > 64, $"current RSS {current} MiB with a 64 MiB array alive");
        Assert.True(peak >= current, $"peak {peak} MiB below current {current} MiB");
        GC.KeepAlive(block);
    }
}
