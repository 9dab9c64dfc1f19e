using Bunit;
using Lewel.Engine.Config;
using Lewel.Web.Components.Configs;
using Lewel.Web.Tests.Components.TestSupport;

namespace Lewel.Web.Tests.Components;

public class ConfigDiffTests : MudComponentTest
{
    private static readonly RunConfig Byol = Presets.For(MethodIds.Byol, Presets.Small) with { Name = "a" };

    [Fact]
    public void Diff_PairedRuns_ShowsOnlyTheFieldsThatDifferInTheirGroups()
    {
        var lewel = Byol with
        {
            Name = "b",
            Method = MethodIds.LewelB,
            Optimizer = Byol.Optimizer with { BaseLr = 0.5 },
            Augmentation = Byol.Augmentation with { View2 = Byol.Augmentation.View2 with { SolarizeProbability = 0.1 } },
            Dataset = "shapes:size=16,n=64,seed=1",
        };
        var differences = ConfigDiffer.Diff([Byol.ToJson(), lewel.ToJson()]);

        Assert.Equal(["method", "augmentation.view2.solarizeProbability", "optimizer.baseLr", "dataset"], differences.Select(d => d.Path));
        Assert.Equal([ConfigDiffer.Method, ConfigDiffer.Augmentation, ConfigDiffer.Optimiser, ConfigDiffer.Data], differences.Select(d => d.Group));
        Assert.Equal(["byol", "lewel-b"], differences[0].Values);
    }

    [Fact]
    public void Diff_FieldMissingInOneRun_IsReportedAsAbsent()
    {
        var differences = ConfigDiffer.Diff(["""{"method":"byol","steps":20}""", """{"method":"byol"}"""]);
        var steps = Assert.Single(differences);
        Assert.Equal(ConfigDiffer.Schedule, steps.Group);
        Assert.Equal(["20", null], steps.Values);
    }

    [Fact]
    public void Diff_NotAnObject_NamesTheConfiguration()
    {
        var e = Assert.Throws<ArgumentException>(() => ConfigDiffer.Diff(["{}", "[1,2]"]));
        Assert.Contains("Configuration 2", e.Message);
    }

    [Theory]
    [InlineData("lewel.alpha", ConfigDiffer.Method)]
    [InlineData("target.baseMomentum", ConfigDiffer.Method)]
    [InlineData("width", ConfigDiffer.Model)]
    [InlineData("schedule.warmupEpochs", ConfigDiffer.Schedule)]
    [InlineData("batchSize", ConfigDiffer.Schedule)]
    [InlineData("imageSize", ConfigDiffer.Data)]
    [InlineData("monitor.probeIndices", ConfigDiffer.Run)]
    public void GroupOf_SortsPathsIntoTheirGroup(string path, string group) => Assert.Equal(group, ConfigDiffer.GroupOf(path));

    [Fact]
    public void ConfigDiff_RendersAGroupHeaderPerGroupAndHighlightsChangedValues()
    {
        var other = Byol with { Name = "b", Seed = 7, Optimizer = Byol.Optimizer with { WeightDecay = 0.0 } };
        var diff = Render<ConfigDiff>(p => p.Add(d => d.Columns,
            [new ConfigDiff.Column("#1 byol", Byol.ToJson()), new ConfigDiff.Column("#2 byol", other.ToJson())]));

        Assert.Equal(["optimiser", "run"], diff.FindAll("tr.lewel-diff-group").Select(r => r.GetAttribute("data-group")));
        var row = diff.Find("tr[data-path='optimizer.weightDecay']");
        Assert.Contains("lewel-diff-changed", row.Children[2].ClassName);
        Assert.Empty(diff.FindAll("tr[data-path='name']"));
    }

    [Fact]
    public void ConfigDiff_IdenticalConfigurations_SaySo()
    {
        var diff = Render<ConfigDiff>(p => p.Add(d => d.Columns,
            [new ConfigDiff.Column("a", Byol.ToJson()), new ConfigDiff.Column("b", (Byol with { Name = "other" }).ToJson())]));
        Assert.NotNull(diff.Find("[data-testid=config-identical]"));
    }
}
