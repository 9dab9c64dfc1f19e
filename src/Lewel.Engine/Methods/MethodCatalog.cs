using Lewel.Engine.Config;

namespace Lewel.Engine.Methods;

/// <summary>One registered method: its config id, what it is, and how to build it.</summary>
public sealed record MethodEntry(string Id, string Description, Func<RunConfig, IPretrainMethod> Create);

/// <summary>The one place that maps a method id to its class.</summary>
public static class MethodCatalog
{
    public static readonly IReadOnlyList<MethodEntry> All =
    [
        new(MethodIds.Byol, Byol.DescriptionText, config => new Byol(config)),
        new(MethodIds.LewelB, LewelB.DescriptionText, config => new LewelB(config)),
        new(MethodIds.MocoV2, MocoV2.DescriptionText, config => new MocoV2(config)),
        new(MethodIds.MocoV2Plus, MocoV2Plus.DescriptionText, config => new MocoV2Plus(config)),
        new(MethodIds.LewelM, LewelM.DescriptionText, config => new LewelM(config)),
    ];

    public static MethodEntry? Find(string? id) => All.FirstOrDefault(m => m.Id == id);

    public static MethodEntry Get(string id) => Find(id)
        ?? throw new ArgumentException($"Unknown method '{id}': expected one of {string.Join(", ", All.Select(m => m.Id))}.", nameof(id));
}
