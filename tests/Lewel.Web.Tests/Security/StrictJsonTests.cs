using System.Net;
using System.Text;
using System.Text.Json;
using Lewel.Web.Security;
using Lewel.Web.Tests.TestSupport;
using static Lewel.Web.Tests.Security.SecurityRequests;

namespace Lewel.Web.Tests.Security;

[Collection(HostCollection.Name)]
public class StrictJsonTests(QueueOnlyHostFixture fixture) : IClassFixture<QueueOnlyHostFixture>
{
    private LewelHost Host => fixture.Host;

    /// <summary>A valid tiny launch body with <paramref name="replace"/> (raw JSON text) in place of its steps field.</summary>
    private static string TinyWith(string replace)
    {
        var tiny = JsonSerializer.Serialize(Configs.Tiny(), LewelHost.Json);
        Assert.Contains("\"steps\":6", tiny);
        return tiny.Replace("\"steps\":6", replace, StringComparison.Ordinal);
    }

    private async Task<JsonElement> LaunchProblemAsync(string json, HttpStatusCode expected = HttpStatusCode.BadRequest) =>
        await ProblemAsync(await Host.Client.SendAsync(RawJson("/api/runs", json)), expected);

    [Fact]
    public async Task AnExactDuplicateKey_Gets400NamingIt()
    {
        var problem = await LaunchProblemAsync(TinyWith("\"steps\":5,\"steps\":6"));
        Assert.Contains("more than once", ErrorsFor(problem, "steps")[0]);
    }

    [Fact]
    public async Task ACaseDuplicateKey_Gets400NamingBothSpellings_InsteadOfTheLastWinning()
    {
        var before = (await Host.Runs.ListAsync(new Lewel.Data.Stores.RunFilter())).Total;
        var problem = await LaunchProblemAsync(TinyWith("\"steps\":5,\"Steps\":100000"));
        var message = ErrorsFor(problem, "steps")[0];
        Assert.Contains("'steps' and 'Steps'", message);
        Assert.Equal(before, (await Host.Runs.ListAsync(new Lewel.Data.Stores.RunFilter())).Total);
    }

    [Fact]
    public async Task ANestedDuplicate_IsNamedByItsPath()
    {
        var problem = await LaunchProblemAsync(TinyWith("\"steps\":6,\"optimizer\":{\"name\":\"sgd\",\"eta\":0.1,\"ETA\":0.2}"));
        Assert.Contains("'eta' and 'ETA'", ErrorsFor(problem, "optimizer.eta")[0]);
    }

    [Fact]
    public async Task AChunkedBody_IsCheckedAsWell()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/runs")
        {
            Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(TinyWith("\"steps\":5,\"Steps\":6")))),
        };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.TransferEncodingChunked = true;
        var problem = await ProblemAsync(await Host.Client.SendAsync(request), HttpStatusCode.BadRequest);
        Assert.Contains("'steps' and 'Steps'", ErrorsFor(problem, "steps")[0]);
    }

    [Theory]
    [InlineData("{\"steps\": 5,")]
    [InlineData("{\"steps\": 5} trailing")]
    [InlineData("{'steps': 5}")]
    [InlineData("{\"steps\": 5 /* five */}")]
    public async Task MalformedJson_Gets400WithAProblemBody(string json)
    {
        var problem = await LaunchProblemAsync(json);
        Assert.Equal("The request body is not valid JSON.", problem.GetProperty("title").GetString());
        var message = Assert.Single(problem.GetProperty("errors").EnumerateObject()).Value[0].GetString();
        Assert.Contains("line 1", message);
    }

    [Theory]
    [InlineData("NaN", "NaN and Infinity")]
    [InlineData("Infinity", "NaN and Infinity")]
    [InlineData("-Infinity", "NaN and Infinity")]
    [InlineData("1e999", "not a finite number")]
    [InlineData("-1e999", "not a finite number")]
    [InlineData("\"NaN\"", "not a finite number")]
    [InlineData("\"Infinity\"", "not a finite number")]
    public async Task ANonFiniteEta_Gets400NamingTheField(string eta, string expected)
    {
        var problem = await LaunchProblemAsync(TinyWith($"\"steps\":6,\"optimizer\":{{\"name\":\"sgd\",\"eta\":{eta}}}"));
        Assert.Contains(expected, ErrorsFor(problem, "optimizer.eta")[0]);
    }

    [Fact]
    public async Task ABodyOverTheLimit_Gets413WithAProblemBody()
    {
        var body = TinyWith("\"steps\":6,\"notes\":\"" + new string('x', 2 * 1024 * 1024) + "\"");
        var problem = await LaunchProblemAsync(body, HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("at most 1,048,576 bytes", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task AWrongTypeInATypedBody_Gets400NamingTheField()
    {
        var id = (await Host.PostJsonAsync("/api/runs", Configs.Tiny(), HttpStatusCode.Created)).GetProperty("run").GetProperty("id").GetInt64();
        var problem = await ProblemAsync(await Host.Client.SendAsync(RawJson($"/api/runs/{id}/evaluate", "{\"protocol\": 5}")), HttpStatusCode.BadRequest);
        Assert.NotEmpty(ErrorsFor(problem, "protocol"));
    }

    [Fact]
    public async Task AnUnknownApiRoute_GetsAProblemBody()
    {
        await ProblemAsync(await Host.Client.GetAsync("/api/nothing-here"), HttpStatusCode.NotFound);
    }

    [Fact]
    public void Check_NamesPathsInsideArraysAndNestedObjects()
    {
        var errors = StrictJson.Check(Encoding.UTF8.GetBytes("""
            {"augmentation": {"views": [{"hue": 0.1}, {"hue": 0.2, "Hue": 0.3}]}, "monitor": {"probeIndices": [0, 1e400]}, "tags": ["a", "a"]}
            """), out var malformed);
        Assert.False(malformed);
        Assert.Equal(["augmentation.views[1].hue", "monitor.probeIndices[1]"], errors.Keys.Order());
    }

    [Fact]
    public void Check_AcceptsAValidDocument()
    {
        var errors = StrictJson.Check(JsonSerializer.SerializeToUtf8Bytes(Configs.Tiny(), LewelHost.Json), out var malformed);
        Assert.Empty(errors);
        Assert.False(malformed);
    }
}
