using Bunit;
using Lewel.Data.Entities;
using Lewel.Web.Components.Pages.Runs;
using Lewel.Web.Jobs;
using Lewel.Web.Tests.Components.TestSupport;

namespace Lewel.Web.Tests.Components;

public class QueuePositionTests : MudComponentTest
{
    [Theory]
    [InlineData(1, RunPriority.High, "1st in gpu", "high")]
    [InlineData(2, RunPriority.Normal, "2nd in gpu", null)]
    [InlineData(13, RunPriority.Low, "13th in gpu", "low")]
    [InlineData(23, RunPriority.Normal, "23rd in gpu", null)]
    public void AWaitingRun_ShowsItsPlaceAndAnUnusualPriority(int position, RunPriority priority, string text, string? tag)
    {
        var cell = Render<QueuePosition>(p => p.Add(c => c.Entry, new QueuedRunDto(7, "r", "gpu", priority, position, DateTime.UtcNow)));
        var span = cell.Find(".lewel-queue-position");
        Assert.Equal(position.ToString(), span.GetAttribute("data-queue-position"));
        Assert.StartsWith(text, span.TextContent.Trim());
        Assert.Equal(tag, cell.FindAll(".lewel-tag").SingleOrDefault()?.TextContent);
    }

    [Fact]
    public void ARunThatDoesNotWait_ShowsNothing()
    {
        var cell = Render<QueuePosition>(p => p.Add(c => c.Entry, (QueuedRunDto?)null));
        Assert.Empty(cell.FindAll(".lewel-queue-position"));
    }
}
