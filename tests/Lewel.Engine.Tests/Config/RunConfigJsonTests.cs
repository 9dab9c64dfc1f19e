using Lewel.Engine.Config;

namespace Lewel.Engine.Tests.Config;

public class RunConfigJsonTests
{
    private static RunConfig StepsOnly() =>
        Presets.For(MethodIds.Byol, Presets.Small) with { Steps = 500, Epochs = null };

    [Fact]
    public void FromJson_StepsWithoutEpochs_KeepsEpochsNull()
    {
        var json = StepsOnly().ToJson();
        var read = RunConfig.FromJson(json);
        Assert.Null(read.Epochs);
        Assert.Equal(500, read.Steps);
        Assert.Equal(json, read.ToJson());
    }

    [Fact]
    public void Resolve_StepsWithoutEpochs_DoesNotTakeThePresetsEpochs()
    {
        var resolved = RunConfigMerger.Resolve(StepsOnly().ToJson());
        Assert.Null(resolved.Epochs);
        Assert.Equal(500, resolved.Steps);
    }

    [Fact]
    public void Resolve_EpochsLeftOut_StillComesFromThePreset()
    {
        var resolved = RunConfigMerger.Resolve("""{"method":"byol","steps":500}""");
        Assert.Equal(Presets.For(MethodIds.Byol, Presets.Small).Epochs, resolved.Epochs);
    }
}
