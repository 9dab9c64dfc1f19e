using System.Globalization;
using System.Text.Json.Nodes;
using Lewel.Engine.Config;
using Lewel.Engine.Training.Optim;
using Lewel.Engine.Training.Schedules;

namespace Lewel.Engine.Tests.Config;

/// <summary>The preset <c>lewel-b-official-100ep</c> against the arguments of the official LEWEL_B EMAN 100-epoch log
/// (lewel-method.md §4.5, with §4.3/§4.4/§6.1/§7.1 for what the log's code fixes rather than its arguments).</summary>
public class OfficialLewelBPresetTests
{
    /// <summary>config path (camelCase, as in config.json), the logged value, where it comes from.</summary>
    public static TheoryData<string, string, string> LoggedArguments() => new()
    {
        { "method", "lewel-b", "§4.5: the LEWEL_B EMAN log" },
        { "epochs", "100", "§4.5: the 100-epoch run" },
        { "batchSize", "1024", "§4.5 Args: bs 1024 (8 GPUs)" },
        { "optimizer.baseLr", "3.6", "§4.5 Args: lr 3.6" },
        { "optimizer.lrRule", "absolute", "§4.4: LR given for the total batch, no automatic scaling in code" },
        { "optimizer.weightDecay", "1E-06", "§4.5 Args: wd 1e-6" },
        { "optimizer.name", "lars", "§4.4: LARS (official)" },
        { "optimizer.larsVariant", "lewel", "§4.4: lr inside the momentum buffer" },
        { "optimizer.eta", "0.001", "§4.4: η = 0.001" },
        { "optimizer.momentum", "0.9", "§4.4: momentum 0.9" },
        { "optimizer.clipLr", "false", "§4.4: no clipping" },
        { "optimizer.excludeBiasAndNorm", "true", "§4.4: excluded group (wd 0, trust 1)" },
        { "optimizer.exclusionRule", "lewel", "§4.4: by name: bn, downsample.1, bias" },
        { "optimizer.excludeNeckNorm", "false", "§4.4 quirk: the logged run kept the mlp.1 weights in the decayed group" },
        { "target.update", "eman", "§4.5: the EMAN log" },
        { "target.baseMomentum", "0.98", "§4.5 Args: m₀ 0.98" },
        { "target.finalMomentum", "1", "§4.3: cosine to 1" },
        { "schedule.warmupEpochs", "10", "§4.5 Args: 10 warmup epochs" },
        { "schedule.warmupStartLr", "0", "§4.4: lr = base·(step+1)/(10·iters_per_epoch)" },
        { "schedule.cosinePerStep", "false", "§4.4: cosine set once per epoch" },
        { "schedule.minLr", "0", "§4.4: no floor" },
        { "heads.projectorHidden", "4096", "§4.5 Args: hid 4096" },
        { "heads.predictorHidden", "4096", "§4.5 Args: hid 4096" },
        { "heads.dim", "256", "§4.5 Args: dim 256" },
        { "lewel.numHeads", "4", "§4.5 Args: M = 4" },
        { "lewel.scale", "1", "§4.5 Args: s = 1" },
        { "lewel.alpha", "0.5", "§4.5 Args: α = 0.5" },
        { "backbone", "resnet50", "§7.1: ResNet-50" },
        { "width", "1", "§7.1: ResNet-50 at torchvision's widths" },
        { "stem", "imagenet", "§7.1: standard stem" },
        { "imageSize", "224", "§6.1: 224 px crops" },
        { "augmentation.view1.cropScaleMin", "0.2", "§6.1: RandomResizedCrop scale (0.2, 1)" },
        { "augmentation.view1.blurProbability", "1", "§6.1: view 1 blur 1.0" },
        { "augmentation.view2.blurProbability", "0.1", "§6.1: view 2 blur 0.1" },
        { "augmentation.view1.solarizeProbability", "0", "§6.1: view 1 no solarize" },
        { "augmentation.view2.solarizeProbability", "0.2", "§6.1: view 2 solarize 0.2" },
        { "augmentation.view1.saturation", "0.2", "§6.1: colour jitter 0.4/0.4/0.2/0.1" },
        { "augmentation.mean[0]", "0.485", "§6.1: ImageNet mean" },
        { "augmentation.std[2]", "0.225", "§6.1: ImageNet std" },
    };

    private static readonly RunConfig Preset = Presets.For(MethodIds.LewelB, Presets.LewelBOfficial100Ep);

    [Theory]
    [MemberData(nameof(LoggedArguments))]
    public void Field_EqualsTheLoggedArgument(string path, string logged, string source)
    {
        var value = Read(JsonNode.Parse(Preset.ToJson())!, path);
        Assert.True(Same(logged, value), $"{path} is {value ?? "absent"}, the log has {logged} ({source})");
    }

    [Fact]
    public void Validates_AndSaysAmpIsMissing()
    {
        Assert.Empty(RunConfigValidator.Validate(Preset with { Dataset = "folder:/data/imagenet/train" }));
        Assert.Equal(Presets.LewelBOfficial100Ep, Preset.Preset);
        Assert.Contains("AMP", Presets.Describe(Presets.LewelBOfficial100Ep));
    }

    [Fact]
    public void Schedule_StartsAt3Point6AfterWarmup_AndWarmsUpPerIteration()
    {
        const int stepsPerEpoch = 1251; // §4.5: 1251 iters/epoch
        var schedule = LearningRateSchedule.FromConfig(Preset, stepsPerEpoch);
        Assert.Equal(3.6 / (10 * stepsPerEpoch), schedule.At(0), 12);
        Assert.Equal(3.6, schedule.At(10 * stepsPerEpoch), 12);
        Assert.Equal(100 * stepsPerEpoch, schedule.TotalSteps);
    }

    [Fact]
    public void RoundTripsThroughConfigJson_AndResolvesFromThePresetName()
    {
        Assert.Equal(Preset.ToJson(), RunConfig.FromJson(Preset.ToJson()).ToJson());
        Assert.Contains("\"lrRule\": \"absolute\"", Preset.ToJson());
        var resolved = RunConfigMerger.Resolve("""{ "method": "lewel-b", "preset": "lewel-b-official-100ep" }""");
        Assert.Equal((OptimizerIds.AbsoluteLrRule, 3.6, 1e-6, false), (resolved.Optimizer.LrRule, resolved.Optimizer.BaseLr,
            resolved.Optimizer.WeightDecay, resolved.Optimizer.ExcludeNeckNorm));
    }

    [Theory]
    [InlineData(MethodIds.Byol)]
    [InlineData(MethodIds.MocoV2)]
    [InlineData(MethodIds.MocoV2Plus)]
    [InlineData(MethodIds.LewelM)]
    public void OtherMethods_AreRefused_NamingThePreset(string method) =>
        Assert.Equal("preset", Assert.Throws<ConfigException>(() => Presets.For(method, Presets.LewelBOfficial100Ep)).Errors.Single().Path);

    private static JsonNode? Read(JsonNode node, string path)
    {
        JsonNode? current = node;
        foreach (var part in path.Split('.'))
        {
            var name = part;
            int? index = null;
            var bracket = part.IndexOf('[');
            if (bracket >= 0)
            {
                name = part[..bracket];
                index = int.Parse(part[(bracket + 1)..^1], CultureInfo.InvariantCulture);
            }
            current = current?[name];
            if (index is { } i) current = current?[i];
        }
        return current;
    }

    private static bool Same(string logged, JsonNode? value)
    {
        if (value is null) return false;
        if (double.TryParse(logged, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            && value is JsonValue v && v.TryGetValue<double>(out var actual))
            return Math.Abs(number - actual) <= 1e-12 * Math.Max(1, Math.Abs(number));
        return string.Equals(logged, value.ToString(), StringComparison.Ordinal);
    }
}
