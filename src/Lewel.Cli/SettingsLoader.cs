using Lewel.Engine.Settings;
using Microsoft.Extensions.Configuration;

namespace Lewel.Cli;

/// <summary>Reads the same <c>Lewel</c> section as the web app: appsettings.json beside the binary, then one in the
/// current directory, then environment variables (<c>Lewel__DataDir=/path</c>).</summary>
public static class SettingsLoader
{
    public static LewelSettings Load()
    {
        var settings = new LewelSettings();
        Configuration().GetSection(LewelSettings.SectionName).Bind(settings);
        return settings;
    }

    /// <summary>Which database holds the store (<c>Lewel:Store:Provider</c>, <c>ConnectionStrings:Lewel</c>), as the
    /// web app reads it.</summary>
    public static Data.StoreSettings LoadStore() => Data.StoreSettings.FromConfiguration(Configuration());

    private static IConfiguration Configuration() => new ConfigurationBuilder()
        .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
        .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true)
        .AddEnvironmentVariables()
        .Build();
}
