using Lewel.Engine.Data;
using static TorchSharp.torch;

namespace Lewel.Engine.Tests.Data;

public class EvalBatchesTests
{
    private static readonly DatasetSplits Shapes = DatasetCatalog.Open("shapes:size=16,n=20,seed=2,test=25");

    [Fact]
    public void Iterate_CoversEveryImageInOrder_KeepingTheLastSmallBatch()
    {
        var sizes = new List<int>();
        var seen = new List<int>();
        foreach (var batch in EvalBatches.Iterate(Shapes.Test, Shapes.Mean, Shapes.Std, 10, CPU))
            using (batch)
            {
                sizes.Add((int)batch.Images.shape[0]);
                seen.AddRange(batch.Indices);
                Assert.Equal(batch.Indices.Select(i => (long)Shapes.Test.Label(i)), batch.Labels.data<long>().ToArray());
                Assert.NotNull(batch.Masks);
                Assert.Equal(new long[] { batch.Indices.Length, 16, 16 }, batch.Masks!.shape);
            }
        Assert.Equal([10, 10, 5], sizes);
        Assert.Equal(Enumerable.Range(0, 25), seen);
    }

    [Fact]
    public void Iterate_ImagesAreNormalisedPixels()
    {
        using var batch = EvalBatches.Iterate(Shapes.Test, Shapes.Mean, Shapes.Std, 4, CPU, [7]).Single();
        var rgb = new byte[16 * 16 * 3];
        Shapes.Test.CopyImage(7, rgb);
        var mask = new byte[16 * 16];
        Shapes.Test.CopyMask(7, mask);
        for (var c = 0; c < 3; c++)
        {
            var expected = (rgb[(5 * 16 + 9) * 3 + c] / 255.0 - Shapes.Mean[c]) / Shapes.Std[c];
            Assert.Equal(expected, batch.Images[0, c, 5, 9].item<float>(), 5);
        }
        Assert.Equal(mask, batch.Masks!.data<byte>().ToArray());
    }

    [Fact]
    public void Iterate_BadIndex_IsRejectedBeforeAnyWork() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => EvalBatches.Iterate(Shapes.Test, Shapes.Mean, Shapes.Std, 4, CPU, [25]));
}
