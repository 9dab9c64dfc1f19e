using static TorchSharp.torch;

namespace Lewel.Engine.Evaluation.Embeddings;

/// <summary>The 2-D PCA of a kNN bank at one monitor point: coordinates of each kept image on the first two principal
/// axes of the centred features, with the share of variance each axis explains.</summary>
public sealed record EmbeddingProjection(int Step, int Epoch, int[] Indices, int[] Labels, float[] X, float[] Y, double[] ExplainedVariance)
{
    /// <summary>Most points kept per monitor point; larger banks are thinned to evenly spaced rows, the same rows at every
    /// monitor point so that the points can move from one to the next.</summary>
    public const int MaxPoints = 10_000;

    /// <summary>The data set's class names, indexed by label (empty when it has none, and in files written before they
    /// were kept).</summary>
    public IReadOnlyList<string> ClassNames { get; init; } = [];

    /// <summary>Evenly spaced rows of a bank of <paramref name="bankSize"/>, at most <see cref="MaxPoints"/>.</summary>
    public static int[] KeptRows(int bankSize) => bankSize <= MaxPoints
        ? Enumerable.Range(0, bankSize).ToArray()
        : Enumerable.Range(0, MaxPoints).Select(i => (int)((long)i * bankSize / MaxPoints)).ToArray();

    /// <summary>Projects rows <paramref name="rows"/> of <paramref name="bank"/> [N, C] onto the two leading eigenvectors
    /// of their covariance (computed in float64 on the CPU: C is at most a few thousand). Each axis's sign puts its
    /// largest coordinate on the positive side; <see cref="AlignedTo"/> then matches it to the previous monitor point.</summary>
    public static EmbeddingProjection Compute(Tensor bank, int[] rows, int[] labels, int step, int epoch)
    {
        if (bank.dim() != 2) throw new ArgumentException($"the bank must be [N, C], got [{string.Join(", ", bank.shape)}]", nameof(bank));
        if (rows.Length < 3) throw new ArgumentException($"a projection needs at least 3 points, got {rows.Length}", nameof(rows));
        if (labels.Length != rows.Length) throw new ArgumentException($"{labels.Length} labels for {rows.Length} rows", nameof(labels));
        using var scope = NewDisposeScope();
        using var index = tensor(rows.Select(r => (long)r).ToArray(), device: bank.device);
        var features = bank.index_select(0, index).to(float64).cpu();
        var centred = features - features.mean([0], keepdim: true);
        var covariance = centred.t().matmul(centred) / (rows.Length - 1);
        var (values, vectors) = linalg.eigh(covariance);
        var count = values.shape[0];
        if (count < 2) throw new ArgumentException($"features of dimension {count} have no second principal axis", nameof(bank));
        var axes = vectors.index_select(1, tensor(new[] { count - 1, count - 2 })); // eigh sorts ascending: largest first
        var coordinates = centred.matmul(axes).to(float32).contiguous();
        var flat = coordinates.data<float>().ToArray();
        float[] x = new float[rows.Length], y = new float[rows.Length];
        for (var i = 0; i < rows.Length; i++) (x[i], y[i]) = (flat[2 * i], flat[2 * i + 1]);
        var total = values.sum().item<double>();
        var leading = values.data<double>().ToArray();
        double[] explained = total > 0 ? [leading[^1] / total, leading[^2] / total] : [0, 0];
        return new EmbeddingProjection(step, epoch, rows, labels, PositiveLargest(x), PositiveLargest(y), explained);
    }

    /// <summary>This projection with each axis flipped where that brings it closer to <paramref name="previous"/> (over
    /// the images both keep): PCA fixes an axis only up to its sign, and a flip between monitor points would make the
    /// animated points jump to the mirror image.</summary>
    public EmbeddingProjection AlignedTo(EmbeddingProjection? previous)
    {
        if (previous is null) return this;
        var position = new Dictionary<int, int>(previous.Indices.Length);
        for (var i = 0; i < previous.Indices.Length; i++) position[previous.Indices[i]] = i;
        double dotX = 0, dotY = 0;
        for (var i = 0; i < Indices.Length; i++)
        {
            if (!position.TryGetValue(Indices[i], out var j)) continue;
            dotX += X[i] * (double)previous.X[j];
            dotY += Y[i] * (double)previous.Y[j];
        }
        return this with { X = dotX < 0 ? Negated(X) : X, Y = dotY < 0 ? Negated(Y) : Y };
    }

    private static float[] PositiveLargest(float[] axis)
    {
        var largest = 0f;
        foreach (var v in axis) if (Math.Abs(v) > Math.Abs(largest)) largest = v;
        return largest < 0 ? Negated(axis) : axis;
    }

    private static float[] Negated(float[] axis) => axis.Select(v => -v).ToArray();
}
