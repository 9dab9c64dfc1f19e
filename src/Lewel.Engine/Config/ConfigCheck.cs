namespace Lewel.Engine.Config;

/// <summary>What <see cref="RunConfigValidator.Check"/> found: <see cref="Errors"/> stop the run; <see cref="Warnings"/>
/// are legal settings that probably do not do what was meant, reported with the launch.</summary>
public sealed record ConfigCheck(IReadOnlyList<ConfigError> Errors, IReadOnlyList<ConfigError> Warnings)
{
    public bool IsValid => Errors.Count == 0;
}
