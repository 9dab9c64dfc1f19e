using System.Text.Json;
using Lewel.Data.Entities;
using Lewel.Data.Stores;
using Lewel.Engine.Settings;
using Lewel.Web.Runs;

namespace Lewel.Web.Jobs.Workers;

/// <summary>Registers this job host in the store when it starts (machine, process, queues with their slots, devices,
/// GPUs with their memory) and then keeps its heartbeat, a few times per <see cref="JobsOptions.StaleAfterSeconds"/>,
/// so the studio can tell a live worker from a lost one.</summary>
public sealed class WorkerHeartbeatService(
    WorkerStore workers,
    WorkerIdentity identity,
    IGpuInventory inventory,
    LewelSettings settings,
    JobsOptions options,
    TimeProvider time,
    ILogger<WorkerHeartbeatService> logger) : BackgroundService
{
    private readonly DateTime startedAt = time.GetUtcNow().UtcDateTime;

    public TimeSpan Interval => TimeSpan.FromSeconds(Math.Max(1, options.StaleAfterSeconds / 4.0));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var gpus = inventory.Gpus;
        var report = Report(gpus);
        logger.LogInformation("Worker {Worker} serves {Queues}; GPUs: {Gpus}", identity.Name, string.Join(", ", report.Queues),
            gpus.Count == 0 ? "none" : string.Join("; ", gpus.Select(g => $"{g.Index} {g.Name} {g.MemoryMiB} MiB")));
        using var timer = new PeriodicTimer(Interval, time);
        var registered = false;
        do
        {
            try
            {
                var now = time.GetUtcNow().UtcDateTime;
                if (!registered || !await workers.HeartbeatAsync(identity.Name, now, stoppingToken))
                {
                    await workers.ReportAsync(Report(gpus), stoppingToken);
                    registered = true;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "The heartbeat of worker {Worker} could not be stored", identity.Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private WorkerRecord Report(IReadOnlyList<GpuInfo> gpus)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var queues = new List<string>();
        if (settings.Workers.Cpu > 0) queues.Add($"{DevicePlacement.CpuQueue}={settings.Workers.Cpu}");
        if (settings.Workers.Gpu > 0) queues.Add($"{DevicePlacement.GpuQueue}={settings.Workers.Gpu}");
        return new WorkerRecord(identity.Name, Environment.MachineName, Environment.ProcessId, startedAt)
        {
            Queues = queues,
            Devices = ["cpu", .. gpus.Select(g => $"cuda:{g.Index}")],
            GpusJson = JsonSerializer.Serialize(gpus.Select(g => new { index = g.Index, name = g.Name, memoryMiB = g.MemoryMiB })),
            HeartbeatAt = now,
        };
    }
}
