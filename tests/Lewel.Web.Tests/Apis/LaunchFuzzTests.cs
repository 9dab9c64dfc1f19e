using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lewel.Web.Tests.TestSupport;

namespace Lewel.Web.Tests.Apis;

/// <summary>Random mutations of a valid launch body POSTed to <c>/api/runs</c> on a host without job servers (nothing
/// runs): numbers made huge, negative, fractional or non-finite, values of the wrong type, strings made junk or server
/// paths, fields dropped, duplicated in another case, wrapped in objects or invented. Never a 500; every 400 names a
/// field.</summary>
[Collection(HostCollection.Name)]
public class LaunchFuzzTests(QueueOnlyHostFixture fixture) : IClassFixture<QueueOnlyHostFixture>
{
    private const int Cases = 2_000;

    private static readonly JsonNode?[] Numbers =
    [
        1_000_000_000, int.MaxValue, 1L << 40, -1, -1_000_000_000, 0, 1.5, 1e308, -1e308, "NaN", "Infinity", "-Infinity",
        3, 64, 100_000, 0.999,
    ];

    private static readonly JsonNode?[] Strings =
    [
        "", " ", "junk", "/etc", "/root/.ssh", "../../..", "folder:/etc", "folder:/root", "idx:/etc/passwd", "cifar10:/proc/self",
        "stl10:../..", "shapes:size=512,n=2000000", "shapes:size=abc", "cuda:99", "lewel-m", "mocov2", "imagenet", "resnet50",
        "eman", "sgd", "lewel", "bicubic", new string('x', 10_000), "\u0000", "émoji 🐍", "folder:" + new string('a', 5_000),
    ];

    [Fact]
    public async Task Post_TwoThousandMutatedConfigs_NeverA500_AndEvery400NamesAField()
    {
        var random = new Random(14);
        var clock = Stopwatch.StartNew();
        var outcomes = new Dictionary<HttpStatusCode, int>();
        for (var i = 0; i < Cases; i++)
        {
            var body = JsonSerializer.SerializeToNode(Configs.Tiny(), LewelHost.Json)!.AsObject();
            string? duplicate = null;
            for (var m = random.Next(1, 4); m > 0; m--) duplicate ??= Mutate(body, random);
            var text = body.ToJsonString();
            if (duplicate is not null) text = "{" + duplicate + "," + text[1..];

            using var content = new StringContent(text, Encoding.UTF8, "application/json");
            using var response = await fixture.Host.Client.PostAsync("/api/runs", content);
            var answer = await response.Content.ReadAsStringAsync();
            outcomes[response.StatusCode] = outcomes.GetValueOrDefault(response.StatusCode) + 1;
            Assert.True((int)response.StatusCode < 500, $"case {i}: {(int)response.StatusCode} for {Shorten(text)}: {Shorten(answer)}");
            if (response.StatusCode != HttpStatusCode.BadRequest) continue;
            var errors = JsonDocument.Parse(answer).RootElement.GetProperty("errors");
            Assert.True(errors.EnumerateObject().Any(e => e.Name.Length > 0 && e.Value.GetArrayLength() > 0),
                $"case {i}: a 400 that names no field for {Shorten(text)}: {Shorten(answer)}");
        }
        Assert.True(outcomes.GetValueOrDefault(HttpStatusCode.BadRequest) > Cases / 2, string.Join(", ", outcomes));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(90), $"the fuzz pass took {clock.Elapsed}");
    }

    /// <summary>Applies one mutation; returns a raw <c>"key": value</c> member to prepend when it duplicates a key.</summary>
    private static string? Mutate(JsonObject body, Random random)
    {
        var leaves = Leaves(body).ToList();
        var (parent, key, value) = leaves[random.Next(leaves.Count)];
        switch (random.Next(9))
        {
            case 0 or 1 or 2:
                Replace(parent, key, value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? Pick(Strings, random) : Pick(Numbers, random));
                break;
            case 3:
                Replace(parent, key, Pick([null, true, "many", new JsonArray(), new JsonObject(), new JsonArray(1, 2, 3)], random));
                break;
            case 4:
                Replace(parent, key, Pick(random.Next(2) == 0 ? Strings : Numbers, random));
                break;
            case 5:
                if (parent is JsonObject o) o.Remove(key.ToString()!);
                break;
            case 6:
                Replace(parent, key, new JsonObject { ["nested"] = value?.DeepClone() });
                break;
            case 7:
                var name = body.Select(p => p.Key).ElementAt(random.Next(body.Count));
                var spelled = random.Next(2) == 0 ? name : char.ToUpperInvariant(name[0]) + name[1..];
                return $"{JsonSerializer.Serialize(spelled)}:{Pick(Numbers, random)?.ToJsonString() ?? "null"}";
            default:
                var section = random.Next(2) == 0 ? body : body.Select(p => p.Value).OfType<JsonObject>().FirstOrDefault() ?? body;
                section["unknown" + random.Next(100)] = Pick(Numbers, random);
                break;
        }
        return null;
    }

    private static IEnumerable<(JsonNode Parent, object Key, JsonNode? Value)> Leaves(JsonNode node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (k, v) in o.ToList())
                {
                    yield return (o, k, v);
                    if (v is JsonObject or JsonArray) foreach (var inner in Leaves(v)) yield return inner;
                }
                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++) yield return (a, i, a[i]);
                break;
        }
    }

    private static void Replace(JsonNode parent, object key, JsonNode? value)
    {
        var copy = value?.DeepClone();
        if (parent is JsonObject o) o[(string)key] = copy;
        else if (parent is JsonArray a) a[(int)key] = copy;
    }

    private static JsonNode? Pick(JsonNode?[] values, Random random) => values[random.Next(values.Length)]?.DeepClone();

    private static string Shorten(string text) => text.Length > 600 ? text[..600] + "…" : text;
}
