namespace Lewel.Web.Components.Shared;

/// <summary>How an evaluation protocol is named on screen and which of its parameters the badge shows, so every number
/// says how it was measured (lewel-method.md §8: a kNN top-1 with k=20, T=0.07 is not comparable with k=200, T=0.1).</summary>
public static class ProtocolLabels
{
    private static readonly Dictionary<string, (string Label, string[] Keys)> Known = new(StringComparer.OrdinalIgnoreCase)
    {
        ["knn"] = ("kNN", ["k", "temperature", "t", "distance", "weighted"]),
        ["linear"] = ("linear", ["epochs", "lr", "labels"]),
        ["online-linear"] = ("online linear", ["lr"]),
        ["semi"] = ("semi-sup.", ["fraction", "labels", "percent", "epochs"]),
        ["semi-supervised"] = ("semi-sup.", ["fraction", "labels", "percent", "epochs"]),
        ["dense"] = ("dense probe", ["epochs", "classes"]),
        ["localisation"] = ("localisation", ["threshold", "maps"]),
        ["localization"] = ("localisation", ["threshold", "maxImages", "maps"]),
    };

    public static string Label(string protocol) => Known.TryGetValue(protocol, out var known) ? known.Label : protocol;

    /// <summary>A CSS-safe key for the protocol's colour.</summary>
    public static string CssKey(string protocol) =>
        Known.ContainsKey(protocol) ? protocol.ToLowerInvariant() : "other";

    /// <summary>Up to three defining parameters, e.g. <c>k=20 · temperature=0.07</c>.</summary>
    public static string Summary(string protocol, IReadOnlyDictionary<string, string>? parameters)
    {
        if (parameters is null || parameters.Count == 0) return "";
        var keys = Known.TryGetValue(protocol, out var known) ? known.Keys : [];
        var shown = keys.Where(parameters.ContainsKey).ToList();
        if (shown.Count == 0) shown = [.. parameters.Keys.Order(StringComparer.Ordinal).Take(2)];
        return string.Join(" · ", shown.Take(3).Select(k => $"{k}={parameters[k]}"));
    }

    /// <summary>Every parameter, for a tooltip.</summary>
    public static string Describe(string protocol, IReadOnlyDictionary<string, string>? parameters)
    {
        var label = Label(protocol);
        if (parameters is null || parameters.Count == 0) return $"{label}: no parameters recorded";
        return $"{label}: " + string.Join(", ", parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
    }
}
