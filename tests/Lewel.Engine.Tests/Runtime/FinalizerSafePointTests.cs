using Lewel.Engine.Runtime;

namespace Lewel.Engine.Tests.Runtime;

public class FinalizerSafePointTests
{
    [Fact]
    public void CollectIfDue_CollectsOnceEnoughHasBeenAllocated_AndNotAgainStraightAway()
    {
        FinalizerSafePoint.CollectIfDue(); // whatever earlier tests allocated
        Assert.False(FinalizerSafePoint.CollectIfDue());
        var before = FinalizerSafePoint.Collections;
        for (var i = 0; i < 80; i++) GC.KeepAlive(new byte[1 << 20]);
        Assert.True(FinalizerSafePoint.CollectIfDue());
        Assert.Equal(before + 1, FinalizerSafePoint.Collections);
        Assert.False(FinalizerSafePoint.CollectIfDue());
    }

    [Fact]
    public void CollectIfDue_WaitsWhileAnotherThreadIsInTorchWork()
    {
        using var entered = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var worker = Task.Run(() =>
        {
            using (FinalizerSafePoint.EnterTorchWork())
            {
                entered.Set();
                release.Wait(TimeSpan.FromSeconds(30));
            }
        });
        Assert.True(entered.Wait(TimeSpan.FromSeconds(10)));
        for (var i = 0; i < 80; i++) GC.KeepAlive(new byte[1 << 20]);
        var collection = Task.Run(FinalizerSafePoint.CollectIfDue);
        Assert.False(collection.Wait(TimeSpan.FromMilliseconds(300)), "collected while torch work was in flight");
        release.Set();
        Assert.True(collection.Wait(TimeSpan.FromSeconds(10)));
        Assert.True(collection.Result);
        Assert.True(worker.Wait(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void ChildEnvironment_RaisesTheGen0BudgetAboveWhatASafePointLetsAccumulate()
    {
        var gen0 = Convert.ToInt64(FinalizerSafePoint.ChildEnvironment["DOTNET_GCgen0size"], 16);
        Assert.True(gen0 >= 2 * FinalizerSafePoint.DueAfterBytes, $"gen0 budget {gen0} bytes");
        Assert.True(FinalizerSafePoint.ChildEnvironment.ContainsKey("DOTNET_GCLOHThreshold"));
    }
}
