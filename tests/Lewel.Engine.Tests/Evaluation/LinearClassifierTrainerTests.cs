using Lewel.Engine.Evaluation;
using static TorchSharp.torch;

namespace Lewel.Engine.Tests.Evaluation;

public class LinearClassifierTrainerTests
{
    private static readonly LinearProbeOptions Fast = new() { Epochs = 15, LearningRate = 0.1, BatchSize = 64 };

    [Fact]
    public void Train_SeparableClusters_ReachesNearlyAllCorrect()
    {
        var (train, trainLabels) = FeatureClusters.Make(classes: 8, perClass: 50, dim: 16, spread: 0.5, seed: 1);
        var (test, testLabels) = FeatureClusters.Make(classes: 8, perClass: 25, dim: 16, spread: 0.5, seed: 1);
        using var classifier = LinearClassifierTrainer.Train(_ => train, trainLabels, 8, Fast, "linear", null, CancellationToken.None);
        var (top1, top5) = LinearClassifierTrainer.Score(classifier, test, testLabels);
        Assert.True(top1 >= 98, $"top-1 {top1}");
        Assert.Equal(100, top5);
    }

    [Fact]
    public void Train_RandomLabels_ScoresNearChanceOnTheTestSet()
    {
        var (train, _) = FeatureClusters.Make(classes: 10, perClass: 60, dim: 16, spread: 0.5, seed: 2);
        var (test, _) = FeatureClusters.Make(classes: 10, perClass: 60, dim: 16, spread: 0.5, seed: 3);
        var generator = new Generator(11);
        using var trainLabels = randint(0, 10, [train.shape[0]], generator: generator);
        using var testLabels = randint(0, 10, [test.shape[0]], generator: generator);
        using var classifier = LinearClassifierTrainer.Train(_ => train, trainLabels, 10, Fast, "linear", null, CancellationToken.None);
        var (top1, _) = LinearClassifierTrainer.Score(classifier, test, testLabels);
        Assert.InRange(top1, 4, 18);
    }

    [Fact]
    public void Train_SameSeed_GivesTheSameClassifier()
    {
        var (train, labels) = FeatureClusters.Make(classes: 3, perClass: 20, dim: 4, spread: 1, seed: 3);
        using var a = LinearClassifierTrainer.Train(_ => train, labels, 3, Fast with { Seed = 5 }, "linear", null, CancellationToken.None);
        using var b = LinearClassifierTrainer.Train(_ => train, labels, 3, Fast with { Seed = 5 }, "linear", null, CancellationToken.None);
        Assert.True(a.weight!.allclose(b.weight!, 0, 0));
    }

    [Fact]
    public void Train_ReportsOneProgressPerEpochAndHonoursCancellation()
    {
        var (train, labels) = FeatureClusters.Make(classes: 3, perClass: 10, dim: 4, spread: 1, seed: 4);
        var reports = new List<EvaluationProgress>();
        using var cts = new CancellationTokenSource();
        var progress = new SynchronousProgress<EvaluationProgress>(p => { reports.Add(p); if (p.Done == 3) cts.Cancel(); });
        Assert.Throws<OperationCanceledException>(() =>
            LinearClassifierTrainer.Train(_ => train, labels, 3, Fast, "linear", progress, cts.Token));
        Assert.Equal([1, 2, 3], reports.Select(r => r.Done));
        Assert.All(reports, r => Assert.Equal(Fast.Epochs, r.Total));
    }

    [Theory]
    [InlineData("step", 0, 1.0)]
    [InlineData("step", 30, 0.1)]
    [InlineData("step", 45, 0.01)]
    [InlineData("cosine", 25, 0.5)]
    public void ScheduleFactor_FollowsTheOfficialMilestonesAndCosine(string kind, int epoch, double factor)
    {
        Assert.Equal(factor, new ProbeSchedule { Kind = kind }.Factor(epoch, 50), 9);
    }

    [Fact]
    public void Validate_NamesTheBadField()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => (Fast with { BatchSize = 0 }).Validate());
        Assert.Contains("batch size", error.Message);
    }
}

/// <summary>An <see cref="IProgress{T}"/> that calls back on the reporting thread (Progress&lt;T&gt; posts asynchronously).</summary>
public sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
