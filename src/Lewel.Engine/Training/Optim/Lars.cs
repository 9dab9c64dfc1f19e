using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Lewel.Engine.Training.Optim;

/// <summary>LARS (TorchSharp has none), as a TorchSharp optimiser: the trainer sets <c>ParamGroups[i].LearningRate</c>
/// each step, calls <c>zero_grad()</c>/<c>step()</c>, and checkpoints the momentum buffers through
/// <c>save_state_dict</c>/<c>load_state_dict</c>. Each adapted tensor's step is scaled by the trust ratio
/// η·‖w‖ / (‖g‖ + wd·‖w‖ + ε); groups without adaptation take a plain momentum-SGD step with their own weight decay.
/// <list type="bullet">
/// <item><see cref="OptimizerIds.SoloLearnLars"/> (solo-learn <c>lars.py</c>): d = (g + wd·w)·trust when ‖w‖ and ‖g‖ are
/// both non-zero, else d = g; with clipLr, trust becomes min(trust/lr, 1), an effective lr of min(lr, trust);
/// buf = m·buf + d (buf = d at the first step); w ← w − lr·buf.</item>
/// <item><see cref="OptimizerIds.LewelLars"/> (official LEWEL, lewel-method.md §4.4): d = (g + wd·w)·trust·lr, the lr
/// inside the buffer; buf = m·buf + d; w ← w − buf. ε guards the 0/0 the official code leaves open.</item>
/// </list></summary>
public sealed class Lars : OptimizerHelper
{
    private readonly Dictionary<IntPtr, string> names = [];

    public string Variant { get; }
    public double Epsilon { get; }
    /// <summary>The groups as built, with parameter names (for reports and errors).</summary>
    public IReadOnlyList<ParameterGroup> Groups { get; }

    public Lars(IReadOnlyList<ParameterGroup> groups, double learningRate, double momentum, double eta, bool clipLr,
        string variant = OptimizerIds.SoloLearnLars, double epsilon = 1e-8)
    {
        if (!OptimizerIds.LarsVariants.Contains(variant))
            throw new ArgumentException($"Unknown LARS variant '{variant}': expected one of {string.Join(", ", OptimizerIds.LarsVariants)}.", nameof(variant));
        if (variant == OptimizerIds.LewelLars && clipLr)
            throw new ArgumentException("the lewel LARS variant has no lr clipping", nameof(clipLr));
        if (!(learningRate >= 0)) throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "the learning rate must be ≥ 0");
        if (!(momentum is >= 0 and < 1)) throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "the momentum must lie in [0, 1)");
        if (!(eta > 0)) throw new ArgumentOutOfRangeException(nameof(eta), eta, "the trust coefficient η must be positive");
        Variant = variant;
        Epsilon = epsilon;
        Groups = groups;
        _defaults = new Options
        {
            LearningRate = learningRate, InitialLearningRate = learningRate, momentum = momentum, weight_decay = 0, eta = eta,
            clip_lr = clipLr, lars_adaptation = true, lr_inside_momentum = variant == OptimizerIds.LewelLars,
        };
        _parameter_groups = [];
        foreach (var group in groups)
        {
            foreach (var (name, parameter) in group.Parameters)
                if (!names.TryAdd(parameter.Handle, name))
                    throw new ArgumentException($"'{name}' appears twice in the LARS groups", nameof(groups));
            add_param_group(new ParamGroup(group.Parameters.Select(p => p.Parameter).ToList(), new Options
            {
                weight_decay = group.WeightDecay, lars_adaptation = group.LarsAdaptation,
            }));
        }
    }

    /// <summary>The momentum buffers by parameter name; a parameter has none before its first step.</summary>
    public IReadOnlyDictionary<string, Tensor> MomentumBuffers
    {
        get
        {
            var buffers = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            foreach (var group in _parameter_groups)
                foreach (var parameter in group.Parameters)
                    if (((State)_state[parameter.Handle]).momentum_buffer is { } buffer)
                        buffers[names[parameter.Handle]] = buffer;
            return buffers;
        }
    }

    public override Tensor step(Func<Tensor>? closure = null) => _step<ParamGroup>(group =>
    {
        var options = group.Options;
        var lr = options.LearningRate!.Value;
        var weightDecay = options.weight_decay!.Value;
        foreach (var parameter in group.Parameters)
        {
            var grad = parameter.grad;
            if (grad is null) continue;
            var update = options.lars_adaptation!.Value
                ? AdaptedUpdate(parameter, grad, weightDecay, lr, options)
                : weightDecay == 0 ? grad : grad.add(parameter, alpha: weightDecay);
            var insideMomentum = options.lr_inside_momentum!.Value;
            if (insideMomentum) update = update * lr;
            var buffer = Accumulate((State)_state[parameter.Handle], update, options.momentum!.Value);
            if (insideMomentum) parameter.sub_(buffer);
            else parameter.add_(buffer, alpha: -lr);
        }
    }, closure);

    private Tensor AdaptedUpdate(Parameter weight, Tensor grad, double weightDecay, double lr, Options options)
    {
        var weightNorm = weight.norm();
        var gradNorm = grad.norm();
        var trust = options.eta!.Value * weightNorm / (gradNorm + weightDecay * weightNorm + Epsilon);
        var decayed = weightDecay == 0 ? grad : grad.add(weight, alpha: weightDecay);
        if (options.lr_inside_momentum!.Value)
            return decayed * trust;
        if (options.clip_lr!.Value)
            trust = (trust / lr).clamp_max(1.0);
        // solo-learn leaves a tensor whose weight or gradient norm is zero unscaled and undecayed
        return where(weightNorm.gt(0).logical_and(gradNorm.gt(0)), decayed * trust, grad);
    }

    private static Tensor Accumulate(State state, Tensor update, double momentum)
    {
        if (state.momentum_buffer is { } buffer)
            return buffer.mul_(momentum).add_(update);
        state.momentum_buffer = update.clone().DetachFromDisposeScope();
        return state.momentum_buffer;
    }

    public override void add_param_group(TorchSharp.Modules.ParamGroup param_group)
    {
        var defaults = (Options)_defaults;
        param_group.Options ??= new Options();
        var options = (Options)param_group.Options;
        options.LearningRate ??= defaults.LearningRate;
        options.momentum ??= defaults.momentum;
        options.weight_decay ??= defaults.weight_decay;
        options.eta ??= defaults.eta;
        options.clip_lr ??= defaults.clip_lr;
        options.lars_adaptation ??= defaults.lars_adaptation;
        options.lr_inside_momentum ??= defaults.lr_inside_momentum;
        options.InitialLearningRate = options.LearningRate!.Value;
        _parameter_groups.Add(param_group);
        foreach (var parameter in param_group.Parameters)
        {
            var state = new State(parameter);
            _state[parameter.Handle] = state;
            state.Initialize(options);
        }
    }

    protected override void Dispose(bool disposing)
    {
        foreach (var group in _parameter_groups)
            foreach (var parameter in group.Parameters)
                ((State)_state[parameter.Handle]).Dispose();
        base.Dispose(disposing);
    }

    /// <summary>A group's hyper-parameters (PyTorch-style names, like TorchSharp's own options); saved with the state
    /// so a checkpoint restores them.</summary>
    public sealed class Options : OptimizerOptions
    {
        public double? momentum;
        public double? weight_decay;
        public double? eta;
        public bool? clip_lr;
        public bool? lars_adaptation;
        public bool? lr_inside_momentum;

        public override void SaveStateDict(BinaryWriter writer)
        {
            base.SaveStateDict(writer);
            writer.Write(momentum!.Value);
            writer.Write(weight_decay!.Value);
            writer.Write(eta!.Value);
            writer.Write(clip_lr!.Value);
            writer.Write(lars_adaptation!.Value);
            writer.Write(lr_inside_momentum!.Value);
        }

        public override void LoadStateDict(BinaryReader reader)
        {
            base.LoadStateDict(reader);
            momentum = reader.ReadDouble();
            weight_decay = reader.ReadDouble();
            eta = reader.ReadDouble();
            clip_lr = reader.ReadBoolean();
            lars_adaptation = reader.ReadBoolean();
            lr_inside_momentum = reader.ReadBoolean();
        }

        public override void LoadStateDict(OptimizerOptions source)
        {
            base.LoadStateDict(source);
            var other = (Options)source;
            (momentum, weight_decay, eta, clip_lr, lars_adaptation, lr_inside_momentum) =
                (other.momentum, other.weight_decay, other.eta, other.clip_lr, other.lars_adaptation, other.lr_inside_momentum);
        }
    }

    /// <summary>One parameter's momentum buffer (none before its first step).</summary>
    public sealed class State(Parameter parameter) : OptimizerState(parameter), IDisposable
    {
        public Tensor? momentum_buffer;

        public override void Initialize(OptimizerOptions options) => momentum_buffer = null;

        public override void SaveStateDict(BinaryWriter writer) => SaveConditionalStateTensor(writer, momentum_buffer);

        public override void LoadStateDict(BinaryReader reader)
        {
            Tensor? loaded = null;
            LoadConditionalStateTensor(reader, ref loaded, _parameter.device);
            if (loaded is not null && !loaded.shape.SequenceEqual(_parameter.shape))
            {
                var shape = string.Join(", ", loaded.shape);
                loaded.Dispose();
                throw new InvalidDataException($"a saved LARS momentum buffer has shape [{shape}] but its parameter has [{string.Join(", ", _parameter.shape)}]");
            }
            momentum_buffer?.Dispose();
            momentum_buffer = loaded?.DetachFromDisposeScope();
        }

        public override void LoadStateDict(OptimizerState source)
        {
            momentum_buffer?.Dispose();
            momentum_buffer = ((State)source).momentum_buffer?.clone().DetachFromDisposeScope();
        }

        public override bool ApproximatelyEquals(OptimizerState other) =>
            other is State state && (momentum_buffer is null ? state.momentum_buffer is null : state.momentum_buffer is not null && momentum_buffer.allclose(state.momentum_buffer));

        public override void to(Device device)
        {
            if (momentum_buffer is null) return;
            var moved = momentum_buffer.to(device).DetachFromDisposeScope();
            if (!ReferenceEquals(moved, momentum_buffer)) momentum_buffer.Dispose();
            momentum_buffer = moved;
        }

        public void Dispose()
        {
            momentum_buffer?.Dispose();
            momentum_buffer = null;
        }
    }

    public sealed class ParamGroup(IEnumerable<Parameter> parameters, Options options) : ParamGroup<Options>(parameters, options);
}
