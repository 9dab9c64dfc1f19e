namespace Lewel.Web.Auth;

/// <summary>The studio would be reachable without sign-in, or sign-in is required and nobody can sign in. The app
/// prints the message (how to set sign-in up) and exits with <see cref="ExitCode"/>.</summary>
public sealed class AuthSetupException(string problem) : Exception(problem + Environment.NewLine + HowToSetUp)
{
    public const int ExitCode = 2;

    public const string HowToSetUp = """
        To expose the studio, turn sign-in on:
          1. create an admin (same settings and data directory as the studio):
               lewel users add NAME --role admin          (or: ... --password-stdin to choose the password)
             it prints the password (unless given) and an API token; the token is on the last line.
          2. start the studio with sign-in required (it is, by default, on any address other than loopback):
               ASPNETCORE_URLS=http://0.0.0.0:8080 dotnet Lewel.Web.dll     (and leave Lewel:Auth:Required unset or true)
          3. sign in at /signin; make more tokens at /account/tokens; add users at /admin/users.
        Without sign-in, listen on loopback only (http://localhost:PORT, http://127.0.0.1:PORT or http://[::1]:PORT).
        See docs/security.md.
        """;
}
