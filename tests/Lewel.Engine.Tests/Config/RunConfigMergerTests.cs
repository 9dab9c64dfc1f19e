using System.Text.Json.Nodes;
using Lewel.Engine.Config;

namespace Lewel.Engine.Tests.Config;

public class RunConfigMergerTests
{
    [Fact]
    public void Apply_KeepsEveryFieldTheUserLeavesOut()
    {
        var preset = JsonNode.Parse("""{"batchSize":256,"optimizer":{"name":"lars","baseLr":1.0,"weightDecay":1e-5},"monitor":{"probeIndices":[0,1,2]}}""")!;
        var user = JsonNode.Parse("""{"batchSize":64,"optimizer":{"baseLr":2.0},"monitor":{"probeIndices":[5]}}""")!;
        var merged = RunConfigMerger.Apply(preset, user);
        Assert.Equal(64, (int)merged["batchSize"]!);
        Assert.Equal(2.0, (double)merged["optimizer"]!["baseLr"]!);
        Assert.Equal("lars", (string)merged["optimizer"]!["name"]!);
        Assert.Equal(1e-5, (double)merged["optimizer"]!["weightDecay"]!);
        Assert.Equal("[5]", merged["monitor"]!["probeIndices"]!.ToJsonString());     // arrays replace, not append
        Assert.Equal(256, (int)preset["batchSize"]!);                                 // inputs are untouched
    }

    [Fact]
    public void Apply_MatchesKeysCaseInsensitivelyAndKeepsThePresetSpelling()
    {
        var merged = RunConfigMerger.Apply(JsonNode.Parse("""{"batchSize":256}""")!, JsonNode.Parse("""{"BatchSize":8}""")!);
        Assert.Equal("""{"batchSize":8}""", merged.ToJsonString());
    }

    [Fact]
    public void Resolve_FillsFromThePresetTheMethodAndPresetFieldsName()
    {
        var config = RunConfigMerger.Resolve("""{"method":"mocov2","batchSize":64,"optimizer":{"baseLr":0.5},"augmentation":{"view2":{"blurProbability":0.1}}}""");
        var preset = Presets.For(MethodIds.MocoV2, Presets.Small);
        Assert.Equal(64, config.BatchSize);
        Assert.Equal(0.5, config.Optimizer.BaseLr);
        Assert.Equal(preset.Optimizer.WeightDecay, config.Optimizer.WeightDecay);
        Assert.Equal(preset.Optimizer.Name, config.Optimizer.Name);
        Assert.Equal(preset.Moco, config.Moco);
        Assert.Equal(0.1, config.Augmentation.View2.BlurProbability);
        Assert.Equal(preset.Augmentation.View2.Saturation, config.Augmentation.View2.Saturation);
        Assert.Equal(preset.Augmentation.View1, config.Augmentation.View1);

        var imagenet = RunConfigMerger.Resolve("""{"method":"lewel-b","preset":"imagenet","epochs":100}""");
        Assert.Equal(100, imagenet.Epochs);
        Assert.Equal("eman", imagenet.Target.Update);
        Assert.Equal(Presets.For(MethodIds.LewelB, Presets.Small).Method, RunConfigMerger.Resolve("{}").Method);
    }

    [Fact]
    public void Resolve_UnknownFields_AreErrorsWithTheirPath()
    {
        var error = Assert.Throws<ConfigException>(() => RunConfigMerger.Resolve("""{"batch_size":8,"optimizer":{"learningRate":1}}"""));
        Assert.Equal(new[] { "batch_size", "optimizer.learningRate" }, error.Errors.Select(e => e.Path));
        Assert.Contains("not a configuration field", error.Errors[0].Message);
    }

    [Fact]
    public void Resolve_WrongTypeOrBadJson_NamesTheProblem()
    {
        var wrongType = Assert.Throws<ConfigException>(() => RunConfigMerger.Resolve("""{"optimizer":{"baseLr":"fast"}}"""));
        Assert.Equal("optimizer.baseLr", wrongType.Errors.Single().Path);
        var notJson = Assert.Throws<ConfigException>(() => RunConfigMerger.Resolve("{batchSize: 8"));
        Assert.Contains("not valid JSON", notJson.Errors.Single().Message);
        var unknownMethod = Assert.Throws<ConfigException>(() => RunConfigMerger.Resolve("""{"method":"simclr"}"""));
        Assert.Equal("method", unknownMethod.Errors.Single().Path);
    }
}
