namespace Lewel.Bench.Tests;

public class BenchArgsTests
{
    [Fact]
    public void Parse_AllOptions_ReadsEach()
    {
        var args = BenchArgs.Parse(["--quick", "--reps", "3", "--warmup", "2", "--steps", "5", "--methods", "byol, lewel-b", "--threads", "4", "--output", "x", "--reference-channels-last"]);
        Assert.True(args.Quick);
        Assert.Equal(3, args.Reps);
        Assert.Equal(2, args.Warmup);
        Assert.Equal(5, args.Steps);
        Assert.Equal(["byol", "lewel-b"], args.Methods);
        Assert.Equal(4, args.Threads);
        Assert.Equal("x", args.Output);
        Assert.True(args.ReferenceChannelsLast);
    }

    [Fact]
    public void Parse_Nothing_GivesDefaults()
    {
        var args = BenchArgs.Parse([]);
        Assert.False(args.Quick);
        Assert.Null(args.Steps);
        Assert.False(args.ReferenceChannelsLast);
        Assert.Equal(2, args.Threads);
    }

    [Theory]
    [InlineData("--fast", "unknown option '--fast'")]
    [InlineData("--steps", "option --steps needs a value")]
    [InlineData("--steps x", "option --steps needs a positive integer, got 'x'")]
    [InlineData("--reps 0", "option --reps needs a positive integer, got '0'")]
    public void Parse_BadOption_NamesIt(string line, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => BenchArgs.Parse(line.Split(' ')));
        Assert.StartsWith(message, e.Message);
    }
}
