using static TorchSharp.torch;

namespace Lewel.Engine.Methods;

/// <summary>The target keys of the last loss, held outside any dispose scope until they are enqueued after the
/// optimiser step. Not a tensor field, so module registration never mistakes it for a buffer.</summary>
internal sealed class PendingKeys : IDisposable
{
    private readonly List<Tensor> keys = [];

    public IReadOnlyList<Tensor> Keys => keys;

    public PendingKeys(params Tensor[] newKeys)
    {
        foreach (var key in newKeys)
            keys.Add(key.detach().DetachFromDisposeScope());
    }

    public void Dispose()
    {
        foreach (var key in keys) key.Dispose();
        keys.Clear();
    }
}
