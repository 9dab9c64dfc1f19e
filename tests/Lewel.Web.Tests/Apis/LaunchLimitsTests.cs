using System.Net;
using System.Text.Json;
using Lewel.Web.Apis;
using Lewel.Web.Tests.TestSupport;

namespace Lewel.Web.Tests.Apis;

/// <summary>What the hostile-input probe got accepted with 201, each now a 400 naming the field.</summary>
[Collection(HostCollection.Name)]
public class LaunchLimitsTests(QueueOnlyHostFixture fixture) : IClassFixture<QueueOnlyHostFixture>
{
    private LewelHost Host => fixture.Host;

    private async Task<JsonElement> ErrorsOf(Dictionary<string, object?> body) =>
        (await Host.PostJsonAsync("/api/runs", body, HttpStatusCode.BadRequest)).GetProperty("errors");

    private static Dictionary<string, object?> With(string field, object? value)
    {
        var body = Configs.Tiny();
        body[field] = value;
        return body;
    }

    [Theory]
    [InlineData("batchSize", 1_000_000_000)]
    [InlineData("imageSize", 100_000)]
    [InlineData("width", 1_000_000)]
    [InlineData("steps", int.MaxValue)]
    public async Task Post_AValueAboveItsBound_Is400NamingTheBound(string field, object value)
    {
        var errors = await ErrorsOf(With(field, value));
        Assert.Contains("above the limit", errors.GetProperty(field)[0].GetString());
    }

    [Fact]
    public async Task Post_HugeHeadsQueueAndGeneratedDataSet_AreEach400()
    {
        var body = Configs.Tiny("lewel-m");
        body["heads"] = new { projectorHidden = 2_000_000_000 };
        body["moco"] = new { queueSize = int.MaxValue };
        body["dataset"] = "shapes:size=512,n=2000000";
        var errors = await ErrorsOf(body);
        Assert.Contains("limit", errors.GetProperty("heads.projectorHidden")[0].GetString());
        Assert.Contains("limit", errors.GetProperty("moco.queueSize")[0].GetString());
        Assert.Contains("GiB", errors.GetProperty("dataset")[0].GetString());
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    public async Task Post_NonFiniteEtaUnderSgd_Is400NotA500(string value)
    {
        var body = Configs.Tiny("mocov2");
        body["optimizer"] = new Dictionary<string, object> { ["name"] = "sgd", ["eta"] = value };
        var errors = await ErrorsOf(body);
        Assert.Contains("not a finite number", errors.GetProperty("optimizer.eta")[0].GetString());
    }

    [Fact]
    public async Task Post_LongNotesAndTenThousandTags_AreRefused_AndAFiveMegabyteBodyIsTooLarge()
    {
        Assert.Contains("at most 10000", (await ErrorsOf(With("notes", new string('n', 20_000)))).GetProperty("notes")[0].GetString());
        using var huge = System.Net.Http.Json.JsonContent.Create(With("notes", new string('n', 5_000_000)), options: LewelHost.Json);
        using var tooLarge = await Host.Client.PostAsync("/api/runs", huge);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Contains("at most 32", (await ErrorsOf(With("tags", Enumerable.Range(0, 10_000).Select(i => $"t{i}").ToArray()))).GetProperty("tags")[0].GetString());
    }

    [Theory]
    [InlineData("folder:/etc")]
    [InlineData("folder:/root")]
    [InlineData("idx:/etc/passwd")]
    [InlineData("cifar10:/proc/self")]
    [InlineData("folder:../..")]
    [InlineData("stl10:/usr/share/datasets/../../../etc")]
    public async Task Post_ADataSetOutsideTheDataRoots_Is400NamingTheRoots(string spec)
    {
        var message = (await ErrorsOf(With("dataset", spec))).GetProperty("dataset")[0].GetString()!;
        Assert.Contains("is not under a data root", message);
        Assert.Contains(Path.GetFullPath(Host.DataDir), message);
    }

    [Fact]
    public async Task Post_ASymlinkInTheDataDirectoryThatLeadsOutside_Is400()
    {
        Directory.CreateDirectory(Host.DataDir);
        var link = Path.Combine(Host.DataDir, "etc-images");
        if (!Directory.Exists(link)) Directory.CreateSymbolicLink(link, "/etc");
        var message = (await ErrorsOf(With("dataset", $"folder:{link}"))).GetProperty("dataset")[0].GetString();
        Assert.Contains("is not under a data root", message);
    }

    [Fact]
    public async Task Post_ARunThatCannotFitInThisMachinesMemory_Is400WithTheEstimate()
    {
        var body = Configs.Tiny("byol");
        body["width"] = 4;
        body["imageSize"] = 1024;
        body["batchSize"] = 4096;
        body["dataset"] = "shapes:size=32,n=8192,seed=1";
        body["heads"] = new { projectorHidden = 4096, dim = 256, predictorHidden = 4096 };
        var message = (await ErrorsOf(body)).GetProperty("batchSize")[0].GetString()!;
        Assert.Matches(@"the run needs an estimated [\d.]+ GiB \(activations [\d.]+ GiB", message);
        Assert.Contains("but cpu has", message);
    }

    [Fact]
    public async Task Post_WarmupLongerThanTheRun_Is400NamingBothNumbers()
    {
        var body = Configs.Tiny(steps: 6);
        body.Remove("schedule");                          // the small preset's 10 warm-up epochs of 8 steps
        var message = (await ErrorsOf(body)).GetProperty("schedule.warmupEpochs")[0].GetString()!;
        Assert.Contains("80 steps", message);
        Assert.Contains("6 steps", message);
    }

    [Fact]
    public async Task Post_ADuplicateOrCaseDuplicateKey_Is400NamingIt()
    {
        foreach (var json in new[] { """{"steps": 5, "steps": 5}""", """{"steps": 5, "Steps": 100000}""", """{"heads": {"dim": 16, "Dim": 8}}""" })
        {
            using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
            using var response = await Host.Client.PostAsync("/api/runs", content);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{json}: {(int)response.StatusCode} {text}");
            Assert.True(text.Contains("more than once") || text.Contains("name the same field"), text);
        }
    }

    [Fact]
    public async Task Post_ALegalButSuspiciousConfig_IsCreatedWithItsWarnings()
    {
        var body = Configs.Tiny(snapshotEverySteps: 100);
        var response = await Host.Client.PostAsync("/api/runs", System.Net.Http.Json.JsonContent.Create(body, options: LewelHost.Json));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        var warnings = JsonDocument.Parse(text).RootElement.GetProperty("warnings");
        Assert.Contains(warnings.EnumerateArray(), w => w.GetString()!.StartsWith("monitor.snapshotEverySteps: 100 is more than the run's 6 steps"));
        Assert.Contains(response.Headers.GetValues(RunsApi.WarningHeader), w => w.StartsWith("monitor.snapshotEverySteps"));
    }
}
