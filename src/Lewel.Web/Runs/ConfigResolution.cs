using Lewel.Engine.Config;

namespace Lewel.Web.Runs;

/// <summary>A launch request turned into a complete configuration, or the list of what is wrong with it, keyed by the
/// camelCase JSON path of the field (<c>lewel.numHeads</c>); "" is the request as a whole. <see cref="Warnings"/> are
/// legal settings that probably do not do what was meant ("path: message").</summary>
public sealed record ConfigResolution(RunConfig? Config, DevicePlacement? Placement, IReadOnlyDictionary<string, string[]> Errors)
{
    public bool IsValid => Errors.Count == 0 && Config is not null && Placement is not null;

    public IReadOnlyList<string> Warnings { get; init; } = [];

    public static ConfigResolution Invalid(IEnumerable<ConfigError> errors) =>
        new(null, null, errors.GroupBy(e => e.Path).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()));
}

/// <summary>Where a run executes: the resolved device (never "auto") and the job queue that serves it.</summary>
public sealed record DevicePlacement(string Device, string Queue)
{
    public const string CpuQueue = "cpu";
    public const string GpuQueue = "gpu";
}
