using Lewel.Bench.Measurement;

namespace Lewel.Bench.Tests.Measurement;

public class BenchConfigTests
{
    [Fact]
    public void Standard_AreTheTwoComparedConfigurations()
    {
        Assert.Equal([("r18-w0.25-32px-b128", 0.25, 128), ("r18-w1-32px-b64", 1.0, 64)],
            BenchConfig.Standard.Select(c => (c.Name, c.Width, c.BatchSize)));
        Assert.All(BenchConfig.Standard, c => Assert.Equal(32, c.ImageSize));
    }

    [Fact]
    public void With_OtherBatchAndSize_RenamesToMatch()
    {
        var c = BenchConfig.Narrow.With(batchSize: 32, imageSize: 64);
        Assert.Equal("r18-w0.25-64px-b32", c.Name);
        Assert.Equal((32, 64, 0.25), (c.BatchSize, c.ImageSize, c.Width));
    }
}
