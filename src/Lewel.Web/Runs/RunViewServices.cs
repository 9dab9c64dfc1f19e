namespace Lewel.Web.Runs;

/// <summary>Registers the read-side helpers the pages use on top of the store: chart series, table metrics, cost
/// estimates, image inspection and embedding projections; and the health webhook.</summary>
public static class RunViewServices
{
    public static IServiceCollection AddRunViews(this IServiceCollection services)
    {
        services.AddOptions<Health.HealthWebhookOptions>().BindConfiguration(Health.HealthWebhookOptions.Section);
        services.AddHttpClient(Health.HealthWebhook.HttpClientName);
        services.AddHostedService<Health.HealthWebhook>();
        services.AddSingleton<RunSeriesReader>();
        services.AddSingleton<RunChartReader>();
        services.AddSingleton<Components.Pages.Runs.RunChartHistory>();
        services.AddSingleton<RunTableMetrics>();
        services.AddSingleton<RunCostEstimator>();
        services.AddSingleton<ImageInspectionService>();
        services.AddSingleton<EmbeddingSnapshots>();
        return services;
    }
}
