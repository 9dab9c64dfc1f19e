using Microsoft.AspNetCore.Mvc;

namespace Lewel.Web.Security;

/// <summary>Writes <c>application/problem+json</c> answers from middleware (before any endpoint runs).</summary>
internal static class Problems
{
    public static Task WriteAsync(HttpContext context, int status, string title, string detail) =>
        Results.Problem(new ProblemDetails { Status = status, Title = title, Detail = detail }).ExecuteAsync(context);

    public static Task WriteFieldsAsync(HttpContext context, string title, string detail, IDictionary<string, string[]> errors) =>
        Results.ValidationProblem(errors, detail, title: title).ExecuteAsync(context);
}
