namespace Lewel.Web.Security;

/// <summary>Headers on every response that keep browsers from sniffing types, framing the studio, leaking its URLs
/// to other sites, or running scripts from anywhere but the studio itself.</summary>
public static class SecurityHeaders
{
    /// <summary>What Blazor Server and MudBlazor need: scripts and the circuit's WebSocket from this origin only,
    /// inline styles (MudBlazor sets style attributes), and data: images (uploaded images, rendered maps).</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; "
        + "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static IApplicationBuilder UseLewelSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                return Task.CompletedTask;
            });
            return next(context);
        });
}
