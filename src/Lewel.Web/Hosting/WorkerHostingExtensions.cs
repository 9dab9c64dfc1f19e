using Lewel.Data;
using Lewel.Engine.Settings;
using Lewel.Web.Jobs;
using Lewel.Web.Jobs.Workers;
using Lewel.Web.Runs.CrossProcess;

namespace Lewel.Web.Hosting;

/// <summary>The composition of a worker host (<c>src/Lewel.Worker</c>): the store, the job servers for its queues, the
/// same job classes and process supervisor as the studio, recovery of lost runs, and its registration with heartbeat.
/// No UI, API or hub. A worker shares the store and the job queue with the studio and the other workers, so it
/// needs PostgreSQL.</summary>
public static class WorkerHostingExtensions
{
    public static IHostApplicationBuilder AddLewelWorker(this IHostApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection(LewelSettings.SectionName).Get<LewelSettings>() ?? new LewelSettings();
        var jobsOptions = builder.Configuration.GetSection(JobsOptions.SectionName).Get<JobsOptions>() ?? new JobsOptions();
        var store = StoreSettings.FromConfiguration(builder.Configuration);
        if (!store.IsPostgres)
            throw new InvalidOperationException("Lewel:Store:Provider: a worker host shares the store and the job queue with the studio, " +
                "so it needs 'postgres' (and ConnectionStrings:Lewel); SQLite is the studio's embedded store.");
        if (settings.Workers.Cpu + settings.Workers.Gpu == 0)
            throw new InvalidOperationException("Lewel:Workers:Cpu and :Gpu are both 0: this worker would run nothing.");
        var dataDirectory = new DataDirectory(settings.ResolvedDataDir);
        var services = builder.Services;
        services.AddSingleton(settings);
        services.AddLewelData(dataDirectory, store);
        services.AddHostedService<StoreInitializer>(); // before the job servers: migrations first
        services.AddSingleton(WorkerIdentity.ForWorkerHost(builder.Configuration[WorkerIdentity.NameSetting]));
        services.AddRunServices();
        services.AddRunJobs(settings, jobsOptions, dataDirectory, store);
        services.AddCrossProcessRunUpdates(store, runsJobs: true, listen: false);
        return builder;
    }
}
