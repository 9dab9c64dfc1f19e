using System.Security.Claims;
using System.Text.Encodings.Web;
using Lewel.Data.Accounts;
using Lewel.Web.Hubs;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Lewel.Web.Auth;

/// <summary>Authenticates <c>Authorization: Bearer lewel_…</c> with a personal API token, and on the hub the
/// <c>access_token</c> query parameter (browsers cannot set headers on a WebSocket, so SignalR clients send it there).
/// The token is never logged.</summary>
internal sealed class ApiTokenAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger,
    UrlEncoder encoder, ApiTokenStore tokens) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "LewelToken";
    private const string BearerPrefix = "Bearer ";

    /// <summary>Whether the request carries a token (so the token scheme, not the cookie, decides who it is).</summary>
    public static bool HasToken(HttpRequest request) => TokenOf(request) is not null;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var text = TokenOf(Request);
        if (text is null) return AuthenticateResult.NoResult();
        var validated = await tokens.ValidateAsync(text, Context.RequestAborted);
        if (validated is null) return AuthenticateResult.Fail("The API token is unknown, revoked or expired.");
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, validated.UserId),
            new(ClaimTypes.Name, validated.UserName),
            new("lewel:token", validated.Token.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
        if (validated.Role is { } role) claims.Add(new Claim(ClaimTypes.Role, role));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }

    private static string? TokenOf(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
            return header[BearerPrefix.Length..].Trim();
        if (request.Path.StartsWithSegments(RunsHub.Path) && request.Query["access_token"].ToString() is { Length: > 0 } query)
            return query;
        return null;
    }
}
