using Lewel.Engine.Config;
using Lewel.Engine.Methods;

namespace Lewel.Web.Components.Forms;

/// <summary>A method as the launch form offers it: its display name, one line on what it is, and whether its design is
/// verified against released code or reconstructed from the paper (LEWEL_M, lewel-method.md §5).</summary>
public sealed record MethodChoice(string Id, string Title, string Summary, bool Reconstructed)
{
    public static readonly IReadOnlyList<MethodChoice> All =
    [
        new(MethodIds.Byol, "BYOL", "baseline: online predictor, EMA target, normalised MSE", false),
        new(MethodIds.LewelB, "LEWEL_B", "BYOL + alignment maps and aligned embeddings (official code)", false),
        new(MethodIds.MocoV2, "MoCo v2", "official: one direction, one key queue, shuffle-BN as split-batch BN (no LEWEL pair)", false),
        new(MethodIds.MocoV2Plus, "MoCo V2+", "solo-learn: symmetric InfoNCE, one queue per view, no shuffle-BN (LEWEL_M's baseline)", false),
        new(MethodIds.LewelM, "LEWEL_M", "MoCo V2+ + alignment maps and a separate aligned queue", true),
    ];

    public static MethodChoice For(string id) => All.FirstOrDefault(m => m.Id == id) ?? new(id, id, MethodCatalog.Find(id)?.Description ?? "", false);
}
