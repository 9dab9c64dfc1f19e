namespace Lewel.Engine.Checkpoints;

/// <summary>A checkpoint that cannot be written, read or applied. <see cref="Path"/> names the file.</summary>
public sealed class CheckpointException(string path, string message, Exception? inner = null)
    : Exception($"Checkpoint '{path}': {message}", inner)
{
    public string Path { get; } = path;
}
