using Lewel.Engine.Data;

namespace Lewel.Engine.Tests.Training.Fakes;

/// <summary>Square images of a coloured square on a coloured background, labelled by the square's colour; generated
/// from a seed, held in memory.</summary>
internal sealed class InMemoryDataset : IImageDataset
{
    private static readonly byte[][] Palette = [[220, 40, 40], [40, 200, 60], [50, 80, 230], [230, 210, 40]];
    private readonly byte[][] images;
    private readonly int[] labels;

    public InMemoryDataset(int count, int size, int seed, string split)
    {
        var random = new Random(seed);
        Height = Width = size;
        Description = $"in-memory:n={count},size={size},seed={seed} [{split}]";
        images = new byte[count][];
        labels = new int[count];
        for (var i = 0; i < count; i++)
        {
            labels[i] = random.Next(Palette.Length);
            var background = new[] { (byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256) };
            var side = random.Next(size / 4, size / 2 + 1);
            var (x0, y0) = (random.Next(size - side + 1), random.Next(size - side + 1));
            var pixels = new byte[size * size * 3];
            for (var y = 0; y < size; y++)
                for (var x = 0; x < size; x++)
                {
                    var inside = x >= x0 && x < x0 + side && y >= y0 && y < y0 + side;
                    var colour = inside ? Palette[labels[i]] : background;
                    colour.CopyTo(pixels, (y * size + x) * 3);
                }
            images[i] = pixels;
        }
    }

    public string Description { get; }
    public int Count => images.Length;
    public int Height { get; }
    public int Width { get; }
    public int NumClasses => Palette.Length;
    public IReadOnlyList<string> ClassNames => ["red", "green", "blue", "yellow"];
    public bool HasMasks => false;
    public void CopyImage(int index, Span<byte> destination) => images[index].CopyTo(destination);
    public int Label(int index) => labels[index];
    public void CopyMask(int index, Span<byte> destination) => throw new InvalidOperationException("no masks");

    public static DatasetSplits Splits(int trainCount, int testCount, int size, int seed) =>
        new(new InMemoryDataset(trainCount, size, seed, "train"), new InMemoryDataset(testCount, size, seed + 1, "test"),
            [0.5, 0.5, 0.5], [0.25, 0.25, 0.25], []);
}
