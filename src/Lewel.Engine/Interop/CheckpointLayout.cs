namespace Lewel.Engine.Interop;

/// <summary>Where a checkpoint keeps the online backbone and the LEWEL neck. Key prefixes are applied
/// after a leading <c>module.</c> (DistributedDataParallel) has been removed.</summary>
public sealed record CheckpointLayout(string Name, string BackbonePrefix, string? NeckPrefix)
{
    /// <summary>This engine's checkpoints: the method's root module with <c>online.backbone.*</c>, <c>online.neck.*</c>.</summary>
    public static readonly CheckpointLayout Engine = new("lewel engine", "online.backbone.", "online.neck.");
    /// <summary>The official LEWEL PyTorch code (models/lewel.py): <c>online_net.backbone.*</c>, <c>online_net.neck.proj.mlp.*</c>,
    /// <c>online_net.neck.proj_obj.mlp.*</c>, <c>predictor.*</c>, <c>predictor_obj.*</c>, <c>target_net.*</c>.</summary>
    public static readonly CheckpointLayout OfficialLewel = new("official LEWEL", "online_net.backbone.", "online_net.neck.");
    /// <summary>A MoCo-style checkpoint (<c>encoder_q.backbone.*</c>), which the official backbone extraction also accepts.</summary>
    public static readonly CheckpointLayout MocoEncoder = new("MoCo encoder_q", "encoder_q.backbone.", "encoder_q.neck.");
    /// <summary>An encoder on its own: <c>backbone.*</c> and <c>neck.*</c>.</summary>
    public static readonly CheckpointLayout Encoder = new("encoder", "backbone.", "neck.");
    /// <summary>A bare torchvision ResNet (<c>conv1.weight</c>, <c>layer1.*</c>; <c>fc.*</c> ignored), e.g. from <c>lewel export</c>.</summary>
    public static readonly CheckpointLayout Torchvision = new("torchvision backbone", "", null);

    public static readonly IReadOnlyList<CheckpointLayout> All = [Engine, OfficialLewel, MocoEncoder, Encoder, Torchvision];

    /// <summary>The layout whose backbone stem (<c>{prefix}conv1.weight</c>) is present, or null.</summary>
    public static CheckpointLayout? Detect(IEnumerable<string> keys)
    {
        var set = keys.ToHashSet(StringComparer.Ordinal);
        return All.FirstOrDefault(l => set.Contains(l.BackbonePrefix + "conv1.weight"));
    }
}
