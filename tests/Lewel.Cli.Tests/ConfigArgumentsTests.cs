using System.Text.Json.Nodes;
using Lewel.Cli.Commands;
using Lewel.Engine.Config;

namespace Lewel.Cli.Tests;

public class ConfigArgumentsTests
{
    [Theory]
    [InlineData("lewel.numHeads=2", "lewel.numHeads", "2")]
    [InlineData("optimizer.baseLr=0.5", "optimizer.baseLr", "0.5")]
    [InlineData("dataset=shapes:size=32,n=64", "dataset", "\"shapes:size=32,n=64\"")]
    [InlineData("monitor.probeIndices=[0, 3]", "monitor.probeIndices", "[0,3]")]
    [InlineData("optimizer.clipLr=false", "optimizer.clipLr", "false")]
    [InlineData("name=\"42\"", "name", "\"42\"")]
    public void ParseAssignment_ReadsJsonValuesAndFallsBackToStrings(string text, string path, string json)
    {
        var (actualPath, value) = ConfigArguments.ParseAssignment(text);
        Assert.Equal(path, actualPath);
        Assert.Equal(json, value!.ToJsonString());
    }

    [Theory]
    [InlineData("numHeads")]
    [InlineData("=3")]
    [InlineData("lewel..numHeads=3")]
    public void ParseAssignment_Malformed_IsAConfigError(string text) =>
        Assert.Throws<ConfigException>(() => ConfigArguments.ParseAssignment(text));

    [Fact]
    public void Build_LaterSourcesWinAndSectionsMergeCaseInsensitively()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, """{ "method": "byol", "Lewel": { "alpha": 0.25 }, "batchSize": 16 }""");
            var user = ConfigArguments.Build(file, [("batchSize", JsonValue.Create(32))], ["lewel.numHeads=2", "method=lewel-m"]);

            Assert.Equal("lewel-m", user["method"]!.GetValue<string>());
            Assert.Equal(32, user["batchSize"]!.GetValue<int>());
            Assert.Equal("""{"alpha":0.25,"numHeads":2}""", user["Lewel"]!.ToJsonString());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Build_UnknownFieldOfTheResult_IsNamedByTheMerger()
    {
        var user = ConfigArguments.Build(null, [], ["lewel.numHedas=2"]);
        var error = Assert.Throws<ConfigException>(() => RunConfigMerger.Resolve(user.ToJsonString()));
        Assert.Contains(error.Errors, e => e.Path == "lewel.numHedas");
    }

    [Fact]
    public void Build_MissingConfigFile_NamesIt()
    {
        var error = Assert.Throws<ConfigException>(() => ConfigArguments.Build("/no/such/file.json", [], []));
        Assert.Contains("/no/such/file.json", error.Message);
    }
}
