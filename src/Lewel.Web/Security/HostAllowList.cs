using Microsoft.AspNetCore.HostFiltering;

namespace Lewel.Web.Security;

/// <summary>The <c>Host</c> header allow-list (ASP.NET Core's host filtering, which answers 400 to any other host on
/// every route). The loopback names are always allowed; <c>AllowedHosts</c> (setting or environment variable,
/// <c>;</c>-separated, <c>*.example.com</c> wildcards) adds the names a user reaches an exposed studio by. A lone
/// <c>*</c> turns the check off. A fixed list stops DNS rebinding: a page on <c>evil.example</c> that rebinds its
/// name to 127.0.0.1 still sends <c>Host: evil.example</c>.</summary>
public static class HostAllowList
{
    public const string SettingName = "AllowedHosts";
    public static readonly IReadOnlyList<string> LoopbackHosts = ["localhost", "127.0.0.1", "[::1]"];

    public static IServiceCollection AddLewelHostAllowList(this IServiceCollection services)
    {
        // Configure runs before the web host's own PostConfigure, which then keeps this list.
        services.AddOptions<HostFilteringOptions>().Configure<IConfiguration>((options, configuration) =>
            options.AllowedHosts = Hosts(configuration[SettingName]).ToList());
        return services;
    }

    /// <summary>The loopback names plus the configured ones, or just <c>*</c> when the configuration says so.</summary>
    public static IReadOnlyList<string> Hosts(string? configured)
    {
        var extra = (configured ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (extra.Contains("*")) return ["*"];
        return [.. LoopbackHosts.Concat(extra).Distinct(StringComparer.OrdinalIgnoreCase)];
    }
}
