using Hangfire;
using Hangfire.Dashboard;
using Lewel.Data;
using Lewel.Engine.Settings;
using Lewel.Web.Auth;
using Lewel.Web.Jobs;
using Lewel.Web.Jobs.Processes;
using Lewel.Web.Jobs.Workers;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Lewel.Web.Runs;

namespace Lewel.Web.Hosting;

/// <summary>Runs as durable jobs: Hangfire on <c>{DataDir}/jobs.db</c> (or on the PostgreSQL store's database), one server per queue (cpu, gpu) sized by
/// <c>Lewel:Workers</c>, the job classes, recovery of lost runs, and the dashboard at <c>/hangfire</c>.</summary>
internal static class JobsHostingExtensions
{
    public const string DashboardPath = "/hangfire";

    public static IServiceCollection AddRunJobs(this IServiceCollection services, LewelSettings settings, JobsOptions jobsOptions,
        DataDirectory dataDirectory, StoreSettings store)
    {
        if (settings.QueuePollIntervalMs < 50)
            throw new InvalidOperationException($"Lewel:QueuePollIntervalMs must be at least 50 (got {settings.QueuePollIntervalMs}).");
        if (settings.Workers.Cpu < 0 || settings.Workers.Gpu < 0)
            throw new InvalidOperationException($"Lewel:Workers:Cpu and :Gpu must be 0 or more (got {settings.Workers.Cpu}, {settings.Workers.Gpu}).");
        jobsOptions.Validate();
        services.AddSingleton(jobsOptions);
        services.AddSingleton(new RecorderOptions(TimeSpan.FromMilliseconds(jobsOptions.FlushIntervalMs)));
        services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(jobsOptions.ShutdownTimeoutSeconds + 10));

        // This host's own storage and activator, registered before AddHangfire so that its defaults (the process-wide
        // JobStorage.Current / JobActivator.Current) are never used: two hosts in one process stay apart.
        services.AddSingleton<JobStorage>(sp =>
        {
            // Hangfire's logging is process-wide: point it at this host's loggers before the storage logs anything.
            sp.GetRequiredService<IGlobalConfiguration>();
            return JobStorageFactory.Create(store, dataDirectory, TimeSpan.FromMilliseconds(settings.QueuePollIntervalMs));
        });
        services.AddSingleton<JobActivator, ScopedJobActivator>();
        services.AddHangfire(c => c.SetDataCompatibilityLevel(CompatibilityLevel.Version_180).UseSimpleAssemblyNameTypeSerializer());
        AddServer(services, DevicePlacement.CpuQueue, settings.Workers.Cpu, jobsOptions);
        AddServer(services, DevicePlacement.GpuQueue, settings.Workers.Gpu, jobsOptions);

        services.AddSingleton<RunJobQueue>();
        services.AddSingleton<RunQueueOrder>();
        services.AddSingleton<RunProcessRegistry>();
        services.AddSingleton<JobSupervisor>();
        services.AddSingleton<RunExecution>();
        services.AddSingleton<ArtifactPaths>();
        services.AddTransient<PretrainJob>();
        services.AddTransient<EvaluateJob>();
        services.AddSingleton<RunRecoveryService>();
        services.AddHostedService(sp => sp.GetRequiredService<RunRecoveryService>());
        services.TryAddSingleton(WorkerIdentity.ForStudio());
        services.TryAddSingleton<IGpuInventory, NvidiaSmiGpuInventory>();
        services.AddSingleton<GpuAllocator>();
        // A host that runs jobs registers itself; one that only serves the studio (Workers 0/0) does not.
        if (settings.Workers.Cpu + settings.Workers.Gpu > 0) services.AddHostedService<WorkerHeartbeatService>();
        return services;
    }

    public static IEndpointRouteBuilder MapJobsDashboard(this IEndpointRouteBuilder endpoints)
    {
        var storage = endpoints.ServiceProvider.GetRequiredService<JobStorage>();
        var auth = endpoints.ServiceProvider.GetRequiredService<AuthMode>();
        var dashboard = endpoints.MapHangfireDashboard(DashboardPath, new DashboardOptions
        {
            DashboardTitle = "Lewel jobs",
            AppPath = "/runs",
            // Without sign-in: local requests only. With sign-in: admins only, even from localhost.
            Authorization = auth.Enabled ? [new AdminDashboardAuthorizationFilter()] : [new LocalRequestsOnlyAuthorizationFilter()],
        }, storage);
        if (auth.Enabled) dashboard.RequireAuthorization(LewelPolicies.Admin);
        return endpoints;
    }

    private static void AddServer(IServiceCollection services, string queue, int workers, JobsOptions jobsOptions)
    {
        if (workers == 0) return;
        services.AddHangfireServer((provider, options) =>
        {
            options.ServerName = $"{Environment.MachineName}:{queue}"; // Hangfire appends the process id and a unique suffix
            // The shared queues of each level and this host's own (runs that asked for it by name).
            options.Queues = PriorityQueues.ServedFor(queue, provider.GetRequiredService<WorkerIdentity>().Name);
            options.WorkerCount = workers;
            options.ShutdownTimeout = TimeSpan.FromSeconds(jobsOptions.ShutdownTimeoutSeconds);
        });
    }
}
