using Lewel.Engine.Rendering;
using TorchSharp;
using static TorchSharp.torch;

namespace Lewel.Engine.Tests.Rendering;

public class BilinearTests
{
    [Theory]
    [InlineData(4, 5, 13, 11)]
    [InlineData(5, 5, 128, 128)]
    [InlineData(7, 3, 2, 2)]
    public void Resize_MatchesTorchBilinearWithoutAlignedCorners(int height, int width, int outHeight, int outWidth)
    {
        using var scope = NewDisposeScope();
        var source = rand(height, width, generator: new Generator(7, CPU));
        var expected = nn.functional.interpolate(source.view(1, 1, height, width), [outHeight, outWidth],
            mode: InterpolationMode.Bilinear, align_corners: false).flatten().data<float>().ToArray();

        var actual = Bilinear.Resize(source.data<float>().ToArray(), height, width, outHeight, outWidth);

        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < actual.Length; i++) Assert.True(Math.Abs(expected[i] - actual[i]) < 1e-5, $"pixel {i}: {actual[i]} vs {expected[i]}");
    }

    [Fact]
    public void Resize_RgbImageOfOneColour_StaysThatColour()
    {
        var pixels = Enumerable.Range(0, 4 * 4).SelectMany(_ => new byte[] { 10, 120, 250 }).ToArray();
        var resized = Bilinear.Resize(new RgbImage(4, 4, pixels), 9, 7);
        Assert.Equal(9 * 7 * 3, resized.Pixels.Length);
        Assert.All(resized.Pixels.Chunk(3), p => Assert.Equal(new byte[] { 10, 120, 250 }, p));
    }
}
