using static TorchSharp.torch;

namespace Lewel.Engine.Evaluation;

/// <summary>A pixel confusion matrix accumulated over batches, and the IoU scores derived from it.</summary>
public sealed class SegmentationConfusion(int numClasses)
{
    private readonly long[] counts = new long[numClasses * numClasses];

    public int NumClasses { get; } = numClasses;

    /// <param name="predicted">[...] predicted class per pixel.</param>
    /// <param name="truth">[...] true class per pixel, same shape.</param>
    public void Add(Tensor predicted, Tensor truth)
    {
        if (!predicted.shape.SequenceEqual(truth.shape))
            throw new ArgumentException($"segmentation predictions {TensorShapes.Shape(predicted)} and truth {TensorShapes.Shape(truth)} differ in shape");
        using var scope = NewDisposeScope();
        var index = truth.to_type(ScalarType.Int64).flatten().mul(NumClasses).add(predicted.to_type(ScalarType.Int64).flatten());
        var batch = index.bincount(null, NumClasses * NumClasses).cpu().data<long>().ToArray();
        if (batch.Length != counts.Length)
            throw new ArgumentException($"segmentation labels must lie in [0, {NumClasses})");
        for (var i = 0; i < counts.Length; i++) counts[i] += batch[i];
    }

    /// <summary>Pixels of true class <paramref name="truth"/> predicted as <paramref name="predicted"/>.</summary>
    public long Count(int truth, int predicted) => counts[truth * NumClasses + predicted];

    /// <summary>TP / (TP + FP + FN) of a class, in percent; NaN when the class appears in neither truth nor prediction.</summary>
    public double IoU(int c)
    {
        long tp = Count(c, c), fp = 0, fn = 0;
        for (var o = 0; o < NumClasses; o++)
        {
            if (o == c) continue;
            fp += Count(o, c);
            fn += Count(c, o);
        }
        var union = tp + fp + fn;
        return union == 0 ? double.NaN : 100.0 * tp / union;
    }

    /// <summary>Mean IoU over the classes that occur, in percent.</summary>
    public double MeanIoU() => Enumerable.Range(0, NumClasses).Select(IoU).Where(v => !double.IsNaN(v)).DefaultIfEmpty(0).Average();

    public double PixelAccuracy()
    {
        long correct = 0, total = 0;
        for (var t = 0; t < NumClasses; t++)
            for (var p = 0; p < NumClasses; p++)
            {
                total += Count(t, p);
                if (t == p) correct += Count(t, p);
            }
        return total == 0 ? 0 : 100.0 * correct / total;
    }
}
