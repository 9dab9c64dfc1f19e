using System.Diagnostics;
using System.Globalization;
using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace Lewel.Engine.Evaluation;

/// <summary>Semi-supervised fine-tuning (lewel-method.md §8.2): backbone + linear classifier on GAP features trained
/// end to end on the labelled subset, then top-1/top-5 on the test split in eval mode. The backbone passed in is
/// trained in place.</summary>
public static class SemiSupervisedProtocol
{
    public const string Name = "semi-supervised";

    /// <param name="labelled">Indices into the train split whose labels are used.</param>
    public static EvaluationResult Run(nn.Module<Tensor, Tensor> backbone, EvaluationData data, IReadOnlyList<int> labelled,
        SemiSupervisedOptions options, EvaluationContext context)
    {
        options.Validate();
        var numClasses = data.NumClasses(Name);
        if (labelled.Count < 2) throw new ArgumentException($"{Name}: the label subset has {labelled.Count} image(s); at least 2 are needed");
        var clock = Stopwatch.StartNew();
        using var generator = new Generator((ulong)options.Seed);
        using var augmentation = options.Augment ? new ProbeAugmentation(options.Seed) : null;
        using var classifier = NewClassifier(backbone, data, numClasses, generator, context.Device);
        using var optimizer = optim.SGD(
            [
                new SGD.ParamGroup(backbone.parameters(), lr: options.BackboneLearningRate),
                new SGD.ParamGroup(classifier.parameters(), lr: options.ClassifierLearningRate),
            ],
            options.ClassifierLearningRate, options.Momentum, weight_decay: options.WeightDecay);
        for (var epoch = 0; epoch < options.Epochs; epoch++)
        {
            var factor = options.Schedule.Factor(epoch, options.Epochs);
            optimizer.ParamGroups.ElementAt(0).LearningRate = options.BackboneLearningRate * factor;
            optimizer.ParamGroups.ElementAt(1).LearningRate = options.ClassifierLearningRate * factor;
            TrainEpoch(backbone, classifier, optimizer, data, labelled, options.BatchSize, generator, augmentation, context);
            context.Progress?.Report(new EvaluationProgress(Name, "epoch", epoch + 1, options.Epochs));
        }
        var (top1, top5) = Score(backbone, classifier, data, context);
        var parameters = new Dictionary<string, string>(options.Describe())
        {
            ["labelledImages"] = labelled.Count.ToString(CultureInfo.InvariantCulture),
            ["testSize"] = data.Test.Count.ToString(CultureInfo.InvariantCulture),
            ["normalization"] = data.Normalization.Describe(),
        };
        return new EvaluationResult(Name, parameters, context.Checkpoint, data.Dataset, clock.Elapsed.TotalSeconds,
            new Dictionary<string, double> { ["top1"] = top1, ["top5"] = top5 });
    }

    private static Linear NewClassifier(nn.Module<Tensor, Tensor> backbone, EvaluationData data, int numClasses, Generator generator, Device device)
    {
        long channels;
        using (no_grad())
        using (var scope = NewDisposeScope())
        {
            backbone.eval();
            var probe = data.Normalization.Apply(DatasetTensors.Images(data.Train, [0], device));
            channels = backbone.call(probe).shape[1];
        }
        // main_semi.py keeps torchvision's fc, i.e. PyTorch's default Linear init U(±1/√C); drawn here from the seed.
        var linear = nn.Linear(channels, numClasses);
        var bound = 1 / Math.Sqrt(channels);
        using (no_grad())
        {
            linear.weight!.uniform_(-bound, bound, generator);
            linear.bias!.uniform_(-bound, bound, generator);
        }
        return linear.to(device);
    }

    private static void TrainEpoch(nn.Module<Tensor, Tensor> backbone, Linear classifier, optim.Optimizer optimizer, EvaluationData data,
        IReadOnlyList<int> labelled, int batchSize, Generator generator, ProbeAugmentation? augmentation, EvaluationContext context)
    {
        backbone.train();
        classifier.train();
        using var order = randperm(labelled.Count, generator: generator);
        var shuffled = order.data<long>().Select(i => labelled[(int)i]).ToArray();
        foreach (var batch in DatasetTensors.Batches(shuffled, batchSize))
        {
            if (batch.Length < 2) continue;  // BatchNorm cannot train on a single image
            context.CancellationToken.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var images = DatasetTensors.Images(data.Train, batch, context.Device);
            if (augmentation is not null) images = augmentation.Apply(images);
            var labels = DatasetTensors.Labels(data.Train, batch).to(context.Device);
            optimizer.zero_grad();
            var logits = classifier.call(backbone.call(data.Normalization.Apply(images)).mean([2, 3]));
            nn.functional.cross_entropy(logits, labels).backward();
            optimizer.step();
        }
    }

    private static (double Top1, double Top5) Score(nn.Module<Tensor, Tensor> backbone, Linear classifier, EvaluationData data,
        EvaluationContext context)
    {
        backbone.eval();
        var indices = DatasetTensors.All(data.Test);
        using var features = FeatureExtractor.Extract(data.Test, indices, x => backbone.call(x).mean([2, 3]), data.Normalization,
            context.Device, context.BatchSize, Name, "features test", context.Progress, context.CancellationToken);
        using var labels = DatasetTensors.Labels(data.Test, indices).to(context.Device);
        return LinearClassifierTrainer.Score(classifier, features, labels);
    }
}
