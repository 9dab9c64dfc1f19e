using Bunit;
using Lewel.Data.Entities;
using Lewel.Data.Stores;
using Lewel.Web.Components.Forks;
using MudBlazor.Services;
using Lewel.Web.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Lewel.Web.Tests.Components;

/// <summary>A plain bUnit context: the lineage needs the store registered before anything is rendered.</summary>
public class RunLineageTests : BunitContext
{
    private static NewRun Spec(string name) => new(name, RunKind.Pretrain, "lewel-b", "{}", "shapes", "resnet18", 1, "cpu", "cpu", 8);

    [Fact]
    public async Task Lineage_ShowsAForksParentAndStep_AndAParentsForksButNotItsEvaluationRuns()
    {
        await using var store = await StoreServices.CreateAsync();
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton(store.Runs);
        var parent = await store.Runs.CreateAsync(Spec("parent"));
        var fork = await store.Runs.CreateAsync(Spec("fork") with { ParentRunId = parent.Id, ForkStep = 4 });
        await store.Runs.CreateAsync(new NewRun("knn of parent", RunKind.Eval, "lewel-b", "{}", "shapes", "resnet18", 1, "cpu", "cpu", 0) { ParentRunId = parent.Id });

        var ofFork = Render<RunLineage>(p => p.Add(l => l.Run, fork));
        ofFork.WaitForAssertion(() => Assert.Equal($"forked from #{parent.Id} at step 4", ofFork.Find("[data-testid=lineage-parent]").TextContent.Trim()));
        Assert.Empty(ofFork.FindAll("[data-testid=lineage-forks]"));

        var ofParent = Render<RunLineage>(p => p.Add(l => l.Run, parent));
        ofParent.WaitForAssertion(() => Assert.Single(ofParent.FindAll("[data-testid=lineage-forks] [data-fork]")));
        Assert.Equal(fork.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), ofParent.Find("[data-fork]").GetAttribute("data-fork"));
        Assert.Empty(ofParent.FindAll("[data-testid=lineage-parent]"));
    }
}
