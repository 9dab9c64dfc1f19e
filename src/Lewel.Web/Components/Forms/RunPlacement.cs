using System.Text.Json.Nodes;

namespace Lewel.Web.Components.Forms;

/// <summary>Where a launched run may execute: a given worker (by its id, null: any worker of its queue), a given GPU
/// (null: a free one) and whether it may share that GPU with another run.</summary>
public sealed record RunPlacement(string? Worker = null, int? Gpu = null, bool ShareGpu = false)
{
    public static readonly RunPlacement Anywhere = new();

    /// <summary>Adds the launch fields (<c>worker</c>, <c>gpu</c>, <c>shareGpu</c>) that differ from "anywhere".</summary>
    public void WriteTo(JsonObject body)
    {
        if (Worker is { } worker) body["worker"] = worker;
        if (Gpu is { } gpu) body["gpu"] = gpu;
        if (ShareGpu) body["shareGpu"] = true;
    }
}
