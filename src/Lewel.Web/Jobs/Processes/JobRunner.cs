namespace Lewel.Web.Jobs.Processes;

/// <summary>The command that starts a child: the .NET host running <c>lewel.dll job --spec FILE</c>, the CLI built into
/// the app's own folder (<c>Lewel:Jobs:RunnerPath</c> names another).</summary>
public sealed record JobRunner(string Host, string RunnerDll)
{
    public const string RunnerFile = "lewel.dll";

    public static JobRunner Locate(string? configuredPath)
    {
        var dll = Path.GetFullPath(configuredPath is { Length: > 0 } path ? path : Path.Combine(AppContext.BaseDirectory, RunnerFile));
        if (!File.Exists(dll))
            throw new InvalidOperationException($"the run process {dll} is missing: build the solution (the web app references src/Lewel.Cli) " +
                                                "or point Lewel:Jobs:RunnerPath at lewel.dll");
        return new JobRunner(DotnetHost(), dll);
    }

    /// <summary>The same host that runs this process when it is <c>dotnet</c>, else the one the SDK names, else the PATH's.</summary>
    private static string DotnetHost()
    {
        if (Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet") return self;
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)) return host;
        if (Environment.GetEnvironmentVariable("DOTNET_ROOT") is { Length: > 0 } root && File.Exists(Path.Combine(root, "dotnet")))
            return Path.Combine(root, "dotnet");
        return "dotnet";
    }

    public IReadOnlyList<string> Arguments(string specPath) => [RunnerDll, "job", "--spec", specPath];
}
