namespace Lewel.Web.Runs;

/// <summary>Registers the read-side helpers the pages use on top of the store: chart series, table metrics, cost
/// estimates, image inspection and embedding projections.</summary>
public static class RunViewServices
{
    public static IServiceCollection AddRunViews(this IServiceCollection services)
    {
        services.AddSingleton<RunSeriesReader>();
        services.AddSingleton<RunTableMetrics>();
        services.AddSingleton<RunCostEstimator>();
        services.AddSingleton<ImageInspectionService>();
        services.AddSingleton<EmbeddingSnapshots>();
        return services;
    }
}
