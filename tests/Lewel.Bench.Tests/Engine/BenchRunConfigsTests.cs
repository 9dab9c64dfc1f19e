using Lewel.Bench.Engine;
using Lewel.Bench.Measurement;
using Lewel.Engine.Config;

namespace Lewel.Bench.Tests.Engine;

public class BenchRunConfigsTests
{
    public static TheoryData<string, string> MethodsAndConfigs()
    {
        var data = new TheoryData<string, string>();
        foreach (var method in MethodIds.All)
            foreach (var config in BenchConfig.Standard)
                data.Add(method, config.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(MethodsAndConfigs))]
    public void For_StandardConfiguration_IsValidAndHasItsShape(string method, string configName)
    {
        var config = BenchConfig.Standard.Single(c => c.Name == configName);
        var run = BenchRunConfigs.For(method, config, threads: 2, steps: 4);
        Assert.Empty(RunConfigValidator.Validate(run));
        Assert.Equal((method, config.Width, config.ImageSize, config.BatchSize, 4, 2), (run.Method, run.Width, run.ImageSize, run.BatchSize, run.Steps, run.Threads));
    }

    [Fact]
    public void ReferenceArguments_CarryTheEngineShapes()
    {
        var run = BenchRunConfigs.For("lewel-b", BenchConfig.Full, threads: 2, steps: 3);
        var args = BenchRunConfigs.ReferenceArguments(run, warmup: 1, steps: 2, label: "x");
        string Value(string option) => args[args.ToList().IndexOf(option) + 1];
        Assert.Equal("lewel-b", Value("--method"));
        Assert.Equal("1", Value("--width"));
        Assert.Equal(run.StemPadding.ToString(), Value("--stem-padding"));
        Assert.Equal(run.Augmentation.View1.Interpolation, Value("--interpolation"));
        Assert.Equal(run.Heads.ProjectorHidden.ToString(), Value("--proj-hidden"));
        Assert.Equal(run.Heads.PredictorHidden.ToString(), Value("--pred-hidden"));
        Assert.Equal(run.Heads.Dim.ToString(), Value("--dim"));
        Assert.Equal(run.Lewel.NumHeads.ToString(), Value("--num-heads"));
        Assert.Equal(("64", "32", "2"), (Value("--batch"), Value("--image-size"), Value("--steps")));
    }
}
