using System.Reflection;

namespace Lewel.Cli;

internal static class BuildInfo
{
    public static string TorchBackend =>
        typeof(BuildInfo).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "TorchBackend")?.Value ?? "unknown";
}
