using Lewel.Engine.Evaluation;
using static TorchSharp.torch;

namespace Lewel.Engine.Tests.Evaluation;

public class KnnClassifierTests
{
    [Fact]
    public void Evaluate_SeparableClusters_IsNearlyPerfect()
    {
        var (bank, bankLabels) = FeatureClusters.Make(classes: 10, perClass: 40, dim: 32, spread: 0.5, seed: 1);
        var (queries, queryLabels) = FeatureClusters.Make(classes: 10, perClass: 20, dim: 32, spread: 0.5, seed: 1);
        using var b = FeatureClusters.Normalized(bank);
        using var q = FeatureClusters.Normalized(queries);
        var result = KnnClassifier.Evaluate(b, bankLabels, q, queryLabels, 10, [KnnSetting.Default, KnnSetting.Wide]);
        Assert.All(result, r => Assert.True(r.Top1 >= 99, $"{r.Setting.Label}: top-1 {r.Top1}"));
        Assert.All(result, r => Assert.Equal(100, r.Top5));
    }

    [Fact]
    public void Evaluate_RandomLabels_IsNearChance()
    {
        var (bank, _) = FeatureClusters.Make(classes: 10, perClass: 100, dim: 32, spread: 0.5, seed: 2);
        var (queries, _) = FeatureClusters.Make(classes: 10, perClass: 100, dim: 32, spread: 0.5, seed: 3);
        var generator = new Generator(7);
        using var bankLabels = randint(0, 10, [bank.shape[0]], generator: generator);
        using var queryLabels = randint(0, 10, [queries.shape[0]], generator: generator);
        var result = KnnClassifier.Evaluate(FeatureClusters.Normalized(bank), bankLabels, FeatureClusters.Normalized(queries), queryLabels,
            10, [KnnSetting.Default]);
        Assert.InRange(result[0].Top1, 5, 16);
        Assert.InRange(result[0].Top5, 40, 60);
    }

    [Fact]
    public void Evaluate_ChunkedAndUnchunked_GiveTheSameAccuracy()
    {
        var (bank, bankLabels) = FeatureClusters.Make(classes: 5, perClass: 30, dim: 8, spread: 2.0, seed: 4);
        var (queries, queryLabels) = FeatureClusters.Make(classes: 5, perClass: 30, dim: 8, spread: 2.0, seed: 5);
        var b = FeatureClusters.Normalized(bank);
        var q = FeatureClusters.Normalized(queries);
        var whole = KnnClassifier.Evaluate(b, bankLabels, q, queryLabels, 5, [new KnnSetting(7, 0.1)]);
        var chunked = KnnClassifier.Evaluate(b, bankLabels, q, queryLabels, 5, [new KnnSetting(7, 0.1)], similarityBudget: 150 * 3);
        Assert.Equal(whole[0].Top1, chunked[0].Top1);
        Assert.Equal(whole[0].Top5, chunked[0].Top5);
    }

    [Fact]
    public void Votes_WeightEachNeighbourByExpSimilarityOverT()
    {
        using var similarities = tensor(new float[] { 0.9f, 0.5f, 0.4f }).reshape(1, 3);
        using var labels = tensor(new long[] { 0, 1, 1 }).reshape(1, 3);
        using var votes = KnnClassifier.Votes(similarities, labels, numClasses: 3, temperature: 0.1);
        var v = votes.data<float>().ToArray();
        Assert.Equal(Math.Exp(9), v[0], 1e-2);
        Assert.Equal(Math.Exp(5) + Math.Exp(4), v[1], 1e-3);
        Assert.Equal(0, v[2]);
    }

    [Fact]
    public void Evaluate_KLargerThanTheBank_UsesTheWholeBankAndSaysSo()
    {
        var (bank, bankLabels) = FeatureClusters.Make(classes: 2, perClass: 5, dim: 4, spread: 0.1, seed: 6);
        var result = KnnClassifier.Evaluate(FeatureClusters.Normalized(bank), bankLabels, FeatureClusters.Normalized(bank), bankLabels, 2,
            [KnnSetting.Wide]);
        Assert.Equal(10, result[0].EffectiveK);
    }

    [Fact]
    public void Evaluate_UnlabeledBank_IsAClearError()
    {
        using var bank = randn(4, 3);
        using var labels = tensor(new long[] { 0, -1, 1, 0 });
        var error = Assert.Throws<ArgumentException>(() => KnnClassifier.Evaluate(bank, labels, bank, labels, 2, [KnnSetting.Default]));
        Assert.Contains("kNN bank labels", error.Message);
        Assert.Contains("unlabeled", error.Message);
    }
}
