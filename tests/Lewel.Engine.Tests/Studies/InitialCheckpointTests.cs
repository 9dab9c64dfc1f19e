using Lewel.Engine.Config;
using Lewel.Engine.Interop;
using Lewel.Engine.Studies;
using Lewel.Engine.Tests.TestSupport;
using static TorchSharp.torch;

namespace Lewel.Engine.Tests.Studies;

[Collection(SerialTorchCollection.Name)]
public sealed class InitialCheckpointTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "lewel-initial-" + Guid.NewGuid().ToString("N"));

    private CheckpointModel Write(long seed, string name)
    {
        var config = TinyConfigs.For(MethodIds.Byol) with { Seed = seed, Dataset = "shapes:size=16,n=32,seed=1" };
        var path = InitialCheckpoint.Write(config, Path.Combine(root, name));
        Assert.EndsWith("step0000000.ckpt", path);
        return CheckpointModel.Load(Path.Combine(root, name));
    }

    [Fact]
    public void Write_GivesALoadableStepZeroCheckpointWhoseWeightsFollowTheSeed()
    {
        using var first = Write(3, "a");
        using var again = Write(3, "b");
        using var other = Write(4, "c");
        Assert.Equal(3, first.Config!.Seed);
        Assert.Null(first.Neck); // a baseline: no LEWEL neck
        var a = first.Backbone.parameters().ToList();
        var b = again.Backbone.parameters().ToList();
        var c = other.Backbone.parameters().ToList();
        Assert.True(a.Zip(b).All(p => equal(p.First, p.Second).all().item<bool>()), "the same seed must give the same initial weights");
        Assert.False(a.Zip(c).All(p => equal(p.First, p.Second).all().item<bool>()), "another seed must give other initial weights");
    }

    public void Dispose()
    {
        try { Directory.Delete(root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
