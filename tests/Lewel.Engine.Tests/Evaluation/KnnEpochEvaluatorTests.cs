using Lewel.Engine.Config;
using Lewel.Engine.Data;
using Lewel.Engine.Evaluation;
using Lewel.Engine.Evaluation.Embeddings;
using Lewel.Engine.Methods;
using Lewel.Engine.Tests.TestSupport;
using Lewel.Engine.Training;
using Lewel.Engine.Training.Events;
using static TorchSharp.torch;

namespace Lewel.Engine.Tests.Evaluation;

[Collection(SerialTorchCollection.Name)]
public class KnnEpochEvaluatorTests
{
    private static readonly DatasetSplits Data = new(new ColouredSquares(32, 16, seed: 1), new ColouredSquares(16, 16, seed: 2, "test"),
        [0.5, 0.5, 0.5], [0.25, 0.25, 0.25], []);

    [Theory]
    [InlineData(1, 4, 0, true)]
    [InlineData(2, 4, 0, false)]
    [InlineData(2, 4, 1, true)]
    [InlineData(2, 3, 2, true)]   // the last epoch always reports
    [InlineData(0, 4, 3, false)]  // 0 = never
    public void Evaluate_RunsEveryNEpochsAndAtTheLast(int every, int epochs, int epoch, bool runs)
    {
        manual_seed(1);
        var config = TinyConfigs.For(MethodIds.LewelB) with { Epochs = epochs, Monitor = new MonitorConfig { KnnEveryEpochs = every, KnnK = 5 } };
        using var method = MethodFactory.Create(config, CPU);
        using var runDir = new Training.TempRunRoot();
        var results = new KnnEpochEvaluator(batchSize: 16).Evaluate(new EpochEvaluationContext(config, method, Data, CPU, epoch, 7, runDir.Path, default));
        Assert.Equal(runs ? 2 : 0, results.Count);
        if (!runs)
        {
            Assert.Empty(EmbeddingFiles.Steps(runDir.Path));
            return;
        }
        var projection = EmbeddingFiles.Read(runDir.Path, 7);
        Assert.NotNull(projection);
        Assert.Equal((7, epoch, 32), (projection.Step, projection.Epoch, projection.X.Length));
        Assert.Equal(Enumerable.Range(0, 32).Select(Data.Train.Label), projection.Labels);
        Assert.Equal(["red", "green", "blue", "yellow"], projection.ClassNames); // the view names the classes
        Assert.True(File.Exists(Path.Combine(runDir.Path, EmbeddingFiles.Folder, EmbeddingFiles.ThumbnailsFile)));
        var result = Assert.IsType<EvaluationCompleted>(results[0]);
        var rank = Assert.IsType<RankReport>(results[1]);
        Assert.Equal((7, epoch, 32, 32, 32), (rank.Step, rank.Epoch, rank.Samples, rank.Dim, rank.MaxRank)); // 32 bank images, C = 32
        Assert.InRange(rank.RankMe, 1, 32);
        Assert.Equal("knn", result.Protocol);
        Assert.Equal("5", result.Parameters["k"]);
        Assert.Equal(7, result.Step);
        Assert.Equal(epoch, result.Epoch);
        Assert.InRange(result.Values["top1"], 0, 100);
        Assert.Contains("top1_k200_t0.1", result.Values.Keys);
    }
}
