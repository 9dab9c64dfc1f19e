namespace Lewel.Web.Auth;

/// <summary>Whether sign-in is in force for this host, decided once when the host is built.</summary>
public sealed record AuthMode(bool Enabled, string Reason)
{
    /// <summary>From <c>Lewel:Auth:Required</c> and the addresses the server is configured to listen on. Throws
    /// <see cref="AuthSetupException"/> when sign-in is turned off but an address is exposed.</summary>
    public static AuthMode Decide(AuthSettings settings, IReadOnlyList<string> addresses)
    {
        var exposed = ListenAddresses.Exposed(addresses);
        switch (settings.Required)
        {
            case true:
                return new AuthMode(true, "Lewel:Auth:Required is true");
            case false when exposed.Count > 0:
                throw new AuthSetupException(
                    $"Refusing to start: Lewel:Auth:Required is false, but the studio would listen on {string.Join(", ", exposed)}, which other machines can reach.");
            case false:
                return new AuthMode(false, "Lewel:Auth:Required is false and the studio listens on loopback only");
            default:
                return exposed.Count > 0
                    ? new AuthMode(true, $"the studio listens on {string.Join(", ", exposed)}")
                    : new AuthMode(false, "the studio listens on loopback only");
        }
    }
}
