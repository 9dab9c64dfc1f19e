using Lewel.Web.Jobs.Processes;
using Lewel.Web.Jobs.Workers;

namespace Lewel.Web.Tests.Scale;

/// <summary>GPU leases on a worker with two (fake) GPUs: each run gets a GPU of its own, the one it names or a free one;
/// a run with none free waits; only runs that allow sharing share.</summary>
public class GpuAllocatorTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(200);

    private sealed class TwoGpus : IGpuInventory
    {
        public IReadOnlyList<GpuInfo> Gpus { get; } = [new(0, "fake A", 81920), new(1, "fake B", 81920)];
    }

    [Fact]
    public async Task ThreeRuns_TwoComputeOnDifferentGpus_TheThirdWaitsForTheFirstGpuFreed()
    {
        var allocator = new GpuAllocator(new TwoGpus());
        using var first = await allocator.AcquireAsync(null, share: false, CancellationToken.None).WaitAsync(Bound);
        var second = await allocator.AcquireAsync(null, share: false, CancellationToken.None).WaitAsync(Bound);
        var third = allocator.AcquireAsync(null, share: false, CancellationToken.None);

        Assert.Equal([0, 1], new[] { first.Index, second.Index }.Order());
        await Task.Delay(Settle);
        Assert.False(third.IsCompleted, "the third run must wait: both GPUs are taken");
        second.Dispose();
        using var thirdLease = await third.WaitAsync(Bound);
        Assert.Equal(second.Index, thirdLease.Index);
        Assert.Equal(new Dictionary<int, int> { [0] = 1, [1] = 1 }, allocator.InUse());
    }

    [Fact]
    public async Task ARunNamingAGpu_WaitsForThatOne_EvenWithAnotherFree()
    {
        var allocator = new GpuAllocator(new TwoGpus());
        var holder = await allocator.AcquireAsync(1, share: false, CancellationToken.None).WaitAsync(Bound);
        var named = allocator.AcquireAsync(1, share: false, CancellationToken.None);
        await Task.Delay(Settle);
        Assert.False(named.IsCompleted, "GPU 1 is taken; GPU 0 is free but not the one asked for");
        holder.Dispose();
        using var lease = await named.WaitAsync(Bound);
        Assert.Equal(1, lease.Index);
    }

    [Fact]
    public async Task RunsThatAllowSharing_ShareAGpu_ButNeverWithOneThatDoesNot()
    {
        var allocator = new GpuAllocator(new TwoGpus());
        using var exclusive = await allocator.AcquireAsync(0, share: false, CancellationToken.None).WaitAsync(Bound);
        using var sharingA = await allocator.AcquireAsync(null, share: true, CancellationToken.None).WaitAsync(Bound);
        using var sharingB = await allocator.AcquireAsync(null, share: true, CancellationToken.None).WaitAsync(Bound);
        Assert.Equal(1, sharingA.Index);
        Assert.Equal(1, sharingB.Index); // GPU 0 is held by a run that does not share
        var another = allocator.AcquireAsync(null, share: false, CancellationToken.None);
        await Task.Delay(Settle);
        Assert.False(another.IsCompleted, "a run that does not share waits for a GPU nobody uses");
        using var cancel = new CancellationTokenSource(Settle);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            allocator.AcquireAsync(null, share: false, cancel.Token).WaitAsync(Bound));
    }

    [Fact]
    public async Task AGpuTheWorkerLacks_IsRefusedAtOnce()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            new GpuAllocator(new TwoGpus()).AcquireAsync(2, share: false, CancellationToken.None).WaitAsync(Bound));
        Assert.Equal("this worker has no GPU 2 (it has 0, 1)", error.Message);
    }

    [Fact]
    public async Task TheChildOfARun_SeesOnlyTheGpuItLeased()
    {
        var allocator = new GpuAllocator(new TwoGpus());
        using var busy = await allocator.AcquireAsync(null, share: false, CancellationToken.None).WaitAsync(Bound);
        using var lease = await allocator.AcquireAsync(null, share: false, CancellationToken.None).WaitAsync(Bound);
        var environment = JobSupervisor.ChildEnvironment(RunGpu.VisibleDevices(lease));
        Assert.Equal("1", environment["CUDA_VISIBLE_DEVICES"]);
    }
}
