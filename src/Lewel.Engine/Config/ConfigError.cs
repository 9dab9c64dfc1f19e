namespace Lewel.Engine.Config;

/// <summary>One invalid field: <paramref name="Path"/> is the camelCase JSON path (e.g. <c>lewel.numHeads</c>).</summary>
public sealed record ConfigError(string Path, string Message)
{
    public override string ToString() => Path.Length == 0 ? Message : $"{Path}: {Message}";
}

public sealed class ConfigException(IReadOnlyList<ConfigError> errors)
    : Exception("Invalid configuration:\n  " + string.Join("\n  ", errors))
{
    public IReadOnlyList<ConfigError> Errors { get; } = errors;
}
