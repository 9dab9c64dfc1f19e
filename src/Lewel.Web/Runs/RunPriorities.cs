using Lewel.Data.Entities;

namespace Lewel.Web.Runs;

/// <summary>Priority names as the API and the form write them: high, normal, low.</summary>
public static class RunPriorities
{
    public const string Expected = "must be one of: high, normal, low";

    public static string Name(RunPriority priority) => priority.ToString().ToLowerInvariant();

    /// <summary>Accepts a level's name in any case; numbers are refused, so an out-of-range value cannot slip in.</summary>
    public static bool TryParse(string? text, out RunPriority priority)
    {
        priority = RunPriority.Normal;
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed) || !char.IsLetter(trimmed[0])) return false;
        return Enum.TryParse(trimmed, ignoreCase: true, out priority) && Enum.IsDefined(priority);
    }
}
