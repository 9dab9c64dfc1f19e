using System.Collections.Concurrent;
using System.Net.Http.Json;
using Microsoft.Extensions.Options;

namespace Lewel.Web.Runs.Health;

/// <summary>Watches every run's metric batches and, when a <see cref="HealthRules"/> rule fires, posts it to
/// <c>Lewel:Health:WebhookUrl</c>: a generic JSON POST (<c>{ runId, rule, step, message, time }</c>), once per run and
/// rule. A failing webhook is logged and never touches the run.</summary>
public sealed class HealthWebhook(RunNotifier notifier, IHttpClientFactory clients, IOptions<HealthWebhookOptions> options,
    ILogger<HealthWebhook> logger) : IHostedService
{
    public const string HttpClientName = "health-webhook";
    private readonly ConcurrentDictionary<long, RunHealth> runs = new();
    private readonly ConcurrentDictionary<(long, string), bool> posted = new();
    private IDisposable? subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Problem is { } problem) throw new InvalidOperationException(problem);
        if (string.IsNullOrWhiteSpace(options.Value.WebhookUrl)) return Task.CompletedTask;
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
            await PostAsync(batch.RunId, alert);
        }
    }

    private async Task PostAsync(long runId, HealthAlert alert)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            using var response = await clients.CreateClient(HttpClientName).PostAsJsonAsync(options.Value.WebhookUrl,
                new { runId, rule = alert.Rule, step = alert.Step, message = alert.Message, time = DateTime.UtcNow }, timeout.Token);
            if (!response.IsSuccessStatusCode)
                logger.LogWarning("The health webhook answered {Status} for rule {Rule} of run {RunId}", (int)response.StatusCode, alert.Rule, runId);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            logger.LogWarning(e, "The health webhook could not be reached for rule {Rule} of run {RunId}", alert.Rule, runId);
        }
    }

    private sealed class RunHealth
    {
        public Dictionary<string, (double Value, int Step)> Latest { get; } = new(StringComparer.Ordinal);
        public int TotalSteps { get; set; }
    }
}
