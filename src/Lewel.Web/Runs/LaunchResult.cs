using Lewel.Data.Entities;

namespace Lewel.Web.Runs;

/// <summary>The runs a launch created (or, for a repeated idempotency key, had created before), or why it was refused.</summary>
public sealed record LaunchResult(IReadOnlyList<Run> Runs, IReadOnlyDictionary<string, string[]> Errors, bool Repeated = false)
{
    /// <summary>Legal settings that probably do not do what was meant ("path: message"), returned with the created runs.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    public bool IsValid => Errors.Count == 0;

    public static LaunchResult Invalid(IReadOnlyDictionary<string, string[]> errors) => new([], errors);
}
