using Lewel.Engine.Settings;
using Lewel.Web.Components;
using MudBlazor.Services;

namespace Lewel.Web.Hosting;

/// <summary>Composition root: wires engine, store, jobs, streaming and UI.</summary>
public static class LewelHostingExtensions
{
    public static WebApplicationBuilder AddLewel(this WebApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection(LewelSettings.SectionName).Get<LewelSettings>() ?? new LewelSettings();
        Directory.CreateDirectory(settings.ResolvedDataDir);
        builder.Services.AddSingleton(settings);
        // Serve package assets (MudBlazor's _content) from the build output in every environment, not only Development;
        // a published app has them in its wwwroot and this is then a no-op.
        builder.WebHost.UseStaticWebAssets();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        return builder;
    }

    public static WebApplication UseLewel(this WebApplication app)
    {
        app.UseAntiforgery();
        app.MapGet("/healthz", (LewelSettings s) => Results.Ok(new { status = "ok", dataDir = s.ResolvedDataDir }));
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
