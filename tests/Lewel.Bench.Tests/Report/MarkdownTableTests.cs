using Lewel.Bench.Report;

namespace Lewel.Bench.Tests.Report;

public class MarkdownTableTests
{
    [Theory]
    [InlineData(1234.5678, 3, "1235")]
    [InlineData(12.345, 3, "12.3")]
    [InlineData(0.0012345, 3, "0.00123")]
    [InlineData(0, 3, "0")]
    [InlineData(double.NaN, 3, "—")]
    public void Num_KeepsSignificantDigits(double value, int digits, string expected) =>
        Assert.Equal(expected, MarkdownTable.Num(value, digits));

    [Fact]
    public void Percent_ShowsTheSign() => Assert.Equal(("+57 %", "-5 %"), (MarkdownTable.Percent(0.57), MarkdownTable.Percent(-0.05)));

    [Fact]
    public void Render_WritesHeaderRuleAndRows() =>
        Assert.Equal("| a | b |\n|---|---|\n| 1 | 2 |\n", MarkdownTable.Render(["a", "b"], [["1", "2"]]).ReplaceLineEndings("\n"));

    [Fact]
    public void Render_RowOfTheWrongLength_Throws() =>
        Assert.Throws<ArgumentException>(() => MarkdownTable.Render(["a", "b"], [["1"]]));
}
