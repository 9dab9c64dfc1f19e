namespace Lewel.Web.Security;

/// <summary>The web hardening, in the order requests meet it: host allow-list (a startup filter, ahead of
/// everything), problem bodies for API errors, security headers, the cross-site check, rate limits, strict JSON
/// bodies. See docs/security.md for the settings.</summary>
public static class LewelHardening
{
    public static WebApplicationBuilder AddLewelHardening(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var rateLimits = configuration.GetSection(RateLimits.SectionName).Get<RateLimits>() ?? new RateLimits();
        rateLimits.Validate();
        var bodyLimits = configuration.GetSection(BodyLimits.SectionName).Get<BodyLimits>() ?? new BodyLimits();
        bodyLimits.Validate();
        builder.Services.AddSingleton(bodyLimits);
        builder.Services.AddLewelHostAllowList();
        builder.Services.AddLewelApiProblems();
        builder.Services.AddLewelRateLimits(rateLimits);
        return builder;
    }

    public static WebApplication UseLewelHardening(this WebApplication app)
    {
        app.UseLewelApiProblems();
        app.UseLewelSecurityHeaders();
        app.UseLewelOriginCheck();
        app.UseRateLimiter();
        app.UseLewelStrictJsonBodies();
        return app;
    }
}
