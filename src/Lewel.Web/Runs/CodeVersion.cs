using System.Diagnostics;

namespace Lewel.Web.Runs;

/// <summary>The code version recorded with each run: <c>LEWEL_CODE_VERSION</c> when set (CI, containers), else the git
/// commit of the content root when git is there, else null. Looked up once, on first use.</summary>
public sealed class CodeVersion(IHostEnvironment environment)
{
    public const string EnvironmentVariable = "LEWEL_CODE_VERSION";
    private readonly Lazy<string?> value = new(() => Lookup(environment.ContentRootPath));

    public string? Value => value.Value;

    private static string? Lookup(string directory)
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment)) return fromEnvironment.Trim();
        try
        {
            using var git = Process.Start(new ProcessStartInfo("git", "rev-parse --short=12 HEAD")
            {
                WorkingDirectory = directory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (git is null) return null;
            var output = git.StandardOutput.ReadToEnd().Trim();
            if (!git.WaitForExit(5000)) { git.Kill(); return null; }
            return git.ExitCode == 0 && output.Length > 0 ? output : null;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return null;
        }
    }
}
