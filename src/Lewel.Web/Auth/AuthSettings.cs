namespace Lewel.Web.Auth;

/// <summary>The <c>Lewel:Auth</c> section. <see cref="Required"/> unset: sign-in is required exactly when the studio
/// listens on an address other than loopback.</summary>
public sealed class AuthSettings
{
    public const string SectionName = "Lewel:Auth";

    public bool? Required { get; set; }

    /// <summary>Lifetime of a new API token when its creator names none.</summary>
    public int TokenLifetimeDays { get; set; } = 90;
}
