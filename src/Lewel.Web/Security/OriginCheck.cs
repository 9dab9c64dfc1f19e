using Microsoft.Net.Http.Headers;

namespace Lewel.Web.Security;

/// <summary>Refuses cross-site requests that could change state: every POST, PUT, PATCH and DELETE, and every request
/// to the SignalR hub and the Blazor circuit (negotiate, WebSocket, long polling), whose <c>Origin</c> (or, without
/// one, <c>Referer</c>) is not this site. This site is the request's own <c>Host</c> (same origin) or an origin listed
/// in <c>Lewel:TrustedOrigins</c> (for a proxy that rewrites Host). Requests with neither header (curl, the CLI,
/// other servers) pass: browsers always send Origin on cross-site posts and WebSocket handshakes.</summary>
public static class OriginCheck
{
    public const string TrustedOriginsSetting = "Lewel:TrustedOrigins";
    private const string BlazorDisconnectPath = "/_blazor/disconnect";
    private static readonly string[] StreamingPaths = ["/hubs", "/_blazor"];

    public static IApplicationBuilder UseLewelOriginCheck(this IApplicationBuilder app)
    {
        var configuration = app.ApplicationServices.GetRequiredService<IConfiguration>();
        var trusted = TrustedOrigins(configuration[TrustedOriginsSetting]);
        return app.Use(async (context, next) =>
        {
            if (NeedsCheck(context) && ForeignSource(context.Request, trusted) is { } source)
            {
                await Problems.WriteAsync(context, StatusCodes.Status403Forbidden, "Cross-site request refused",
                    $"This request must come from the studio's own pages; its {source.Header} '{Shorten(source.Value)}' is another site. "
                    + $"To allow that site, add its origin to {TrustedOriginsSetting}.");
                return;
            }
            await next(context);
        });
    }

    public static bool NeedsCheck(HttpContext context)
    {
        // Blazor's unload beacon: sent as a no-cors request, which under Referrer-Policy no-referrer carries
        // "Origin: null"; it only ends a circuit whose secret id it names, so a forged one achieves nothing.
        if (context.Request.Path.Equals(BlazorDisconnectPath, StringComparison.OrdinalIgnoreCase)) return false;
        var method = context.Request.Method;
        if (!(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method)))
            return true;
        return context.WebSockets.IsWebSocketRequest || StreamingPaths.Any(p => context.Request.Path.StartsWithSegments(p));
    }

    /// <summary>The header that names another site, or null when the request is same-origin or names no site.</summary>
    public static (string Header, string Value)? ForeignSource(HttpRequest request, IReadOnlySet<string> trustedOrigins)
    {
        var (header, value) = request.Headers.Origin is { Count: > 0 } origin
            ? (HeaderNames.Origin, origin.ToString())
            : (HeaderNames.Referer, request.Headers.Referer.ToString());
        if (string.IsNullOrEmpty(value)) return null;
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            return (header, value); // "null" (sandboxed frames, file: pages) and other schemes are never this site
        if (IsSameHost(uri, request.Host) || trustedOrigins.Contains(OriginOf(uri))) return null;
        return (header, value);
    }

    private static bool IsSameHost(Uri source, HostString host)
    {
        if (!host.HasValue) return false;
        if (!string.Equals(source.Host, host.Host, StringComparison.OrdinalIgnoreCase)
            && !string.Equals(source.IdnHost, host.Host, StringComparison.OrdinalIgnoreCase))
            return false;
        // Without a port in Host the site is on its scheme's default port (also behind a TLS proxy).
        return host.Port is { } port ? source.Port == port : source.IsDefaultPort;
    }

    public static IReadOnlySet<string> TrustedOrigins(string? configured) =>
        (configured ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(o => Uri.TryCreate(o, UriKind.Absolute, out var uri) ? OriginOf(uri) : o.TrimEnd('/').ToLowerInvariant())
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

    private static string Shorten(string value) => value.Length <= 120 ? value : value[..120] + "…";

    private static string OriginOf(Uri uri) => uri.GetLeftPart(UriPartial.Authority).ToLowerInvariant();
}
