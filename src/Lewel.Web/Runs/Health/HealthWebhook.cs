using System.Collections.Concurrent;
using System.Net.Http.Json;
using Lewel.Data;
using Lewel.Data.Stores;
using Microsoft.Extensions.Options;

namespace Lewel.Web.Runs.Health;

/// <summary>Watches every run's metric batches and, when a <see cref="HealthRules"/> rule fires, posts it to
/// <c>Lewel:Health:WebhookUrl</c> and to the run's own webhook (<see cref="RunHealthWebhook"/>, given at launch): a
/// generic JSON POST (<c>{ runId, name, rule, step, message, time }</c>), once per run and rule. A failing webhook is
/// logged and never touches the run.</summary>
public sealed class HealthWebhook(RunNotifier notifier, IHttpClientFactory clients, IOptions<HealthWebhookOptions> options,
    RunStore runStore, DataDirectory dataDirectory, ILogger<HealthWebhook> logger) : IHostedService
{
    public const string HttpClientName = "health-webhook";
    private readonly ConcurrentDictionary<long, RunHealth> runs = new();
    private readonly ConcurrentDictionary<(long, string), bool> posted = new();
    private IDisposable? subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Problem is { } problem) throw new InvalidOperationException(problem);
        // Always watching: any run may have been launched with a webhook of its own.
        subscription = notifier.SubscribeAll(OnUpdateAsync);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        subscription?.Dispose();
        return Task.CompletedTask;
    }

    private async Task OnUpdateAsync(RunUpdate update)
    {
        if (update is RunDeleted)
        {
            runs.TryRemove(update.RunId, out _);
            return;
        }
        if (update is not MetricsAppended batch) return;
        var health = runs.GetOrAdd(batch.RunId, _ => new RunHealth());
        if (batch.TotalSteps > 0) health.TotalSteps = batch.TotalSteps;
        foreach (var p in batch.Points) health.Latest[p.Name] = (p.Value, p.Step);
        foreach (var alert in HealthRules.Evaluate(health.Latest, health.TotalSteps))
        {
            if (!posted.TryAdd((batch.RunId, alert.Rule), true)) continue;
            var targets = new List<string>();
            if (!string.IsNullOrWhiteSpace(options.Value.WebhookUrl)) targets.Add(options.Value.WebhookUrl);
            if (await RunHealthWebhook.FindAsync(dataDirectory, batch.RunId) is { } own && !targets.Contains(own, StringComparer.Ordinal)) targets.Add(own);
            if (targets.Count == 0) continue;
            var name = (await runStore.FindAsync(batch.RunId))?.Name;
            var payload = new { runId = batch.RunId, name, rule = alert.Rule, step = alert.Step, message = alert.Message, time = DateTime.UtcNow };
            await Task.WhenAll(targets.Select(url => PostAsync(url, batch.RunId, alert, payload)));
        }
    }

    private async Task PostAsync(string url, long runId, HealthAlert alert, object payload)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            using var response = await clients.CreateClient(HttpClientName).PostAsJsonAsync(url, payload, timeout.Token);
            if (!response.IsSuccessStatusCode)
                logger.LogWarning("The health webhook at {Host} answered {Status} for rule {Rule} of run {RunId}", HostOf(url), (int)response.StatusCode, alert.Rule, runId);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            logger.LogWarning(e, "The health webhook at {Host} could not be reached for rule {Rule} of run {RunId}", HostOf(url), alert.Rule, runId);
        }
    }

    // Webhook URLs often carry a secret in their path: the logs name only the host.
    private static string HostOf(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.Host : "?";

    private sealed class RunHealth
    {
        public Dictionary<string, (double Value, int Step)> Latest { get; } = new(StringComparer.Ordinal);
        public int TotalSteps { get; set; }
    }
}
