using System.Text.RegularExpressions;
using Lewel.Engine.Config;

namespace Lewel.Web.Runs;

/// <summary>Names of launched runs: the default one, and the one each run of a paired launch gets from the single
/// name it was launched with.</summary>
public static class RunNames
{
    public static string Default(RunConfig config) => $"{config.Method} on {config.Dataset.Split(':')[0]}";

    /// <summary>An empty name stays empty, so the run gets the default name of its own method. A typed name is kept as
    /// it is for the run whose method it names alone; otherwise the run's method is appended in brackets.</summary>
    public static string ForPairedRun(string typedName, string method, string partnerMethod)
    {
        var name = typedName.Trim();
        if (name.Length == 0) return "";
        return Names(name, method) && !Names(name, partnerMethod) ? name : $"{name} [{method}]";
    }

    private static bool Names(string name, string method) =>
        Regex.IsMatch(name, $@"(?<![\w-]){Regex.Escape(method)}(?![\w-])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
}
