using Lewel.Engine.Rendering;

namespace Lewel.Engine.Tests.Rendering;

public class ColormapTests
{
    [Fact]
    public void At_GetsBrighterAlongTheScale()
    {
        var previous = -1.0;
        for (var i = 0; i <= 100; i++)
        {
            var (r, g, b) = Colormap.At(i / 100.0);
            var luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
            Assert.True(luminance >= previous, $"luminance falls at {i / 100.0}");
            previous = luminance;
        }
    }

    [Fact]
    public void At_ClampsOutOfRangeAndNaN()
    {
        Assert.Equal(Colormap.At(0), Colormap.At(-3));
        Assert.Equal(Colormap.At(1), Colormap.At(7));
        Assert.Equal(Colormap.At(0), Colormap.At(double.NaN));
    }
}
