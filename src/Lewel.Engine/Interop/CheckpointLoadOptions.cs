using static TorchSharp.torch;

namespace Lewel.Engine.Interop;

/// <summary>What a checkpoint's weights cannot say: M, s and the small stem's padding (taken from the run's config when
/// the checkpoint has one; these values override it), and where to put the network.</summary>
public sealed record CheckpointLoadOptions
{
    public const int DefaultNumHeads = 4;
    public const double DefaultScale = 1.0;

    /// <summary>M, the number of channel groups ("num_heads"); default 4 (the official scripts).</summary>
    public int? NumHeads { get; init; }
    /// <summary>s, which divides the normalised map logits; default 1.0.</summary>
    public double? Scale { get; init; }
    /// <summary>Padding of a 3×3 stem (1 gives a 4×4 map at 32 px, 2 gives 5×5); default 1.</summary>
    public int? SmallStemPadding { get; init; }
    public Device Device { get; init; } = CPU;
    /// <summary>When set, a checkpoint whose embedded run configuration names a data set outside these folders is
    /// refused as a whole (nothing at that path is touched).</summary>
    public Data.DataRoots? DataRoots { get; init; }
}
