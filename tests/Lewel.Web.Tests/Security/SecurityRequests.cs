using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Lewel.Web.Tests.TestSupport;

namespace Lewel.Web.Tests.Security;

/// <summary>Requests with the headers a hostile page or client would send, and checks of the problem bodies.</summary>
internal static class SecurityRequests
{
    public const string ForeignOrigin = "http://evil.example";

    public static HttpRequestMessage Json(HttpMethod method, string url, object? body = null, string? origin = null, string? referer = null)
    {
        var request = new HttpRequestMessage(method, url);
        if (body is not null) request.Content = JsonContent.Create(body, options: LewelHost.Json);
        if (origin is not null) request.Headers.TryAddWithoutValidation("Origin", origin);
        if (referer is not null) request.Headers.TryAddWithoutValidation("Referer", referer);
        return request;
    }

    public static HttpRequestMessage RawJson(string url, string json, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        return request;
    }

    /// <summary>Asserts the status and an <c>application/problem+json</c> body; returns the body.</summary>
    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        // Endpoints answer 404 and 409 with a ProblemDetails object typed application/json; every other refusal is
        // written as application/problem+json.
        string[] mediaTypes = expected is HttpStatusCode.NotFound or HttpStatusCode.Conflict or HttpStatusCode.UnprocessableEntity
            ? ["application/problem+json", "application/json"]
            : ["application/problem+json"];
        Assert.Contains(response.Content.Headers.ContentType?.MediaType, mediaTypes);
        var problem = JsonDocument.Parse(text).RootElement.Clone();
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        return problem;
    }

    /// <summary>The messages of a 400 problem body for <paramref name="field"/>, failing with the body when absent.</summary>
    public static string[] ErrorsFor(JsonElement problem, string field)
    {
        var messages = problem.TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out var found) ? found : default;
        Assert.True(messages.ValueKind == JsonValueKind.Array, $"no error for '{field}' in {problem}");
        return [.. messages.EnumerateArray().Select(m => m.GetString()!)];
    }
}
