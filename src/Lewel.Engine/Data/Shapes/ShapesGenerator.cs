namespace Lewel.Engine.Data.Shapes;

/// <summary>Images, labels and masks of one split of the <c>shapes</c> data set.</summary>
internal sealed record ShapesSplit(byte[][] Images, int[] Labels, byte[][] Masks);

/// <summary>Generates a split deterministically from its seed: image i depends only on (seed, i), so the parallel loop
/// gives the same bytes on any machine. Labels are exactly balanced (class counts differ by at most one).</summary>
internal static class ShapesGenerator
{
    /// <summary>Changes whenever the drawing changes, so caches of older images are not reused.</summary>
    public const int Version = 1;

    public static ulong SplitSeed(long seed, bool test) => SeededRandom.Mix(seed, test ? 0x7E57 : 0x7A1A, Version);

    public static ShapesSplit Generate(int size, int count, ulong splitSeed, ShapesScene scene = ShapesScene.Cluttered)
    {
        var labelOrder = new SeededRandom(SeededRandom.Mix((long)splitSeed, 0x1AB)).Permutation(count);
        var labels = new int[count];
        for (var i = 0; i < count; i++) labels[i] = labelOrder[i] % ShapeKinds.Count;
        var images = new byte[count][];
        var masks = new byte[count][];
        Parallel.For(0, count, i =>
        {
            images[i] = new byte[size * size * 3];
            masks[i] = new byte[size * size];
            ShapesRenderer.Render(size, ImageSeed(splitSeed, i), (ShapeKind)labels[i], images[i], masks[i], scene: scene);
        });
        return new ShapesSplit(images, labels, masks);
    }

    public static ulong ImageSeed(ulong splitSeed, int index) => SeededRandom.Mix((long)splitSeed, index);
}
