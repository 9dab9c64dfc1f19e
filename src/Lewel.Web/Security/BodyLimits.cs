namespace Lewel.Web.Security;

/// <summary><c>Lewel:BodyLimits</c>: the most bytes a JSON request body under <c>/api</c> may have. A launch body is a
/// run configuration of a few kilobytes; 1 MB leaves room for long notes and many tags. (Checkpoint and image uploads
/// go through the inspect page, with their own limits.)</summary>
public sealed class BodyLimits
{
    public const string SectionName = "Lewel:BodyLimits";

    public long JsonBytes { get; set; } = 1024 * 1024;

    public void Validate()
    {
        if (JsonBytes < 1024) throw new InvalidOperationException($"{SectionName}:JsonBytes must be at least 1024 (got {JsonBytes}).");
    }
}
