namespace Lewel.Engine.Config;

/// <summary>What one method is, as everything outside its class needs to know it: the launch form (title, summary,
/// whether its design is reconstructed), the validator and the memory estimate (which heads it has), studies and
/// paired launches (its pair).</summary>
/// <param name="Reconstructed">Its design is reconstructed from the paper, not verified against released code
/// (LEWEL_M, lewel-method.md §5).</param>
/// <param name="AlignmentMaps">A LEWEL variant: alignment maps and aligned embeddings, a second projector row, and the
/// localisation score applies.</param>
/// <param name="Predictor">The BYOL family: an online predictor after the projector.</param>
/// <param name="KeyQueue">The MoCo family: a queue of keys for InfoNCE.</param>
/// <param name="PairedWith">The method on the other side of its like-with-like pair (baseline ↔ LEWEL variant).</param>
/// <param name="NoPairReason">Why it has no pair, when <paramref name="PairedWith"/> is null.</param>
public sealed record MethodTraits(string Id, string Title, string Summary, bool Reconstructed, bool AlignmentMaps,
    bool Predictor, bool KeyQueue, string? PairedWith, string? NoPairReason = null)
{
    /// <summary>The baseline of a pair: the member without alignment maps.</summary>
    public bool IsPairBaseline => PairedWith is not null && !AlignmentMaps;
}

/// <summary>The one place the methods' traits are written down.</summary>
public static class MethodTraitsCatalog
{
    public static readonly IReadOnlyList<MethodTraits> All =
    [
        new(MethodIds.Byol, "BYOL", "baseline: online predictor, EMA target, normalised MSE",
            Reconstructed: false, AlignmentMaps: false, Predictor: true, KeyQueue: false, PairedWith: MethodIds.LewelB),
        new(MethodIds.LewelB, "LEWEL_B", "BYOL + alignment maps and aligned embeddings (official code)",
            Reconstructed: false, AlignmentMaps: true, Predictor: true, KeyQueue: false, PairedWith: MethodIds.Byol),
        new(MethodIds.MocoV2, "MoCo v2", "official: one direction, one key queue, shuffle-BN as split-batch BN (no LEWEL pair)",
            Reconstructed: false, AlignmentMaps: false, Predictor: false, KeyQueue: true, PairedWith: null,
            NoPairReason: "official MoCo v2 (mocov2: one direction, shuffle-BN) has no LEWEL variant: LEWEL_M is built on " +
                          "MoCo V2+ (symmetric, no shuffle-BN), so pair mocov2plus with lewel-m, or launch mocov2 on its own"),
        new(MethodIds.MocoV2Plus, "MoCo V2+", "solo-learn: symmetric InfoNCE, one queue per view, no shuffle-BN (LEWEL_M's baseline)",
            Reconstructed: false, AlignmentMaps: false, Predictor: false, KeyQueue: true, PairedWith: MethodIds.LewelM),
        new(MethodIds.LewelM, "LEWEL_M", "MoCo V2+ + alignment maps and a separate aligned queue",
            Reconstructed: true, AlignmentMaps: true, Predictor: false, KeyQueue: true, PairedWith: MethodIds.MocoV2Plus),
    ];

    public static MethodTraits? Find(string? id) => All.FirstOrDefault(m => m.Id == id);

    /// <summary>The traits of <paramref name="id"/>; an unknown id gets a neutral entry titled with the id itself, so a
    /// stored run of a method that no longer exists still displays.</summary>
    public static MethodTraits For(string id) => Find(id) ?? new(id, id, "", false, false, false, false, null, $"'{id}' has no paired method");
}
