using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Lewel.Engine.Training.Optim;

/// <summary>LARS: momentum SGD whose step for each adapted tensor is scaled by the trust ratio
/// η·‖w‖ / (‖g‖ + wd·‖w‖ + ε). Groups without adaptation take a plain momentum-SGD step.
/// <list type="bullet">
/// <item><see cref="OptimizerIds.SoloLearnLars"/> (solo-learn <c>lars.py</c>): d = (g + wd·w)·trust when ‖w‖ and ‖g‖ are
/// both non-zero, else d = g; with clipLr, trust becomes min(trust/lr, 1), i.e. an effective lr of min(lr, trust);
/// buf = m·buf + d (buf = d at the first step); w ← w − lr·buf.</item>
/// <item><see cref="OptimizerIds.LewelLars"/> (official LEWEL, lewel-method.md §4.4): d = (g + wd·w)·trust·lr, the lr
/// inside the buffer; buf = m·buf + d; w ← w − buf. ε guards the 0/0 the official code leaves open.</item>
/// </list></summary>
public sealed class Lars : IPretrainOptimizer
{
    private readonly Dictionary<string, Tensor> buffers = new(StringComparer.Ordinal);
    private readonly double momentum;
    private readonly double eta;
    private readonly bool clipLr;
    private readonly bool lrInsideMomentum;
    private readonly double epsilon;

    public string Name => OptimizerIds.Lars;
    public IReadOnlyList<ParameterGroup> Groups { get; }
    public double LearningRate { get; set; }
    public string Variant { get; }

    public Lars(IReadOnlyList<ParameterGroup> groups, double learningRate, double momentum, double eta, bool clipLr,
        string variant = OptimizerIds.SoloLearnLars, double epsilon = 1e-8)
    {
        if (!OptimizerIds.LarsVariants.Contains(variant))
            throw new ArgumentException($"Unknown LARS variant '{variant}': expected one of {string.Join(", ", OptimizerIds.LarsVariants)}.", nameof(variant));
        if (variant == OptimizerIds.LewelLars && clipLr)
            throw new ArgumentException("the lewel LARS variant has no lr clipping", nameof(clipLr));
        var names = groups.SelectMany(g => g.Parameters).Select(p => p.Name).ToList();
        if (names.Distinct(StringComparer.Ordinal).Count() != names.Count)
            throw new ArgumentException("a parameter appears twice in the LARS groups", nameof(groups));
        Groups = groups;
        LearningRate = learningRate;
        this.momentum = momentum;
        this.eta = eta;
        this.clipLr = clipLr;
        Variant = variant;
        lrInsideMomentum = variant == OptimizerIds.LewelLars;
        this.epsilon = epsilon;
    }

    /// <summary>The momentum buffers by parameter name (live tensors; absent until a parameter's first step).</summary>
    public IReadOnlyDictionary<string, Tensor> MomentumBuffers => buffers;

    public void ZeroGrad()
    {
        foreach (var group in Groups)
            foreach (var (_, parameter) in group.Parameters)
                parameter.grad = null;
    }

    public void Step()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var lr = LearningRate;
        foreach (var group in Groups)
        {
            foreach (var (name, parameter) in group.Parameters)
            {
                var grad = parameter.grad;
                if (grad is null) continue;
                var update = group.LarsAdaptation ? AdaptedUpdate(parameter, grad, group.WeightDecay, lr) : PlainUpdate(parameter, grad, group.WeightDecay);
                if (lrInsideMomentum) update = update * lr;
                var buffer = Accumulate(name, update);
                if (lrInsideMomentum) parameter.sub_(buffer);
                else parameter.add_(buffer, alpha: -lr);
            }
        }
    }

    private Tensor AdaptedUpdate(Parameter weight, Tensor grad, double weightDecay, double lr)
    {
        var weightNorm = weight.norm();
        var gradNorm = grad.norm();
        var trust = eta * weightNorm / (gradNorm + weightDecay * weightNorm + epsilon);
        var decayed = weightDecay == 0 ? grad : grad.add(weight, alpha: weightDecay);
        if (lrInsideMomentum)
            return decayed * trust;
        if (clipLr)
            trust = (trust / lr).clamp_max(1.0);
        // solo-learn leaves a tensor with a zero weight or gradient norm unscaled and undecayed
        var bothNonZero = weightNorm.gt(0).logical_and(gradNorm.gt(0));
        return where(bothNonZero, decayed * trust, grad);
    }

    private static Tensor PlainUpdate(Parameter weight, Tensor grad, double weightDecay) =>
        weightDecay == 0 ? grad : grad.add(weight, alpha: weightDecay);

    private Tensor Accumulate(string name, Tensor update)
    {
        if (buffers.TryGetValue(name, out var buffer))
            return buffer.mul_(momentum).add_(update);
        buffer = update.clone().DetachFromDisposeScope();
        buffers[name] = buffer;
        return buffer;
    }

    public void Save(BinaryWriter writer)
    {
        writer.Write(Name);
        writer.Write(buffers.Count);
        foreach (var (name, buffer) in buffers.OrderBy(b => b.Key, StringComparer.Ordinal))
        {
            writer.Write(name);
            buffer.Save(writer);
        }
    }

    public void Load(BinaryReader reader)
    {
        var kind = reader.ReadString();
        if (kind != Name)
            throw new InvalidDataException($"the saved optimiser state is '{kind}', not '{Name}'");
        var parameters = Groups.SelectMany(g => g.Parameters).ToDictionary(p => p.Name, p => p.Parameter, StringComparer.Ordinal);
        var count = reader.ReadInt32();
        var loaded = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var name = reader.ReadString();
            var tensor = TensorExtensionMethods.Load(reader);
            if (!parameters.TryGetValue(name, out var parameter) || !tensor.shape.SequenceEqual(parameter.shape))
            {
                tensor.Dispose();
                foreach (var t in loaded.Values) t.Dispose();
                throw new InvalidDataException($"the saved LARS state has a momentum buffer for '{name}', which is not a parameter of this shape here");
            }
            loaded[name] = tensor.to(parameter.device).DetachFromDisposeScope();
        }
        foreach (var buffer in buffers.Values) buffer.Dispose();
        buffers.Clear();
        foreach (var (name, tensor) in loaded) buffers[name] = tensor;
    }

    public void Dispose()
    {
        foreach (var buffer in buffers.Values) buffer.Dispose();
        buffers.Clear();
    }
}
