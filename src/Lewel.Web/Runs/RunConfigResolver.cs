using System.Text.Json;
using Lewel.Engine.Config;
using Lewel.Engine.Data;

namespace Lewel.Web.Runs;

/// <summary>Turns a launch request (camelCase RunConfig JSON, fields optional) into the complete configuration a run
/// stores and trains with: the user's fields over the method's preset (<see cref="RunConfigMerger"/>), every field
/// checked (<see cref="RunConfigValidator"/>), the device resolved and placed on a queue (never stored as "auto").</summary>
public sealed class RunConfigResolver(DevicePlacer placer)
{
    public const int MaxNameLength = 200;

    public ConfigResolution Resolve(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
            return ConfigResolution.Invalid([new ConfigError("", "the body must be a JSON object holding a run configuration")]);
        try
        {
            return Resolve(RunConfigMerger.Resolve(body.GetRawText()));
        }
        catch (ConfigException e)
        {
            return ConfigResolution.Invalid(e.Errors);
        }
    }

    /// <summary>Validates an already complete configuration (e.g. the partner of a paired launch) and places it.</summary>
    public ConfigResolution Resolve(RunConfig config)
    {
        var errors = RunConfigValidator.Validate(config).ToList();
        if (!errors.Any(e => e.Path == "dataset") && DatasetCatalog.SpecError(config.Dataset) is { } datasetError)
            errors.Add(new ConfigError("dataset", datasetError));
        if (config.Name.Length > MaxNameLength)
            errors.Add(new ConfigError("name", $"is {config.Name.Length} characters long; at most {MaxNameLength} are allowed"));
        DevicePlacement? placement = null;
        if (!errors.Any(e => e.Path == "device"))
        {
            placement = placer.Place(config.Device, out var deviceError);
            if (deviceError is not null) errors.Add(deviceError);
        }
        if (errors.Count > 0) return ConfigResolution.Invalid(errors);
        return new ConfigResolution(config with { Device = placement!.Device }, placement, new Dictionary<string, string[]>());
    }
}
