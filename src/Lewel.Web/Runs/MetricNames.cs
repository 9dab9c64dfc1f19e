namespace Lewel.Web.Runs;

/// <summary>Names of the series a pretraining run stores (camelCase, like the events' fields). Evaluation values are
/// stored as <c>{protocol}.{value}</c>, e.g. <c>knn.top1</c>.</summary>
public static class MetricNames
{
    public const string Loss = "loss";
    public const string LossGlobal = "lossGlobal";
    public const string LossAligned = "lossAligned";
    public const string LearningRate = "learningRate";
    public const string Momentum = "momentum";
    public const string ImagesPerSecond = "imagesPerSecond";
    public const string DataWaitSeconds = "dataWaitSeconds";
    public const string ComputeSeconds = "computeSeconds";
    public const string EmbeddingStd = "embeddingStd";
    public const string ExpectedStd = "expectedStd";
    public const string MapEntropyRatio = "mapEntropyRatio";
    public const string CollapseWarning = "collapseWarning";
    /// <summary>RankMe of the kNN bank's features at each kNN monitor point, its ceiling min(n, d) and its warning flag.</summary>
    public const string RankMe = "rankMe";
    public const string RankMeMax = "rankMeMax";
    public const string LowRankWarning = "lowRankWarning";
    public const string EpochMeanLoss = "epochMeanLoss";

    public static string Evaluation(string protocol, string value) => $"{protocol}.{value}";
}
