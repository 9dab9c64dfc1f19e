using Lewel.Web.Runs;

namespace Lewel.Web.Tests.Runs;

public class BinomialIntervalTests
{
    [Fact]
    public void Wilson_KnnTop1On204Images_IsAboutFivePointsEitherSide()
    {
        var (low, high) = BinomialInterval.Wilson(15.69, 204);
        Assert.Equal(11.3, low, 1);
        Assert.Equal(21.3, high, 1);
        // 15.69 against 11.76 on 204 images each: the intervals overlap, so the page marks it as within chance.
        Assert.True(BinomialInterval.AllOverlap([BinomialInterval.Wilson(15.69, 204), BinomialInterval.Wilson(11.76, 204)]));
        Assert.False(BinomialInterval.AllOverlap([BinomialInterval.Wilson(60, 10_000), BinomialInterval.Wilson(50, 10_000)]));
    }

    [Fact]
    public void Wilson_StaysInsideZeroToHundred_AndRejectsNoImages()
    {
        Assert.Equal(0, BinomialInterval.Wilson(0, 50).Low, 9);
        Assert.Equal(100, BinomialInterval.Wilson(100, 50).High, 9);
        Assert.True(BinomialInterval.Wilson(0, 50).High > 0);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => BinomialInterval.Wilson(50, 0));
        Assert.Equal("n", error.ParamName);
    }
}
