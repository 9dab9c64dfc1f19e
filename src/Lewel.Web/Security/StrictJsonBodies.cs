using Microsoft.AspNetCore.Http.Features;

namespace Lewel.Web.Security;

/// <summary>Reads every JSON request body under <c>/api</c> before its endpoint does: a body over the route's limit
/// gets 413, one that <see cref="StrictJson"/> refuses gets 400 naming each field; both as problem bodies. The
/// endpoint then reads the same bytes from memory.</summary>
public static class StrictJsonBodies
{
    public const string ApiPrefix = "/api";

    public static IApplicationBuilder UseLewelStrictJsonBodies(this IApplicationBuilder app)
    {
        var limits = app.ApplicationServices.GetRequiredService<BodyLimits>();
        return app.UseWhen(c => c.Request.Path.StartsWithSegments(ApiPrefix) && HasBody(c.Request), branch => branch.Use(async (context, next) =>
        {
            var limit = limits.JsonBytes;
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
                sizeFeature.MaxRequestBodySize = limit;
            if (context.Request.ContentLength > limit)
            {
                await TooLargeAsync(context, limit);
                return;
            }
            var body = await ReadAtMostAsync(context, limit + 1);
            if (body is null) return; // the client went away, or the server's own limit answered
            if (body.Length > limit)
            {
                await TooLargeAsync(context, limit);
                return;
            }
            if (body.Length > 0 && IsJson(context.Request.ContentType))
            {
                var errors = StrictJson.Check(body.GetBuffer().AsSpan(0, (int)body.Length), out var malformed);
                if (errors.Count > 0)
                {
                    await Problems.WriteFieldsAsync(context, malformed ? "The request body is not valid JSON." : "The request body is ambiguous.",
                        malformed ? "Send one JSON value, as RFC 8259 defines it." : "Give each field once, and only finite numbers.", errors);
                    return;
                }
            }
            body.Position = 0;
            context.Request.Body = body;
            context.Request.ContentLength = body.Length;
            await next(context);
        }));
    }

    private static bool HasBody(HttpRequest request) =>
        request.HttpContext.Features.Get<IHttpRequestBodyDetectionFeature>() is { } detection
            ? detection.CanHaveBody
            : request.ContentLength > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);

    /// <summary>JSON media types (<c>application/json</c>, <c>…+json</c>) and none at all (the binder decides).</summary>
    private static bool IsJson(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType)) return true;
        var mediaType = contentType.Split(';', 2)[0].Trim();
        return mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
               || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
    }

    private static async Task<MemoryStream?> ReadAtMostAsync(HttpContext context, long count)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while (buffer.Length < count && (read = await context.Request.Body.ReadAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, count - buffer.Length)), context.RequestAborted)) > 0)
                buffer.Write(chunk, 0, read);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await TooLargeAsync(context, count - 1);
            return null;
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return null;
        }
        return buffer;
    }

    private static Task TooLargeAsync(HttpContext context, long limit) =>
        Problems.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, "Request body too large",
            $"This route accepts bodies of at most {limit:N0} bytes.");
}
