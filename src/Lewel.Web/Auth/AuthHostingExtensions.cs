using Lewel.Data.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Lewel.Web.Auth;

/// <summary>Sign-in and roles: Identity on the store, a cookie for the UI, personal API tokens for the API, the hub
/// and the CLI, and a policy scheme that takes the token when the request has one. API paths answer 401/403, pages
/// redirect to <c>/signin</c>.</summary>
public static class AuthHostingExtensions
{
    public const string SignInPath = "/signin";
    public const string SignOutPath = "/signout";
    private const string SelectingScheme = "Lewel";
    private static readonly string[] ApiPrefixes = ["/api", "/files", "/hubs", "/openapi", "/hangfire"];

    /// <summary>Registers authentication and authorization. Throws <see cref="AuthSetupException"/> (the app exits
    /// with its message) when the configured addresses are exposed and sign-in is turned off.</summary>
    public static AuthMode AddLewelAuth(this WebApplicationBuilder builder, string dataDirectory)
    {
        var settings = builder.Configuration.GetSection(AuthSettings.SectionName).Get<AuthSettings>() ?? new AuthSettings();
        if (settings.TokenLifetimeDays is < 1 or > 3650)
            throw new InvalidOperationException($"Lewel:Auth:TokenLifetimeDays must be in 1..3650 (got {settings.TokenLifetimeDays}).");
        var mode = AuthMode.Decide(settings, ListenAddresses.Configured(builder.Configuration));
        var services = builder.Services;
        services.AddSingleton(settings);
        services.AddSingleton(mode);
        services.AddHostedService<AuthStartupCheck>();

        // Sign-in cookies stay valid across restarts: the keys that protect them live in the data directory.
        services.AddDataProtection().SetApplicationName("Lewel")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(dataDirectory, "keys")));
        services.AddLewelAccounts().AddSignInManager();
        services.AddAuthentication(SelectingScheme)
            .AddPolicyScheme(SelectingScheme, "Token or cookie", o => o.ForwardDefaultSelector = context =>
                ApiTokenAuthenticationHandler.HasToken(context.Request) ? ApiTokenAuthenticationHandler.SchemeName : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, null)
            .AddIdentityCookies();
        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "lewel.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.LoginPath = SignInPath;
            o.AccessDeniedPath = SignInPath;
            o.ReturnUrlParameter = "returnUrl";
            o.ExpireTimeSpan = TimeSpan.FromDays(7);
            o.SlidingExpiration = true;
            o.Events.OnRedirectToLogin = context => RedirectOrStatus(context, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = context => RedirectOrStatus(context, StatusCodes.Status403Forbidden);
        });
        // A changed role or revoked sessions (new security stamp) reach signed-in browsers within a minute.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationHandler, RoleRequirementHandler>();
        services.AddAuthorization(LewelPolicies.Add);
        services.AddCascadingAuthenticationState();
        services.AddScoped<SignedInUser>();
        return mode;
    }

    /// <summary>Authentication and authorization middleware; call before antiforgery.</summary>
    public static WebApplication UseLewelAuth(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    /// <summary><c>POST /signout</c>.</summary>
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // A form post (antiforgery-checked, as every form-bound endpoint is): a link could sign anyone out.
        endpoints.MapPost(SignOutPath, async ([FromForm] string? returnUrl, SignInManager<LewelUser> signIn) =>
        {
            await signIn.SignOutAsync();
            return Results.LocalRedirect(SignInPath + (IsLocalUrl(returnUrl) ? "?returnUrl=" + Uri.EscapeDataString(returnUrl!) : ""));
        }).ExcludeFromDescription();
        return endpoints;
    }

    /// <summary>A path on this site (<c>/runs/3</c>), never another site (<c>//evil</c>, <c>/\evil</c>, <c>https://…</c>).</summary>
    public static bool IsLocalUrl(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) && !url.Contains("://");

    private static Task RedirectOrStatus(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (ApiPrefixes.Any(p => context.Request.Path.StartsWithSegments(p)))
        {
            context.Response.StatusCode = status;
            if (status == StatusCodes.Status401Unauthorized) context.Response.Headers.WWWAuthenticate = "Bearer";
        }
        else
        {
            context.Response.Redirect(context.RedirectUri);
        }
        return Task.CompletedTask;
    }
}
