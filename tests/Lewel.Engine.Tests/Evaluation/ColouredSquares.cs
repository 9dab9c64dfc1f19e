using Lewel.Engine.Data;

namespace Lewel.Engine.Tests.Evaluation;

/// <summary>A tiny labelled data set with masks: each image is grey noise with one square whose colour is its class.</summary>
public sealed class ColouredSquares : IImageDataset
{
    private static readonly byte[][] Colours = [[230, 30, 30], [30, 200, 40], [40, 60, 230], [230, 220, 30]];
    private readonly byte[][] images;
    private readonly byte[][] masks;
    private readonly int[] labels;

    public ColouredSquares(int count, int size, int seed, string split = "train")
    {
        var random = new Random(seed);
        Height = Width = size;
        images = new byte[count][];
        masks = new byte[count][];
        labels = new int[count];
        for (var n = 0; n < count; n++)
        {
            labels[n] = n % Colours.Length;
            var side = random.Next(size / 4, size / 2 + 1);
            var (x0, y0) = (random.Next(0, size - side + 1), random.Next(0, size - side + 1));
            var image = new byte[size * size * 3];
            var mask = new byte[size * size];
            for (var y = 0; y < size; y++)
                for (var x = 0; x < size; x++)
                {
                    var inside = x >= x0 && x < x0 + side && y >= y0 && y < y0 + side;
                    mask[y * size + x] = (byte)(inside ? 1 : 0);
                    for (var c = 0; c < 3; c++)
                        image[(y * size + x) * 3 + c] = inside
                            ? (byte)Math.Clamp(Colours[labels[n]][c] + random.Next(-15, 16), 0, 255)
                            : (byte)random.Next(90, 170);
                }
            images[n] = image;
            masks[n] = mask;
        }
        Description = $"coloured squares n={count} size={size} [{split}]";
    }

    public string Description { get; }
    public int Count => images.Length;
    public int Height { get; }
    public int Width { get; }
    public int NumClasses => Colours.Length;
    public IReadOnlyList<string> ClassNames { get; } = ["red", "green", "blue", "yellow"];
    public bool HasMasks => true;
    public void CopyImage(int index, Span<byte> destination) => images[index].CopyTo(destination);
    public int Label(int index) => labels[index];
    public void CopyMask(int index, Span<byte> destination) => masks[index].CopyTo(destination);
}
