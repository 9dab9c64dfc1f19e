using System.Net;
using Microsoft.AspNetCore.Hosting;

namespace Lewel.Web.Auth;

/// <summary>Which addresses the server is told to listen on, and whether an address can be reached from other
/// machines. Loopback names and addresses (<c>localhost</c>, <c>127.0.0.0/8</c>, <c>[::1]</c>) and Unix sockets are
/// local; a wildcard (<c>*</c>, <c>+</c>, <c>0.0.0.0</c>, <c>[::]</c>), a host name or any other IP is exposed.</summary>
public static class ListenAddresses
{
    /// <summary>The addresses from <c>--urls</c> / <c>ASPNETCORE_URLS</c> (<c>urls</c>), <c>Kestrel:Endpoints:*:Url</c>,
    /// and <c>ASPNETCORE_HTTP_PORTS</c> / <c>HTTPS_PORTS</c> (which listen on every interface). Empty: Kestrel's
    /// default, <c>http://localhost:5000</c>.</summary>
    public static IReadOnlyList<string> Configured(IConfiguration configuration)
    {
        var addresses = new List<string>();
        addresses.AddRange(Split(configuration[WebHostDefaults.ServerUrlsKey]));
        foreach (var endpoint in configuration.GetSection("Kestrel:Endpoints").GetChildren())
            if (endpoint["Url"] is { Length: > 0 } url) addresses.Add(url);
        if (addresses.Count == 0)
        {
            foreach (var port in Split(configuration[WebHostDefaults.HttpPortsKey])) addresses.Add($"http://*:{port}");
            foreach (var port in Split(configuration[WebHostDefaults.HttpsPortsKey])) addresses.Add($"https://*:{port}");
        }
        return addresses;
    }

    public static IReadOnlyList<string> Exposed(IEnumerable<string> addresses) => [.. addresses.Where(IsExposed)];

    public static bool IsExposed(string address)
    {
        var host = HostOf(address);
        if (host is null) return true; // an address we cannot read is treated as reachable
        if (host.StartsWith("unix:", StringComparison.OrdinalIgnoreCase)) return false;
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)) return false;
        var bare = host.Trim('[', ']');
        return !(IPAddress.TryParse(bare, out var ip) && IPAddress.IsLoopback(ip));
    }

    private static string? HostOf(string address)
    {
        var text = address.Trim();
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0) return null;
        var rest = text[(scheme + 3)..];
        if (rest.StartsWith("unix:", StringComparison.OrdinalIgnoreCase)) return "unix:";
        var end = rest.IndexOf('/');
        var authority = end < 0 ? rest : rest[..end];
        if (authority.StartsWith('['))
        {
            var close = authority.IndexOf(']');
            return close < 0 ? null : authority[..(close + 1)];
        }
        var colon = authority.LastIndexOf(':');
        return colon < 0 ? authority : authority[..colon];
    }

    private static IEnumerable<string> Split(string? list) =>
        (list ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
