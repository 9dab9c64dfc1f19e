using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lewel.Engine.Config;
using Lewel.Engine.Evaluation;
using Lewel.Engine.Studies;

namespace Lewel.Web.Studies;

/// <summary>The body of <c>POST /api/studies</c>: <c>pair</c> (byol or mocov2plus), <c>seeds</c> (a count, seeds 1..N) or
/// <c>seedList</c>, <c>config</c> (the run configuration both arms share: data set, budget, ...; no method or seed),
/// and optionally <c>name</c>, <c>evaluations</c> (protocol names), <c>knnK</c> and <c>linearEpochs</c>.</summary>
public sealed record StudyRequest(string Name, string Baseline, string Lewel, IReadOnlyList<long> Seeds, JsonObject Config,
    IReadOnlyDictionary<string, Dictionary<string, string>> Evaluations)
{
    public const int DefaultSeeds = 3;
    public const int MaxSeeds = 20;
    private static readonly string[] Fields = ["name", "pair", "seeds", "seedList", "config", "evaluations", "knnK", "linearEpochs"];

    public static StudyRequest? Parse(JsonElement body, out List<ConfigError> errors)
    {
        errors = [];
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new ConfigError("", "the body must be a JSON object: { \"pair\": \"byol\", \"seeds\": 3, \"config\": { ... } }"));
            return null;
        }
        var node = JsonNode.Parse(body.GetRawText())!.AsObject();
        foreach (var (key, _) in node.Where(p => !Fields.Contains(p.Key)))
            errors.Add(new ConfigError(key, $"is not a study field (a study takes {string.Join(", ", Fields)})"));

        var pairName = Text(node, "pair", errors);
        var pair = MethodPairs.FromName(pairName);
        if (pair is null) errors.Add(new ConfigError("pair", $"'{pairName}' is not a pair: use {string.Join(" or ", MethodPairs.Names)}"));

        var seeds = ParseSeeds(node, errors);
        var config = node["config"] as JsonObject;
        if (config is null) errors.Add(new ConfigError("config", "must be an object holding the run configuration (dataset, steps or epochs, ...)"));
        else
            foreach (var field in new[] { "method", "seed", "paired" })
                if (config.Any(p => string.Equals(p.Key, field, StringComparison.OrdinalIgnoreCase)))
                    errors.Add(new ConfigError($"config.{field}", field switch
                    {
                        "method" => "is set by the pair for each run; leave it out",
                        "seed" => "is set per run by seeds or seedList; leave it out",
                        _ => "a study always launches pairs; leave it out",
                    }));

        var name = node["name"] is null ? null : Text(node, "name", errors)?.Trim();
        if (name is { Length: > Data.Entities.Study.MaxNameLength })
            errors.Add(new ConfigError("name", $"is {name.Length} characters long; at most {Data.Entities.Study.MaxNameLength} are allowed"));
        var dataset = config?["dataset"] is JsonValue d && d.TryGetValue<string>(out var spec) ? spec : null;
        var evaluations = ParseEvaluations(node, dataset, errors);
        if (errors.Count > 0 || pair is null || config is null) return null;
        var label = string.IsNullOrWhiteSpace(name) ? $"{pair.Value.Baseline} vs {pair.Value.Lewel}" : name!;
        return new StudyRequest(label, pair.Value.Baseline, pair.Value.Lewel, seeds, config, evaluations);
    }

    private static List<long> ParseSeeds(JsonObject node, List<ConfigError> errors)
    {
        var count = node["seeds"];
        var list = node["seedList"];
        if (count is not null && list is not null)
        {
            errors.Add(new ConfigError("seeds", "give seeds (a count) or seedList, not both"));
            return [];
        }
        if (list is not null)
        {
            if (list is not JsonArray array || array.Any(s => s is not JsonValue v || !v.TryGetValue<long>(out var seed) || seed < 0))
            {
                errors.Add(new ConfigError("seedList", "must be an array of whole numbers, 0 or more"));
                return [];
            }
            var seeds = array.Select(s => s!.GetValue<long>()).ToList();
            if (seeds.Count == 0) errors.Add(new ConfigError("seedList", "is empty: give at least one seed"));
            if (seeds.Count > MaxSeeds) errors.Add(new ConfigError("seedList", $"has {seeds.Count} seeds; at most {MaxSeeds}"));
            if (seeds.Distinct().Count() != seeds.Count) errors.Add(new ConfigError("seedList", "lists a seed twice"));
            return seeds;
        }
        var n = DefaultSeeds;
        if (count is not null && (count is not JsonValue value || !value.TryGetValue(out n)))
        {
            errors.Add(new ConfigError("seeds", "must be a whole number of seeds"));
            return [];
        }
        if (n is < 1 or > MaxSeeds)
        {
            errors.Add(new ConfigError("seeds", $"{n} is not a number of seeds in 1..{MaxSeeds}"));
            return [];
        }
        return [.. Enumerable.Range(1, n).Select(i => (long)i)];
    }

    private static Dictionary<string, Dictionary<string, string>> ParseEvaluations(JsonObject node, string? dataset, List<ConfigError> errors)
    {
        List<string> protocols;
        if (node["evaluations"] is null)
            protocols = [.. StudyMetrics.Protocols.Where(p => p != LocalizationProtocol.Name || (dataset is not null && StudyMetrics.MasksExpected(dataset)))];
        else if (node["evaluations"] is JsonArray array && array.All(p => p is JsonValue v && v.TryGetValue<string>(out _)))
        {
            protocols = [.. array.Select(p => p!.GetValue<string>()).Distinct()];
            foreach (var p in protocols.Where(p => !StudyMetrics.Protocols.Contains(p)))
                errors.Add(new ConfigError("evaluations", $"'{p}' is not a study evaluation: use {string.Join(", ", StudyMetrics.Protocols)}"));
            if (protocols.Count == 0) errors.Add(new ConfigError("evaluations", "is empty: name at least one of " + string.Join(", ", StudyMetrics.Protocols)));
        }
        else
        {
            errors.Add(new ConfigError("evaluations", "must be an array of protocol names"));
            return [];
        }
        var knnK = Whole(node, "knnK", StudyMetrics.DefaultKnnK, errors);
        var linearEpochs = Whole(node, "linearEpochs", StudyMetrics.DefaultLinearEpochs, errors);
        var result = new Dictionary<string, Dictionary<string, string>>();
        foreach (var protocol in protocols.Where(StudyMetrics.Protocols.Contains))
        {
            var parameters = protocol switch
            {
                KnnProtocol.Name => new Dictionary<string, string> { ["k"] = knnK.ToString(CultureInfo.InvariantCulture) },
                LinearProbeProtocol.Name => new Dictionary<string, string> { ["epochs"] = linearEpochs.ToString(CultureInfo.InvariantCulture) },
                _ => new Dictionary<string, string>(),
            };
            foreach (var error in EvaluationCatalog.Check(protocol, parameters))
                errors.Add(new ConfigError(protocol == KnnProtocol.Name ? "knnK" : protocol == LinearProbeProtocol.Name ? "linearEpochs" : "evaluations",
                    error.Message));
            result[protocol] = parameters;
        }
        return result;
    }

    private static int Whole(JsonObject node, string field, int fallback, List<ConfigError> errors)
    {
        if (node[field] is null) return fallback;
        if (node[field] is JsonValue v && v.TryGetValue<int>(out var value)) return value;
        errors.Add(new ConfigError(field, "must be a whole number"));
        return fallback;
    }

    private static string? Text(JsonObject node, string field, List<ConfigError> errors)
    {
        if (node[field] is JsonValue v && v.TryGetValue<string>(out var text)) return text;
        errors.Add(new ConfigError(field, node[field] is null ? "is required" : "must be a string"));
        return null;
    }
}
