using Lewel.Engine.Checkpoints;

namespace Lewel.Engine.Interop;

/// <summary>Where weights come from, for error messages: the file and, optionally, which part of it (e.g. "official
/// LEWEL backbone 'online_net.backbone.*'").</summary>
public readonly record struct WeightSource(string Path, string? Part = null)
{
    public static implicit operator WeightSource(string path) => new(path);

    public WeightSource Of(string part) => this with { Part = part };

    /// <summary>A <see cref="CheckpointException"/> naming the file, the part and the problem.</summary>
    public CheckpointException Error(string message, Exception? inner = null) =>
        new(Path, Part is null ? message : $"{Part}: {message}", inner);
}
