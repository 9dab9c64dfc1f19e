using Lewel.Bench.Report;

namespace Lewel.Bench.Tests.Report;

public class MarkdownSectionsTests
{
    [Fact]
    public void Replace_ExistingMarkers_ReplacesOnlyBetweenThem()
    {
        const string text = "# T\nbefore\n<!-- BEGIN generated:a -->\nold\nlines\n<!-- END generated:a -->\nafter\n";
        var result = MarkdownSections.Replace(text, "a", "new");
        Assert.Equal("# T\nbefore\n<!-- BEGIN generated:a -->\nnew\n<!-- END generated:a -->\nafter\n", result);
    }

    [Fact]
    public void Replace_OtherSection_IsLeftAlone()
    {
        const string text = "<!-- BEGIN generated:a -->\nA\n<!-- END generated:a -->\n<!-- BEGIN generated:b -->\nB\n<!-- END generated:b -->\n";
        var result = MarkdownSections.Replace(text, "b", "B2");
        Assert.Contains("\nA\n", result);
        Assert.Contains("\nB2\n", result);
        Assert.DoesNotContain("\nB\n", result);
    }

    [Fact]
    public void Replace_MissingMarkers_AppendsTheSection()
    {
        var result = MarkdownSections.Replace("# T\n", "c", "C");
        Assert.Equal("# T\n\n<!-- BEGIN generated:c -->\nC\n<!-- END generated:c -->\n", result);
    }
}
