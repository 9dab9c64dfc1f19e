using Bunit;
using Lewel.Engine.Config;
using Lewel.Web.Components.Forms;
using Lewel.Web.Tests.Components.TestSupport;

namespace Lewel.Web.Tests.Components;

public class RunFormTests : MudComponentTest
{
    [Fact]
    public void RunForm_Default_IsValidAndOffersTheFiveMethodsWithLewelMMarkedReconstructed()
    {
        var form = Render<RunForm>();
        Assert.Empty(form.FindAll("[data-testid=form-errors]"));
        Assert.False(form.Find("button[data-testid=launch]").HasAttribute("disabled"));
        var cards = form.FindAll("button[data-method]");
        Assert.Equal(["byol", "lewel-b", "mocov2", "mocov2plus", "lewel-m"], cards.Select(c => c.GetAttribute("data-method")));
        Assert.Contains("reconstructed from the paper", form.Find("button[data-method=lewel-m]").TextContent);
        Assert.DoesNotContain("reconstructed", form.Find("button[data-method=lewel-b]").TextContent);
        Assert.Equal("true", form.Find("button[data-method=lewel-b]").GetAttribute("aria-checked"));
    }

    [Fact]
    public void RunForm_AlphaOutsideTheUnitInterval_ShowsTheValidatorMessageAtTheAlphaField()
    {
        var form = Render<RunForm>();
        var alpha = form.Find("[data-path='lewel.alpha'] input");
        Assert.Contains("α: weight of the global loss", form.Markup);

        alpha.Input("1.5");

        var expected = RunConfigValidator.Validate(RunForm.DefaultConfig() with { Lewel = new LewelConfig { Alpha = 1.5 } })
            .Single(e => e.Path == "lewel.alpha").Message;
        form.WaitForAssertion(() => Assert.Contains(expected, form.Find("[data-testid=form-errors]").TextContent));
        Assert.Contains(expected, FieldText(form, "lewel.alpha"));
        Assert.True(form.Find("button[data-testid=launch]").HasAttribute("disabled"));
    }

    [Fact]
    public void RunForm_NumHeadsThatDoesNotDivideK_NamesBothNumbers()
    {
        var form = Render<RunForm>();
        form.Find("[data-path='lewel.numHeads'] input").Input("3");
        form.WaitForAssertion(() => Assert.Contains("M = 3 does not divide the projector dim K = heads.dim = 128", FieldText(form, "lewel.numHeads")));
    }

    [Fact]
    public void RunForm_BadDatasetSpec_IsReportedAtTheSpecField()
    {
        var form = Render<RunForm>();
        form.Find("[data-path='dataset'] input").Input("imagenet:/data");
        form.WaitForAssertion(() => Assert.Contains("unknown kind 'imagenet'", form.Find("[data-testid=form-errors]").TextContent));
    }

    [Fact]
    public void RunForm_ChoosingByol_HidesTheLewelKnobsAndKeepsTheDataSet()
    {
        var form = Render<RunForm>();
        var dataset = form.Instance.Config.Dataset;
        form.Find("button[data-method=byol]").Click();

        Assert.Equal(MethodIds.Byol, form.Instance.Config.Method);
        Assert.Equal(dataset, form.Instance.Config.Dataset);
        Assert.Empty(form.FindAll("[data-path='lewel.alpha']"));
        Assert.NotEmpty(form.FindAll("[data-path='heads.predictorHidden']"));
        Assert.Empty(form.FindAll("[data-path='moco.queueSize']"));
    }

    [Fact]
    public void RunForm_ChoosingLewelM_ShowsBothQueues()
    {
        var form = Render<RunForm>();
        form.Find("button[data-method=lewel-m]").Click();
        Assert.NotEmpty(form.FindAll("[data-path='moco.queueSize']"));
        Assert.NotEmpty(form.FindAll("[data-path='moco.alignedQueueSteps']"));
        Assert.NotEmpty(form.FindAll("[data-path='lewel.numHeads']"));
        var notes = form.Find("[data-testid=reconstruction-notes]");
        Assert.Equal(Lewel.Engine.Methods.LewelM.ReconstructionAssumptions.Count, notes.QuerySelectorAll("li").Length);
        Assert.Contains("alignedQueueSteps", notes.TextContent);
        Assert.Contains("keys per view (steps × batch × N)", form.Markup);
    }

    [Fact]
    public void RunForm_Baselines_ShowNoReconstructionNotes()
    {
        var form = Render<RunForm>();
        form.Find("button[data-method=lewel-b]").Click();
        Assert.Empty(form.FindAll("[data-testid=reconstruction-notes]"));
    }

    [Fact]
    public void RunForm_Launch_RaisesTheConfigTagsAndPairedFlag()
    {
        RunLaunch? launched = null;
        var form = Render<RunForm>(p => p
            .Add(f => f.InitialPaired, true)
            .Add(f => f.InitialTags, ["ablation", "cpu"])
            .Add(f => f.OnLaunch, (RunLaunch l) => launched = l));

        Assert.Contains("BYOL + LEWEL_B", form.Find("button[data-testid=launch]").TextContent);
        form.Find("button[data-testid=launch]").Click();

        Assert.NotNull(launched);
        Assert.True(launched.Paired);
        Assert.Equal(["ablation", "cpu"], launched.Tags);
        Assert.Equal(form.Instance.Config, launched.Config);
        Assert.Empty(RunConfigValidator.Validate(launched.Config));
    }

    [Fact]
    public void RunForm_Paired_NamePlaceholderShowsEachRunsDefaultName()
    {
        var form = Render<RunForm>(p => p.Add(f => f.InitialPaired, true));
        var placeholder = form.Find("[data-path='name'] input").GetAttribute("placeholder");
        Assert.Equal("byol on shapes · lewel-b on shapes", placeholder);
    }

    [Fact]
    public void RunForm_PairedLewelM_LaunchesWithMocoV2Plus()
    {
        var form = Render<RunForm>(p => p.Add(f => f.InitialPaired, true));
        form.Find("button[data-method=lewel-m]").Click();
        form.WaitForAssertion(() => Assert.Contains("MoCo V2+ + LEWEL_M", form.Find("button[data-testid=launch]").TextContent));
        Assert.Equal("mocov2plus on shapes · lewel-m on shapes", form.Find("[data-path='name'] input").GetAttribute("placeholder"));
    }

    [Fact]
    public void RunForm_OfficialMocoV2_OffersNoPairAndShowsItsBnSplits()
    {
        RunLaunch? launched = null;
        var form = Render<RunForm>(p => p
            .Add(f => f.InitialPaired, true)
            .Add(f => f.OnLaunch, (RunLaunch l) => launched = l));
        form.Find("button[data-method=mocov2]").Click();

        form.WaitForAssertion(() => Assert.Contains("has no LEWEL variant", form.Markup));
        Assert.Contains("Launch MoCo v2", form.Find("button[data-testid=launch]").TextContent);
        Assert.NotEmpty(form.FindAll("[data-path='moco.bnSplits'] input"));
        form.Find("[data-path='moco.bnSplits'] input").Input("3");
        form.WaitForAssertion(() => Assert.Contains("do not divide the batch", FieldText(form, "moco.bnSplits")));
        form.Find("[data-path='moco.bnSplits'] input").Input("4");
        form.WaitForAssertion(() => Assert.Empty(form.FindAll("[data-testid=form-errors]")));
        form.Find("button[data-testid=launch]").Click();
        Assert.NotNull(launched);
        Assert.False(launched.Paired);
        Assert.Equal((MethodIds.MocoV2, 4), (launched.Config.Method, launched.Config.Moco.BnSplits));
    }

    [Fact]
    public void RunForm_ServerErrors_AreShownAtTheirFields()
    {
        var form = Render<RunForm>(p => p.Add(f => f.ServerErrors,
            new Dictionary<string, string[]> { ["device"] = ["'cuda' was requested but CUDA is not available here"] }));
        Assert.Contains("CUDA is not available", FieldText(form, "device"));
    }

    [Fact]
    public void RunForm_ProbeIndicesThatAreNotNumbers_AreRefusedAtTheirField()
    {
        var form = Render<RunForm>();
        form.Find("[data-path='monitor.probeIndices'] input").Input("0, 1, x");
        form.WaitForAssertion(() => Assert.Contains("'x' is not an image index", FieldText(form, "monitor.probeIndices")));
    }

    [Fact]
    public void RunForm_OfficialLewelBRecipe_ShowsTheAbsoluteLr_AndAnotherMethodFallsBackToImageNet()
    {
        var official = Presets.For(MethodIds.LewelB, Presets.LewelBOfficial100Ep);
        var form = Render<RunForm>(p => p.Add(f => f.InitialConfig, official));
        Assert.Contains("lr (absolute)", form.Markup);
        Assert.Contains("lr = 3.6 at batch 1024", form.Markup);
        Assert.NotEmpty(form.FindAll("[data-path='optimizer.lrRule']"));
        Assert.NotEmpty(form.FindAll("[data-path='optimizer.exclusionRule']"));
        Assert.Contains("decayed", form.Find("[data-path='optimizer.excludeNeckNorm']").InnerHtml); // the logged run's quirk

        form.Find("button[data-method=byol]").Click();

        form.WaitForAssertion(() => Assert.Equal((MethodIds.Byol, Presets.ImageNet), (form.Instance.Config.Method, form.Instance.Config.Preset)));
        Assert.Equal("linear", form.Instance.Config.Optimizer.LrRule);
    }

    [Fact]
    public void RunForm_ImageNetRecipe_LeavesTheHeadsBnToTheTargetUpdate()
    {
        var form = Render<RunForm>(p => p.Add(f => f.InitialConfig, Presets.For(MethodIds.LewelB, Presets.ImageNet)));
        var field = form.Find("[data-path='optimizer.excludeNeckNorm']").InnerHtml;
        Assert.Contains("by target update", field);
        Assert.DoesNotContain("decayed", field);
    }

    [Fact]
    public void RunForm_QuickTrial_LoadsLewelBsQuickPreset_PairedWithByol_AndKeepsTheRunsNameAndSeed()
    {
        var start = Presets.For(MethodIds.MocoV2, Presets.Small) with { Name = "first try", Seed = 7 };
        var form = Render<RunForm>(p => p.Add(f => f.InitialConfig, start));

        form.Find("button[data-testid=quick-trial]").Click();

        var expected = Presets.For(MethodIds.LewelB, Presets.Quick) with { Name = "first try", Seed = 7, Device = start.Device, Threads = start.Threads };
        form.WaitForAssertion(() => Assert.Equal(expected.ToJson(), form.Instance.Config.ToJson()));
        Assert.Contains("same dark background", form.Find("[data-path='shapes.scene']").TextContent);
        Assert.Contains("BYOL + LEWEL_B", form.Find("button[data-testid=launch]").TextContent);
        Assert.Empty(form.FindAll("[data-testid=form-errors]"));
    }

    [Fact]
    public void RunForm_CloneOfAnotherRun_StartsFromItsConfiguration()
    {
        var source = Presets.For(MethodIds.MocoV2, Presets.Small) with { Name = "clone me", Dataset = "cifar10:/data/cifar", Steps = 50, Epochs = null };
        var form = Render<RunForm>(p => p.Add(f => f.InitialConfig, source));
        Assert.Equal(source, form.Instance.Config);
        Assert.Equal("/data/cifar", form.Find("[data-path='datasetDirectory'] input").GetAttribute("value"));
        Assert.NotEmpty(form.FindAll("[data-path='steps']"));
    }

    /// <summary>The text of the field wrapper that carries <paramref name="path"/>, helper or error line included.</summary>
    private static string FieldText(IRenderedComponent<RunForm> form, string path) => form.Find($"[data-path='{path}']").TextContent;
}
