namespace Lewel.Engine.Interop;

/// <summary>A checkpoint that cannot be used: names the file and what is missing, unexpected or mis-shaped.</summary>
public sealed class CheckpointException(string message, Exception? inner = null) : Exception(message, inner);
