using Lewel.Data.Entities;

namespace Lewel.Data.Stores;

/// <summary>Which runs a list shows. <see cref="Text"/> matches name, notes, data set and method (case-insensitive).</summary>
public sealed record RunFilter
{
    public const int MaxTake = 500;

    public RunStatus? Status { get; init; }
    public string? Method { get; init; }
    public string? Tag { get; init; }
    public string? Text { get; init; }
    public RunKind? Kind { get; init; }
    public string? PairingKey { get; init; }
    public long? ParentRunId { get; init; }
    public int Skip { get; init; }
    public int Take { get; init; } = 50;
}

/// <summary>One page of runs, newest first, and how many match in total.</summary>
public sealed record RunPage(int Total, IReadOnlyList<Run> Items);
