using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace Lewel.Engine.Evaluation;

/// <summary>Trains a linear classifier on feature vectors with SGD and scores it. The features of an epoch come from a
/// callback, so a probe can cache them once or recompute them from augmented images every epoch.</summary>
public static class LinearClassifierTrainer
{
    /// <param name="trainFeatures">Features [N, C] for a 0-based epoch; called once per epoch.</param>
    /// <param name="trainLabels">[N] class indices.</param>
    public static Linear Train(Func<int, Tensor> trainFeatures, Tensor trainLabels, int numClasses, LinearProbeOptions options,
        string protocol, IProgress<EvaluationProgress>? progress, CancellationToken cancellationToken)
    {
        options.Validate();
        LabelRange.Check(trainLabels, numClasses, $"{protocol} training labels");
        var generator = new Generator((ulong)options.Seed);
        Linear? classifier = null;
        optim.Optimizer? optimizer = null;
        try
        {
            for (var epoch = 0; epoch < options.Epochs; epoch++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var features = trainFeatures(epoch);
                if (features.dim() != 2 || features.shape[0] != trainLabels.shape[0])
                    throw new ArgumentException($"{protocol}: training features are [{string.Join(", ", features.shape)}] for {trainLabels.shape[0]} labels");
                if (classifier is null)
                {
                    classifier = NewClassifier(features.shape[1], numClasses, generator, features.device);
                    optimizer = optim.SGD(classifier.parameters(), options.LearningRate, options.Momentum, weight_decay: options.WeightDecay);
                }
                var lr = options.LearningRate * options.Schedule.Factor(epoch, options.Epochs);
                foreach (var group in optimizer!.ParamGroups) group.LearningRate = lr;
                RunEpoch(classifier, optimizer, features, trainLabels.to(features.device), options.BatchSize, generator, cancellationToken);
                progress?.Report(new EvaluationProgress(protocol, "epoch", epoch + 1, options.Epochs));
            }
            return classifier!;
        }
        catch
        {
            classifier?.Dispose();
            throw;
        }
        finally
        {
            optimizer?.Dispose();
            generator.Dispose();
        }
    }

    /// <summary>Top-1 and top-5 accuracy in percent of <paramref name="classifier"/> on features [Q, C].</summary>
    public static (double Top1, double Top5) Score(Linear classifier, Tensor features, Tensor labels, int batchSize = 4096)
    {
        long top1 = 0, top5 = 0;
        var n = features.shape[0];
        if (n == 0) throw new ArgumentException("there are no test features to score", nameof(features));
        using var noGrad = no_grad();
        for (long start = 0; start < n; start += batchSize)
        {
            using var scope = NewDisposeScope();
            var end = Math.Min(n, start + batchSize);
            var logits = classifier.call(features[TensorIndex.Slice(start, end)]);
            var truth = labels[TensorIndex.Slice(start, end)];
            top1 += TopKAccuracy.Correct(logits, truth, 1);
            top5 += TopKAccuracy.Correct(logits, truth, 5);
        }
        return (100.0 * top1 / n, 100.0 * top5 / n);
    }

    private static Linear NewClassifier(long inputs, int numClasses, Generator generator, Device device)
    {
        var linear = nn.Linear(inputs, numClasses);
        using (no_grad())
        {
            linear.weight!.normal_(0, 0.01, generator);
            linear.bias!.zero_();
        }
        return linear.to(device);
    }

    private static void RunEpoch(Linear classifier, optim.Optimizer optimizer, Tensor features, Tensor labels, int batchSize,
        Generator generator, CancellationToken cancellationToken)
    {
        classifier.train();
        var n = features.shape[0];
        using var order = randperm(n, generator: generator).to(features.device);
        for (long start = 0; start < n; start += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var index = order[TensorIndex.Slice(start, Math.Min(n, start + batchSize))];
            optimizer.zero_grad();
            var loss = nn.functional.cross_entropy(classifier.call(features[index]), labels[index]);
            loss.backward();
            optimizer.step();
        }
    }
}
