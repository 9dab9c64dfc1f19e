using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace Lewel.Web.Security;

/// <summary>Every error answer of the API and the file routes has a problem body: a request the binder cannot read
/// (a wrong type in a typed body, a bad header) gets 400 naming the field; an answer without a body (an unknown route,
/// a refused method) gets its status's problem; an unexpected exception gets a 500 problem that reveals nothing of
/// the server (no stack, no paths).</summary>
public static class ApiProblems
{
    private static readonly string[] Prefixes = [StrictJsonBodies.ApiPrefix, "/files"];

    public static IServiceCollection AddLewelApiProblems(this IServiceCollection services)
    {
        services.AddProblemDetails();
        services.AddExceptionHandler<BadRequestHandler>();
        // Binding failures throw (to the handler above) instead of answering an empty 400.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return services;
    }

    public static IApplicationBuilder UseLewelApiProblems(this IApplicationBuilder app) =>
        app.UseWhen(c => Prefixes.Any(p => c.Request.Path.StartsWithSegments(p)), branch =>
        {
            branch.UseExceptionHandler();
            branch.UseStatusCodePages();
        });

    /// <summary>Turns <see cref="BadHttpRequestException"/> (the binder's refusals) into 400 problems naming the JSON
    /// path the binder stopped at.</summary>
    private sealed class BadRequestHandler(IProblemDetailsService problems) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
        {
            if (exception is not BadHttpRequestException bad) return false;
            context.Response.StatusCode = bad.StatusCode;
            var field = exception.InnerException is JsonException { Path: { Length: > 0 } path } ? path.TrimStart('$', '.') : "$";
            var reason = exception.InnerException is JsonException json ? FirstLine(json.Message) : FirstLine(bad.Message);
            var details = new Microsoft.AspNetCore.Mvc.ValidationProblemDetails(new Dictionary<string, string[]> { [field.Length == 0 ? "$" : field] = [reason] })
            {
                Status = bad.StatusCode,
                Title = "The request could not be read.",
                Detail = FirstLine(bad.Message),
            };
            return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = details, Exception = exception });
        }

        private static string FirstLine(string text)
        {
            var cut = text.IndexOf(" Path:", StringComparison.Ordinal);
            return (cut > 0 ? text[..cut] : text).Split('\n')[0].Trim();
        }
    }
}
