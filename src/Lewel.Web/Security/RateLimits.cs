namespace Lewel.Web.Security;

/// <summary><c>Lewel:RateLimits</c>: launches (and resumes and evaluations, which also queue work) per client and
/// window; inspections per window. A rule with <c>PermitLimit</c> 0 is off.</summary>
public sealed class RateLimits
{
    public const string SectionName = "Lewel:RateLimits";
    public const string LaunchPolicy = "launch";

    public RateLimitRule Launch { get; set; } = new() { PermitLimit = 30, WindowSeconds = 60 };
    public RateLimitRule Inspect { get; set; } = new() { PermitLimit = 10, WindowSeconds = 60 };

    public void Validate()
    {
        Launch.Validate($"{SectionName}:Launch");
        Inspect.Validate($"{SectionName}:Inspect");
    }
}
