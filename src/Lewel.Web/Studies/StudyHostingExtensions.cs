using Lewel.Web.Apis;

namespace Lewel.Web.Studies;

/// <summary>The studies: their service, the scheduler that queues their evaluations, and their API.</summary>
public static class StudyHostingExtensions
{
    public static IServiceCollection AddStudies(this IServiceCollection services)
    {
        services.AddSingleton<StudyService>();
        services.AddHostedService<StudyEvaluationScheduler>();
        return services;
    }

    public static IEndpointRouteBuilder MapStudies(this IEndpointRouteBuilder endpoints) => endpoints.MapStudiesApi();
}
