using Bunit;
using Lewel.Web.Components.Shared;
using Lewel.Web.Tests.Components.TestSupport;

namespace Lewel.Web.Tests.Components;

public class ProtocolBadgeTests : MudComponentTest
{
    [Fact]
    public void ProtocolBadge_Knn_ShowsItsDefiningParameters()
    {
        var badge = Render<ProtocolBadge>(p => p
            .Add(b => b.Protocol, "knn")
            .Add(b => b.Parameters, new Dictionary<string, string> { ["k"] = "20", ["temperature"] = "0.07", ["split"] = "test" }));
        var span = badge.Find("span.lewel-protocol");
        Assert.Equal("knn", span.GetAttribute("data-protocol"));
        Assert.Contains("lewel-protocol-knn", span.ClassName);
        Assert.Contains("kNN", span.TextContent);
        Assert.Contains("k=20", span.TextContent);
        Assert.Contains("temperature=0.07", span.TextContent);
        Assert.DoesNotContain("split", span.TextContent);
    }

    [Fact]
    public void ProtocolBadge_UnknownProtocol_KeepsItsNameAndShowsSomeParameters()
    {
        var badge = Render<ProtocolBadge>(p => p
            .Add(b => b.Protocol, "retrieval")
            .Add(b => b.Parameters, new Dictionary<string, string> { ["b"] = "2", ["a"] = "1" }));
        var span = badge.Find("span.lewel-protocol");
        Assert.Contains("lewel-protocol-other", span.ClassName);
        Assert.Contains("retrieval", span.TextContent);
        Assert.Contains("a=1", span.TextContent);
    }

    [Fact]
    public void Describe_ListsEveryParameterForTheTooltip() =>
        Assert.Equal("linear: epochs=50, lr=0.4", ProtocolLabels.Describe("linear", new Dictionary<string, string> { ["lr"] = "0.4", ["epochs"] = "50" }));

    [Fact]
    public void Describe_WithoutParameters_SaysNoneWereRecorded() =>
        Assert.Equal("semi-sup.: no parameters recorded", ProtocolLabels.Describe("semi", null));
}
