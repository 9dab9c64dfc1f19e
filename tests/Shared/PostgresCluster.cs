using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Npgsql;

namespace Lewel.Tests.Postgres;

/// <summary>A throwaway PostgreSQL cluster for tests: <c>initdb</c> into a temporary directory, <c>pg_ctl</c> on a free
/// loopback port, stopped and removed on dispose. Every wait is bounded. When PostgreSQL's binaries cannot be found or
/// the cluster does not start, the constructor throws with what is missing, so the tests that need it fail (they never
/// skip). Binaries: <c>LEWEL_PG_BIN</c>, else Debian's <c>/usr/lib/postgresql/*/bin</c>, else <c>initdb</c> on PATH
/// (scripts/test.sh installs the <c>postgresql</c> package when none is found). initdb refuses to run as root, so as
/// root the server runs as the user <c>nobody</c> and owns the temporary directory.</summary>
public sealed class PostgresCluster : IDisposable
{
    private const string Superuser = "postgres";
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(90);
    private readonly string binDirectory;
    private readonly string? runAs;
    private readonly string dataDirectory;
    private readonly bool durable;
    private bool started;

    public PostgresCluster() : this(durable: false)
    {
    }

    /// <summary>A cluster with fsync on (commits still return before their WAL is flushed: synchronous_commit=off), for
    /// measurements; tests run with fsync off. (One public constructor: xunit builds fixtures through it.)</summary>
    public static PostgresCluster StartDurable() => new(durable: true);

    private PostgresCluster(bool durable)
    {
        this.durable = durable;
        binDirectory = FindBinDirectory() ?? throw new InvalidOperationException(
            "PostgreSQL is required by these tests but no initdb was found (LEWEL_PG_BIN, /usr/lib/postgresql/*/bin, PATH). " +
            "Install Debian's postgresql package (scripts/test.sh does: apt-get install postgresql).");
        runAs = IsRoot() ? "nobody" : null;
        Root = Path.Combine(Path.GetTempPath(), "lewel-pg-" + Guid.NewGuid().ToString("N")[..12]);
        dataDirectory = Path.Combine(Root, "data");
        Directory.CreateDirectory(Root);
        try
        {
            if (runAs is not null) Run("chown", [runAs, Root], asServerUser: false);
            Run(Path.Combine(binDirectory, "initdb"),
                ["-D", dataDirectory, "-U", Superuser, "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"], asServerUser: true);
            StartOnFreePort();
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string Root { get; }
    public int Port { get; private set; }

    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = Superuser,
        Database = database,
        Timeout = 15,
        CommandTimeout = 60,
        MaxPoolSize = 40,
    }.ConnectionString;

    /// <summary>Creates a database with a fresh name, empty or a copy of <paramref name="template"/>, and returns
    /// that name.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix = "lewel", string? template = null)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}";
        await ExecuteAsync($"CREATE DATABASE \"{name}\"" + (template is null ? "" : $" TEMPLATE \"{template}\""));
        return name;
    }

    public async Task DropDatabaseAsync(string name)
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres") + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private void StartOnFreePort()
    {
        // A port found free can be taken before the server binds it: try a few.
        for (var attempt = 1; ; attempt++)
        {
            Port = FreePort();
            var options = $"-p {Port} -k {Root} -c listen_addresses=127.0.0.1 -c synchronous_commit=off -c max_connections=300" +
                (durable ? "" : " -c fsync=off -c full_page_writes=off");
            try
            {
                Run(Path.Combine(binDirectory, "pg_ctl"),
                    ["-D", dataDirectory, "-l", Path.Combine(Root, "server.log"), "-w", "-t", "60", "-o", options, "start"], asServerUser: true);
                started = true;
                return;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
            }
        }
    }

    public void Dispose()
    {
        if (started)
        {
            NpgsqlConnection.ClearAllPools();
            try
            {
                Run(Path.Combine(binDirectory, "pg_ctl"), ["-D", dataDirectory, "-m", "immediate", "-w", "-t", "30", "stop"], asServerUser: true);
            }
            catch (InvalidOperationException)
            {
                // Removing the directory below still takes the data away; the log says why it did not stop.
            }
            started = false;
        }
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private void Run(string fileName, IReadOnlyList<string> arguments, bool asServerUser)
    {
        var start = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (asServerUser && runAs is not null)
        {
            start.FileName = "runuser";
            foreach (var a in new[] { "-u", runAs, "--", fileName }) start.ArgumentList.Add(a);
        }
        else
        {
            start.FileName = fileName;
        }
        foreach (var a in arguments) start.ArgumentList.Add(a);
        // The server must not inherit a locale the cluster does not have.
        start.Environment["LC_ALL"] = "C";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(CommandTimeout))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{Path.GetFileName(fileName)} did not finish within {CommandTimeout.TotalSeconds:0} s.");
        }
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            var log = Path.Combine(Root, "server.log");
            var serverLog = File.Exists(log) ? File.ReadAllText(log) : "";
            throw new InvalidOperationException(
                $"{Path.GetFileName(fileName)} {string.Join(' ', arguments)} failed (exit {process.ExitCode}): {stdout.Result}{stderr.Result}{serverLog}");
        }
    }

    private static string? FindBinDirectory()
    {
        if (Environment.GetEnvironmentVariable("LEWEL_PG_BIN") is { Length: > 0 } configured && File.Exists(Path.Combine(configured, "initdb")))
            return configured;
        if (Directory.Exists("/usr/lib/postgresql"))
        {
            var debian = Directory.EnumerateDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
                .FirstOrDefault();
            if (debian is not null) return debian;
        }
        return (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [DllImport("libc", EntryPoint = "geteuid")]
    private static extern uint GetEffectiveUserId();

    private static bool IsRoot() => OperatingSystem.IsLinux() && GetEffectiveUserId() == 0;
}
