namespace Lewel.Web.Runs.Health;

/// <summary><c>Lewel:Health</c>: where a fired health rule is posted. Empty: no webhook.</summary>
public sealed class HealthWebhookOptions
{
    public const string Section = "Lewel:Health";

    /// <summary>An http(s) URL that receives a JSON POST for each rule that fires for a run (once per run and rule).</summary>
    public string? WebhookUrl { get; set; }

    /// <summary>The problem with <see cref="WebhookUrl"/>, naming the setting; null when it is empty or usable.</summary>
    public string? Problem => string.IsNullOrWhiteSpace(WebhookUrl) ? null
        : Uri.TryCreate(WebhookUrl, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? null
        : $"{Section}:WebhookUrl must be an absolute http or https URL, got '{WebhookUrl}'";
}
