using Lewel.Engine.Config;

namespace Lewel.Web.Components.Forms;

/// <summary>What the new-run form submits: the full configuration and the run-level fields around it
/// (<see cref="HealthWebhookUrl"/>: where the run's fired health rules are posted, besides the global webhook).</summary>
public sealed record RunLaunch(RunConfig Config, IReadOnlyList<string> Tags, string? Notes, bool Paired, string? HealthWebhookUrl = null);
