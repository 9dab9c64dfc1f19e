using Lewel.Engine.Data;
using static TorchSharp.torch;

namespace Lewel.Engine.Evaluation;

/// <summary>Runs a frozen network over a data set in batches (no_grad, one dispose scope per batch) and stacks its
/// outputs. The caller puts the network in eval mode.</summary>
public static class FeatureExtractor
{
    /// <param name="encode">Normalised images [B, 3, H, W] → features [B, ...].</param>
    /// <param name="augment">Optional per-batch transform of the [0, 1] images before normalisation.</param>
    /// <returns>[N, ...] on <paramref name="device"/>, detached from every dispose scope (the caller disposes it).</returns>
    public static Tensor Extract(IImageDataset dataset, IReadOnlyList<int> indices, Func<Tensor, Tensor> encode,
        InputNormalization normalization, Device device, int batchSize, string protocol, string stage,
        IProgress<EvaluationProgress>? progress, CancellationToken cancellationToken, Func<Tensor, Tensor>? augment = null)
    {
        if (indices.Count == 0) throw new ArgumentException($"{protocol}: {dataset.Description} has no images to encode");
        var parts = new List<Tensor>();
        try
        {
            using var noGrad = no_grad();
            var done = 0;
            foreach (var batch in DatasetTensors.Batches(indices, batchSize))
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                var images = DatasetTensors.Images(dataset, batch, device);
                if (augment is not null) images = augment(images);
                parts.Add(encode(normalization.Apply(images)).detach().DetachFromDisposeScope());
                done += batch.Length;
                progress?.Report(new EvaluationProgress(protocol, stage, done, indices.Count));
            }
            return (parts.Count == 1 ? parts[0].alias() : cat(parts, 0)).DetachFromDisposeScope();
        }
        finally
        {
            foreach (var p in parts) p.Dispose();
        }
    }
}
