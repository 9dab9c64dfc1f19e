using Lewel.Engine.Methods;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Lewel.Engine.Tests.Training.Fakes;

/// <summary>A miniature LEWEL-like method for loop tests: a two-conv encoder, one projector shared by the pooled
/// vector and the pixels (whose softmaxed outputs are the alignment maps), an EMA target, a predictor and a small key
/// queue kept as a buffer that the loss depends on (so a resume that lost it would show). With
/// <c>withMaps: false</c> it behaves like a baseline: no aligned loss, no maps.</summary>
internal sealed class TinyMethod : IPretrainMethod
{
    public const int Channels = 8;
    public const int MapCount = 8;
    private readonly TinyRoot root;
    private readonly bool withMaps;
    private readonly int? nanAtCall;
    private int calls;
    private Tensor? pendingKeys;

    public TinyMethod(Device device, bool withMaps = true, int? nanAtCall = null)
    {
        root = new TinyRoot();
        root.to(device);
        this.withMaps = withMaps;
        this.nanAtCall = nanAtCall;
    }

    public string Id => withMaps ? "tiny" : "tiny-baseline";
    public string Description => withMaps ? "tiny test method with maps" : "tiny test baseline";
    public int NumHeads => withMaps ? 2 : 0;
    public nn.Module Root => root;

    public IReadOnlyList<(string Name, Parameter Parameter)> TrainableParameters() =>
        root.named_parameters().Where(p => !p.name.StartsWith("target.", StringComparison.Ordinal)).ToList();

    public void Train()
    {
        root.online.train();
        root.predictor.train();
        root.target.train();
    }

    public LossTerms Loss(Tensor view1, Tensor view2)
    {
        var (g1, a1, m1) = root.online.Heads(root.online.call(view1));
        var (g2, a2, _) = root.online.Heads(root.online.call(view2));
        Tensor tg1, ta1, tg2, ta2;
        using (no_grad())
        {
            (tg1, ta1, _) = root.target.Heads(root.target.call(view1));
            (tg2, ta2, _) = root.target.Heads(root.target.call(view2));
        }
        var p1 = root.predictor.call(g1);
        var p2 = root.predictor.call(g2);
        var keys = nn.functional.normalize(root.queue, dim: 1);
        var queueTerm = (nn.functional.normalize(p1, dim: 1).matmul(keys.t()) / 0.5).logsumexp(1).mean() * 0.1;
        var global = Distance(p1, tg2) + Distance(p2, tg1) + queueTerm;
        var aligned = withMaps ? Distance(a1, ta2) + Distance(a2, ta1) : null;
        var total = aligned is null ? global : 0.5 * global + 0.5 * aligned;
        if (++calls == nanAtCall)
        {
            total = total * double.NaN;
            global = global * double.NaN;
        }
        pendingKeys = nn.functional.normalize(tg2, dim: 1).mean([0], keepdim: true).detach();
        return new LossTerms(total, global.detach(), aligned?.detach(), g1.detach(), withMaps ? m1.detach() : null);
    }

    public void AfterOptimizerStep(double momentum)
    {
        using var guard = no_grad();
        foreach (var (target, online) in root.target.parameters().Zip(root.online.parameters()))
            target.mul_(momentum).add_(online, alpha: 1 - momentum);
        if (pendingKeys is not null)
        {
            var rolled = cat([pendingKeys, root.queue.narrow(0, 0, root.queue.shape[0] - 1)], 0);
            root.queue.copy_(rolled);
        }
    }

    public Tensor Features(Tensor images)
    {
        root.online.eval();
        using var guard = no_grad();
        return root.online.call(images).mean([2, 3]);
    }

    public Tensor? AlignmentMaps(Tensor images)
    {
        if (!withMaps) return null;
        root.online.eval();
        using var guard = no_grad();
        var features = root.online.call(images);
        var (_, _, maps) = root.online.Heads(features);
        return maps.view(maps.shape[0], maps.shape[1], features.shape[2], features.shape[3]);
    }

    public void Dispose() => root.Dispose();

    private static Tensor Distance(Tensor prediction, Tensor target) =>
        (2 - 2 * nn.functional.cosine_similarity(prediction, target, dim: 1)).mean();
}

internal sealed class TinyRoot : nn.Module
{
#pragma warning disable IDE1006 // state-dict names
    public readonly TinyNet online;
    public readonly TinyNet target;
    public readonly Linear predictor;
    public readonly Tensor queue;
#pragma warning restore IDE1006

    public TinyRoot() : base("TinyRoot")
    {
        online = new TinyNet();
        target = new TinyNet();
        predictor = nn.Linear(TinyMethod.MapCount, TinyMethod.MapCount);
        queue = nn.functional.normalize(randn(4, TinyMethod.MapCount), dim: 1);
        target.load_state_dict(online.state_dict());
        foreach (var p in target.parameters()) p.requires_grad = false;
        RegisterComponents();
    }
}

internal sealed class TinyNet : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly Conv2d conv2;
    private readonly BatchNorm2d bn2;
    private readonly Conv1d proj;
    private readonly Linear proj_obj;
#pragma warning restore IDE1006

    public TinyNet() : base("TinyNet")
    {
        // 8-channel convolutions: the engine's CPU rule turns oneDNN off for such a network, and so does this fake.
        Lewel.Engine.Runtime.OneDnn.DisableOnTheCpu($"a test network with {TinyMethod.Channels}-channel convolutions, which oneDNN gets wrong");
        conv1 = nn.Conv2d(3, TinyMethod.Channels, 3, stride: 2, padding: 1);
        bn1 = nn.BatchNorm2d(TinyMethod.Channels);
        conv2 = nn.Conv2d(TinyMethod.Channels, TinyMethod.Channels, 3, stride: 2, padding: 1);
        bn2 = nn.BatchNorm2d(TinyMethod.Channels);
        proj = nn.Conv1d(TinyMethod.Channels, TinyMethod.MapCount, 1);
        proj_obj = nn.Linear(TinyMethod.Channels, TinyMethod.MapCount);
        RegisterComponents();
    }

    /// <summary>(B, 3, H, W) → (B, C, H/4, W/4).</summary>
    public override Tensor forward(Tensor x) =>
        nn.functional.relu(bn2.call(conv2.call(nn.functional.relu(bn1.call(conv1.call(x))))));

    /// <summary>Global embedding (B, K), aligned embedding (B, K) and maps (B, K, P) from the features.</summary>
    public (Tensor Global, Tensor Aligned, Tensor Maps) Heads(Tensor features)
    {
        var flat = features.flatten(2);
        var positions = flat.shape[2];
        var projected = proj.call(cat([flat.mean([2], keepdim: true), flat], 2));
        var global = projected.narrow(2, 0, 1).squeeze(2);
        var maps = nn.functional.normalize(projected.narrow(2, 1, positions), dim: 1).softmax(2);
        var aligned = proj_obj.call(flat.bmm(maps.transpose(1, 2)).mean([2]));
        return (global, aligned, maps);
    }
}
