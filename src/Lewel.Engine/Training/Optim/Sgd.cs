using TorchSharp;
using TorchSharp.Modules;

namespace Lewel.Engine.Training.Optim;

/// <summary>Momentum SGD (PyTorch semantics: buf = m·buf + g + wd·w, w ← w − lr·buf) over the same parameter groups as
/// <see cref="Lars"/>, through TorchSharp's <c>optim.SGD</c>. Used by MoCo V2+ and LEWEL_M (lewel-method.md §7).</summary>
public sealed class Sgd : IPretrainOptimizer
{
    private readonly SGD optimizer;

    public string Name => OptimizerIds.Sgd;
    public IReadOnlyList<ParameterGroup> Groups { get; }

    public Sgd(IReadOnlyList<ParameterGroup> groups, double learningRate, double momentum)
    {
        Groups = groups;
        var sgdGroups = groups
            .Select(g => new SGD.ParamGroup(g.Parameters.Select(p => p.Parameter), learningRate, momentum, dampening: 0, weight_decay: g.WeightDecay))
            .ToList();
        optimizer = torch.optim.SGD(sgdGroups, learningRate, momentum);
    }

    public double LearningRate
    {
        get => optimizer.ParamGroups.First().LearningRate;
        set
        {
            foreach (var group in optimizer.ParamGroups) group.LearningRate = value;
        }
    }

    public void ZeroGrad()
    {
        foreach (var group in Groups)
            foreach (var (_, parameter) in group.Parameters)
                parameter.grad = null;
    }

    public void Step()
    {
        using var scope = torch.NewDisposeScope();
        optimizer.step();
    }

    public void Save(BinaryWriter writer)
    {
        writer.Write(Name);
        optimizer.save_state_dict(writer);
    }

    public void Load(BinaryReader reader)
    {
        var kind = reader.ReadString();
        if (kind != Name)
            throw new InvalidDataException($"the saved optimiser state is '{kind}', not '{Name}'");
        optimizer.load_state_dict(reader);
    }

    public void Dispose() => optimizer.Dispose();
}
