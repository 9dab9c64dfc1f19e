using System.Text.Json.Nodes;

namespace Lewel.Engine.Config;

/// <summary>Reads configurations written by earlier versions as they ran. Before official MoCo v2 existed here, the id
/// "mocov2" named the symmetric, shuffle-free variant now called MoCo V2+ ("mocov2plus"). Every configuration written
/// since carries <c>moco.bnSplits</c>, so a stored configuration whose method is "mocov2" and whose <c>moco</c> has no
/// <c>bnSplits</c> is an old one and is read as "mocov2plus"; its checkpoint's state (two queues) fits MoCo V2+.</summary>
/// <remarks>Applies to complete stored configurations only (config.json, store rows, job payloads, checkpoint
/// metadata). A user's partial configuration goes through <see cref="RunConfigMerger"/>, whose preset always supplies
/// <c>bnSplits</c>, so "mocov2" from a user is official MoCo v2.</remarks>
public static class StoredConfigCompatibility
{
    /// <summary>Rewrites <paramref name="config"/> (a serialised <see cref="RunConfig"/>) in place to today's meaning.</summary>
    /// <returns>Whether the configuration was an old MoCo V2+ one and its method was renamed.</returns>
    public static bool Upgrade(JsonObject config)
    {
        var method = Field(config, "method");
        if (method.Value is not JsonValue value || !value.TryGetValue<string>(out var id) || id != MethodIds.MocoV2) return false;
        if (Field(config, "moco").Value is JsonObject moco && Field(moco, "bnSplits").Key is not null) return false;
        config[method.Key!] = MethodIds.MocoV2Plus;
        return true;
    }

    // RunConfig.Json reads keys case-insensitively, so the rule must find them the same way.
    private static KeyValuePair<string?, JsonNode?> Field(JsonObject node, string name)
    {
        foreach (var (key, value) in node)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase)) return new(key, value);
        }
        return new(null, null);
    }
}
