using Lewel.Data.Entities;

namespace Lewel.Web.Runs;

/// <summary>The runs a launch created (or, for a repeated idempotency key, had created before), or why it was refused:
/// <see cref="Errors"/> by field, or <see cref="KeyConflictDetail"/> when the idempotency key belongs to another request.</summary>
public sealed record LaunchResult(IReadOnlyList<Run> Runs, IReadOnlyDictionary<string, string[]> Errors, bool Repeated = false)
{
    public string? KeyConflictDetail { get; init; }

    /// <summary>Legal settings that probably do not do what was meant ("path: message"), returned with the created runs.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    public bool IsValid => Errors.Count == 0 && KeyConflictDetail is null;

    public static LaunchResult Invalid(IReadOnlyDictionary<string, string[]> errors) => new([], errors);

    public static LaunchResult KeyConflict(string detail) => new([], new Dictionary<string, string[]>()) { KeyConflictDetail = detail };
}
