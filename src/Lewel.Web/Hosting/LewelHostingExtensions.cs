using System.Text.Json;
using System.Text.Json.Serialization;
using Lewel.Data;
using Lewel.Engine.Settings;
using Lewel.Web.Apis;
using Lewel.Web.Auth;
using Lewel.Web.Components;
using Lewel.Web.Hubs;
using Lewel.Web.Jobs;
using Lewel.Web.Runs;
using Lewel.Web.Runs.CrossProcess;
using Lewel.Web.Security;
using Lewel.Web.Studies;
using MudBlazor.Services;

namespace Lewel.Web.Hosting;

/// <summary>Composition root: wires engine, store, jobs, streaming, API and UI. Building the host has no side effects
/// (no folders, no database, no torch); <see cref="StoreInitializer"/> prepares the data directory when it starts.</summary>
public static class LewelHostingExtensions
{
    public static WebApplicationBuilder AddLewel(this WebApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection(LewelSettings.SectionName).Get<LewelSettings>() ?? new LewelSettings();
        var jobsOptions = builder.Configuration.GetSection(JobsOptions.SectionName).Get<JobsOptions>() ?? new JobsOptions();
        var dataDirectory = new DataDirectory(settings.ResolvedDataDir);
        var store = StoreSettings.FromConfiguration(builder.Configuration);
        var services = builder.Services;
        services.AddSingleton(settings);
        builder.AddLewelHardening();

        services.AddLewelData(dataDirectory, store);
        services.AddHostedService<StoreInitializer>(); // before the job servers: migrations first
        builder.AddLewelAuth(dataDirectory.Root); // its startup check needs the migrated store
        services.AddRunServices();
        services.AddRunViews();
        services.AddStudies();
        services.AddRunJobs(settings, jobsOptions, dataDirectory, store);
        services.AddCrossProcessRunUpdates(store, runsJobs: settings.Workers.Cpu + settings.Workers.Gpu > 0, listen: true);
        services.AddSignalR().AddJsonProtocol(o => ConfigureJson(o.PayloadSerializerOptions));
        services.AddHostedService<RunsHubForwarder>();
        services.ConfigureHttpJsonOptions(o => ConfigureJson(o.SerializerOptions));
        services.AddOpenApi();

        // Serve package assets (MudBlazor's _content) from the build output in every environment, not only Development;
        // a published app has them in its wwwroot and this is then a no-op.
        builder.WebHost.UseStaticWebAssets();
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        return builder;
    }

    public static WebApplication UseLewel(this WebApplication app)
    {
        app.UseLewelHardening();
        app.UseLewelAuth();
        app.UseAntiforgery();
        // Anonymous (for probes); with sign-in on it does not tell strangers where the data lives.
        app.MapGet("/healthz", (LewelSettings s, AuthMode auth) => auth.Enabled
            ? Results.Ok(new { status = "ok" })
            : Results.Ok(new { status = "ok", dataDir = s.ResolvedDataDir })).ExcludeFromDescription();
        app.MapRunsApi();
        app.MapMetricsApi();
        app.MapArtifactsApi();
        app.MapForksApi();
        app.MapStudies();
        app.MapWorkersApi();
        app.MapQueueApi();
        app.MapOpenApi().RequireAuthorization(LewelPolicies.Viewer);
        app.MapGet("/openapi", () => Results.Content(OpenApiIndex, "text/html")).ExcludeFromDescription().RequireAuthorization(LewelPolicies.Viewer);
        app.MapAccountEndpoints();
        app.MapHub<RunsHub>(RunsHub.Path);
        app.MapJobsDashboard();
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }

    internal static IServiceCollection AddRunServices(this IServiceCollection services)
    {
        services.AddSingleton<DevicePlacer>();
        services.AddSingleton<RunConfigResolver>();
        services.AddSingleton<RunNotifier>();
        services.AddSingleton<RunCancellationRegistry>();
        services.AddSingleton<CodeVersion>();
        services.AddSingleton<RunService>();
        services.AddSingleton<Workers.WorkerDirectory>();
        services.AddSingleton<RunForkService>();
        return services;
    }

    private static void ConfigureJson(JsonSerializerOptions options)
    {
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals;
    }

    private const string OpenApiIndex = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>Lewel API</title></head>
        <body><h1>Lewel API</h1>
        <p>The OpenAPI description of the REST API: <a href="/openapi/v1.json">/openapi/v1.json</a>.</p>
        <p>Live updates: SignalR hub at <code>/hubs/runs</code>. Jobs: <a href="/hangfire">/hangfire</a> (local requests only; admins only when sign-in is on).</p>
        </body></html>
        """;
}
