using Lewel.Web.Jobs.Workers;

namespace Lewel.Web.Tests.Scale;

public class GpuInventoryTests
{
    [Fact]
    public void Parse_ReadsIndexNameAndMemoryOfEachGpu_AndSkipsLinesItCannotRead()
    {
        var gpus = GpuInventory.Parse("0, NVIDIA H200, 143771\n1, NVIDIA A100-SXM4-80GB, 81920\n[N/A]\n");
        Assert.Equal([new GpuInfo(0, "NVIDIA H200", 143771), new GpuInfo(1, "NVIDIA A100-SXM4-80GB", 81920)], gpus);
        Assert.Empty(GpuInventory.Parse(""));
    }

    [Fact]
    public void AWorkerHostsDefaultName_IsItsMachineAndProcess_SoTwoOnOneMachineStayApart()
    {
        Assert.Equal($"{Environment.MachineName}:{Environment.ProcessId}", WorkerIdentity.ForWorkerHost(null).Name);
        Assert.Equal("gpu-box-1", WorkerIdentity.ForWorkerHost(" gpu-box-1 ").Name);
        var error = Assert.Throws<InvalidOperationException>(() => WorkerIdentity.ForWorkerHost(new string('w', 300)));
        Assert.Contains(WorkerIdentity.NameSetting, error.Message);
    }
}
