using Lewel.Engine.Evaluation;

namespace Lewel.Engine.Tests.Evaluation;

public class EvaluationCatalogTests
{
    private static Dictionary<string, string> P(params (string Key, string Value)[] pairs) => pairs.ToDictionary(p => p.Key, p => p.Value);

    [Fact]
    public void All_ListsTheFiveProtocols()
    {
        Assert.Equal(["knn", "linear", "semi-supervised", "dense", "localization"], EvaluationCatalog.All);
        Assert.All(EvaluationCatalog.All, protocol => Assert.Contains("dataset", EvaluationCatalog.ParametersOf(protocol)));
    }

    [Theory]
    [InlineData("knn", "k", "5")]
    [InlineData("knn", "wide", "false")]
    [InlineData("linear", "weightDecay", "1e-4")]
    [InlineData("linear", "schedule", "cosine")]
    [InlineData("semi-supervised", "classifierLr", "0.5")]
    [InlineData("semi-supervised", "seed", "12345678901")]
    [InlineData("dense", "batchSize", "16")]
    [InlineData("localization", "maxImages", "10")]
    [InlineData("localization", "dataset", "shapes:size=16,n=64,seed=1")]
    public void Check_AValidParameter_HasNoError(string protocol, string key, string value)
    {
        Assert.Empty(EvaluationCatalog.Check(protocol, P((key, value))));
    }

    [Fact]
    public void Check_UnknownProtocol_IsKeyedProtocolAndNamesTheChoices()
    {
        var error = Assert.Single(EvaluationCatalog.Check("knnn", P()));
        Assert.Equal("protocol", error.Path);
        Assert.Contains("semi-supervised", error.Message);
        Assert.Equal("protocol", Assert.Single(EvaluationCatalog.Check(null, P())).Path);
    }

    [Fact]
    public void Check_UnknownParameter_IsKeyedByItAndListsTheAcceptedOnes()
    {
        var error = Assert.Single(EvaluationCatalog.Check("knn", P(("kk", "5"))));
        Assert.Equal("parameters.kk", error.Path);
        Assert.Contains("temperature", error.Message);
    }

    [Theory]
    [InlineData("knn", "k", "many", "parameters.k")]
    [InlineData("linear", "lr", "fast", "parameters.lr")]
    [InlineData("linear", "augment", "yes", "parameters.augment")]
    [InlineData("localization", "maxImages", "-1", "parameters.maxImages")]
    [InlineData("linear", "epochs", "0", "parameters")]
    [InlineData("dense", "schedule", "linear", "parameters")]
    [InlineData("semi-supervised", "fraction", "2", "parameters")]
    public void Check_ABadValue_IsOneErrorKeyedByItsParameterOrByParameters(string protocol, string key, string value, string path)
    {
        var error = Assert.Single(EvaluationCatalog.Check(protocol, P((key, value))));
        Assert.Equal(path, error.Path);
    }
}
