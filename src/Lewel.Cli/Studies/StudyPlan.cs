using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lewel.Engine.Config;
using Lewel.Engine.Evaluation;
using Lewel.Engine.Studies;

namespace Lewel.Cli.Studies;

/// <summary>What a study is: the pair, the one resolved configuration both arms train with (method and seed are set
/// per run), the seeds, the evaluations and whether the random initialisation is measured too. Saved as
/// <c>plan.json</c> in the study directory; a later invocation with another plan is refused.</summary>
public sealed record StudyPlan(string Baseline, string Lewel, RunConfig Config, IReadOnlyList<long> Seeds, StudyEvaluations Evaluations,
    bool RandomInit)
{
    public const string FileName = "plan.json";

    /// <summary>The arms trained at each seed, baseline first.</summary>
    public IReadOnlyList<string> Methods => [Baseline, Lewel];

    /// <summary>The configuration of one run: the study's, with the arm's method, the seed and a name saying both.</summary>
    public RunConfig RunConfigFor(string method, long seed) =>
        Config with { Method = method, Seed = seed, Name = $"{(Config.Name.Length > 0 ? Config.Name + " " : "")}{method} seed {seed}" };

    public JsonObject ToJson() => new()
    {
        ["baseline"] = Baseline,
        ["lewel"] = Lewel,
        ["seeds"] = new JsonArray(Seeds.Select(s => (JsonNode?)JsonValue.Create(s)).ToArray()),
        ["evaluations"] = Evaluations.ToJson(),
        ["randomInit"] = RandomInit,
        ["config"] = JsonNode.Parse(Config.ToJson()),
    };

    /// <summary>Fields that change how fast a study is evaluated, not what it measures: a study resumed with another value
    /// (or one saved before the CPU's default became 64) is the same study.</summary>
    private static readonly HashSet<string> SpeedOnly = ["evaluations.batchSize"];

    /// <summary>Each field whose value differs between the saved plan and this one, as "path: saved → now".</summary>
    public static IReadOnlyList<string> Differences(JsonNode saved, JsonNode now)
    {
        var before = Flatten(saved);
        var after = Flatten(now);
        return before.Keys.Union(after.Keys).Where(k => !SpeedOnly.Contains(k)).Order(StringComparer.Ordinal)
            .Where(k => before.GetValueOrDefault(k) != after.GetValueOrDefault(k))
            .Select(k => $"{k}: {before.GetValueOrDefault(k) ?? "(absent)"} → {after.GetValueOrDefault(k) ?? "(absent)"}")
            .ToList();
    }

    private static Dictionary<string, string> Flatten(JsonNode node)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        void Walk(JsonNode? n, string path)
        {
            if (n is JsonObject o)
                foreach (var (key, child) in o) Walk(child, path.Length == 0 ? key : $"{path}.{key}");
            else values[path] = n?.ToJsonString() ?? "null";
        }
        Walk(node, "");
        return values;
    }
}

/// <summary>The evaluations of every network of a study: kNN with <see cref="KnnK"/>, the linear probe for
/// <see cref="LinearEpochs"/> epochs, and the localisation score of the LEWEL arm when <see cref="Localization"/>;
/// features are extracted <see cref="BatchSize"/> images a pass, or by <c>lewel eval</c>'s default for the device when
/// null.</summary>
public sealed record StudyEvaluations(IReadOnlyList<string> Protocols, int KnnK, int LinearEpochs, bool Localization, int? BatchSize)
{
    public static int DefaultKnnK => StudyMetrics.DefaultKnnK;
    public static int DefaultLinearEpochs => StudyMetrics.DefaultLinearEpochs;

    /// <summary>The protocols a network of <paramref name="arm"/> is measured with.</summary>
    public IEnumerable<string> For(string arm) =>
        Protocols.Where(p => StudyMetrics.Applies(p, arm) && (p != LocalizationProtocol.Name || Localization));

    /// <summary>The <c>lewel eval</c> options of a protocol (besides checkpoint, output and batch size).</summary>
    public IReadOnlyList<string> OptionsOf(string protocol) => protocol switch
    {
        KnnProtocol.Name => ["--k", KnnK.ToString(CultureInfo.InvariantCulture)],
        LinearProbeProtocol.Name => ["--epochs", LinearEpochs.ToString(CultureInfo.InvariantCulture)],
        _ => [],
    };

    public JsonObject ToJson() => new()
    {
        ["protocols"] = new JsonArray(Protocols.Select(p => (JsonNode?)JsonValue.Create(p)).ToArray()),
        ["knnK"] = KnnK,
        ["linearEpochs"] = LinearEpochs,
        ["localization"] = Localization,
        ["batchSize"] = BatchSize,
    };

    internal static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web) { WriteIndented = true };
}
