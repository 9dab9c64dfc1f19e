using Lewel.Cli.Studies;
using Lewel.Engine.Runtime;

namespace Lewel.Cli.Tests;

public class ChildCommandTests
{
    /// <summary>A study's pretrain and eval children train in their own process: they need the GC settings under which
    /// TorchSharp's temporary Scalars are finalized only at safe points, as the studio's run processes get them.</summary>
    [Fact]
    public void StartInfo_GivesTheChildTheRunProcessGcSettings_AndTheArguments()
    {
        var start = ChildCommand.StartInfo(["eval", "knn", "--checkpoint", "runs/a"]);

        Assert.NotEmpty(FinalizerSafePoint.ChildEnvironment);
        foreach (var (name, value) in FinalizerSafePoint.ChildEnvironment)
            Assert.Equal(value, start.Environment[name]);
        Assert.Equal(["eval", "knn", "--checkpoint", "runs/a"], start.ArgumentList.TakeLast(4));
    }
}
