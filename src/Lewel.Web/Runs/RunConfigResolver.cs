using System.Text.Json;
using Lewel.Engine.Config;
using Lewel.Engine.Data;
using Lewel.Engine.Runtime;
using Lewel.Engine.Settings;

namespace Lewel.Web.Runs;

/// <summary>Turns a launch request (camelCase RunConfig JSON, fields optional) into the complete configuration a run
/// stores and trains with: the user's fields over the method's preset (<see cref="RunConfigMerger"/>), every field
/// checked (<see cref="RunConfigValidator"/>), the data set's path checked against the data roots, the device resolved
/// and placed on a queue (never stored as "auto"), and the run's estimated memory checked against that device's.</summary>
public sealed class RunConfigResolver(DevicePlacer placer, LewelSettings settings)
{
    public const int MaxNameLength = 200;

    private readonly DataRoots dataRoots = settings.CreateDataRoots();

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
        var check = RunConfigValidator.Check(config);
        var errors = check.Errors.ToList();
        if (!errors.Any(e => e.Path == "dataset") && DatasetCatalog.SpecError(config.Dataset, dataRoots) is { } datasetError)
            errors.Add(new ConfigError("dataset", datasetError));
        if (config.Name is { Length: > MaxNameLength })
            errors.Add(new ConfigError("name", $"is {config.Name.Length} characters long; at most {MaxNameLength} are allowed"));
        DevicePlacement? placement = null;
        if (!errors.Any(e => e.Path == "device"))
        {
            placement = placer.Place(config.Device, out var deviceError);
            if (deviceError is not null) errors.Add(deviceError);
        }
        if (errors.Count == 0 && MemoryError(config, placement!.Device) is { } memoryError) errors.Add(memoryError);
        if (errors.Count > 0) return ConfigResolution.Invalid(errors);
        return new ConfigResolution(config with { Device = placement!.Device }, placement, new Dictionary<string, string[]>())
        {
            Warnings = [.. check.Warnings.Select(w => w.ToString())],
        };
    }

    private static ConfigError? MemoryError(RunConfig config, string device) =>
        DeviceMemory.TotalBytes(device) is { } available ? RunMemoryEstimator.Estimate(config).RefusalOn(device, available) : null;
}
