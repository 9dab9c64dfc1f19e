using System.Text.Json;
using Lewel.Engine.Config;

namespace Lewel.Web.Runs;

/// <summary>Turns a launch request (camelCase RunConfig JSON, fields optional) into the complete configuration a run
/// stores and trains with: unknown fields and badly typed values are reported with their paths, omitted fields get
/// their defaults, the device is resolved (never stored as "auto").</summary>
public sealed class RunConfigResolver(DevicePlacer placer)
{
    public ConfigResolution Resolve(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
            return ConfigResolution.Invalid([new ConfigError("", "the body must be a JSON object holding a run configuration")]);
        var unknown = JsonFieldChecker.UnknownFields(body, typeof(RunConfig)).ToList();
        if (unknown.Count > 0) return ConfigResolution.Invalid(unknown);

        RunConfig? config;
        try
        {
            config = body.Deserialize<RunConfig>(RunConfig.Json);
        }
        catch (JsonException e)
        {
            return ConfigResolution.Invalid([new ConfigError(PathOf(e), "has the wrong type or format for this field")]);
        }
        if (config is null) return ConfigResolution.Invalid([new ConfigError("", "the configuration is empty")]);
        return Resolve(config);
    }

    /// <summary>Validates an already typed configuration (e.g. the partner of a paired launch) and places it.</summary>
    public ConfigResolution Resolve(RunConfig config)
    {
        var errors = Validate(config).ToList();
        var placement = placer.Place(config.Device, out var deviceError);
        if (deviceError is not null) errors.Add(deviceError);
        if (errors.Count > 0) return ConfigResolution.Invalid(errors);
        return new ConfigResolution(config with { Device = placement.Device }, placement, new Dictionary<string, string[]>());
    }

    private static IEnumerable<ConfigError> Validate(RunConfig config)
    {
        if (!MethodIds.All.Contains(config.Method))
            yield return new ConfigError("method", $"'{config.Method}' is not a method: use one of {string.Join(", ", MethodIds.All)}");
        if (string.IsNullOrWhiteSpace(config.Dataset))
            yield return new ConfigError("dataset", "a data-set spec is required, e.g. shapes:size=32,n=4096,seed=1");
        if (config.Name.Length > 200)
            yield return new ConfigError("name", $"is {config.Name.Length} characters long; at most 200 are allowed");
    }

    private static string PathOf(JsonException e)
    {
        var path = e.Path ?? "";
        if (path.StartsWith("$.", StringComparison.Ordinal)) path = path[2..];
        else if (path == "$") path = "";
        return path;
    }
}
