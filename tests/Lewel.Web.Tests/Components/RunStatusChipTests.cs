using Bunit;
using Lewel.Data.Entities;
using Lewel.Web.Components.Shared;
using Lewel.Web.Tests.Components.TestSupport;

namespace Lewel.Web.Tests.Components;

public class RunStatusChipTests : MudComponentTest
{
    [Theory]
    [InlineData("stalled at step 41: nothing reported for 130 s (bound 120 s); the process was killed.", "stalled")]
    [InlineData("the training process died with SIGSEGV at step 41. The last checkpoint is step 40; Resume continues from there.", "failed")]
    [InlineData(null, "failed")]
    public void AFailedRunTheWatchdogStopped_ReadsStalled(string? error, string expected)
    {
        var chip = Render<RunStatusChip>(p => p.Add(c => c.Status, RunStatus.Failed).Add(c => c.Error, error));
        Assert.Equal(expected, chip.Find(".lewel-status").GetAttribute("data-status"));
    }
}
