using System.CommandLine;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Lewel.Cli.Commands;

/// <summary><c>lewel remote runs|launch</c>: drives a studio's REST API with an API token. The server and token come
/// from <c>--server</c>/<c>--token</c>, else <c>LEWEL_SERVER</c>/<c>LEWEL_TOKEN</c>; the token is never printed.</summary>
public static class RemoteCommand
{
    public const string ServerVariable = "LEWEL_SERVER";
    public const string TokenVariable = "LEWEL_TOKEN";
    private const string DefaultServer = "http://localhost:5000";

    public static Command Create()
    {
        var server = new Option<string?>("--server") { Description = $"the studio's address (default: ${ServerVariable}, else {DefaultServer})", Recursive = true };
        var token = new Option<string?>("--token") { Description = $"an API token (default: ${TokenVariable}); make one at /account/tokens or with lewel users token", Recursive = true };
        var command = new Command("remote", "Use a running studio through its API with an API token");
        command.Options.Add(server);
        command.Options.Add(token);

        var runs = new Command("runs", "List the studio's runs, newest first");
        runs.SetAction(parse => Call(parse.GetValue(server), parse.GetValue(token), async client =>
        {
            using var response = await client.GetAsync("/api/runs?take=50");
            var body = await Expect(response, HttpStatusCode.OK);
            var list = JsonDocument.Parse(body).RootElement;
            Console.WriteLine($"{list.GetProperty("total").GetInt32()} run(s)");
            foreach (var run in list.GetProperty("items").EnumerateArray())
                Console.WriteLine($"#{run.GetProperty("id").GetInt64(),-6} {run.GetProperty("status").GetString(),-11} {run.GetProperty("method").GetString(),-9} " +
                                  $"{run.GetProperty("step").GetInt32()}/{run.GetProperty("totalSteps").GetInt32(),-8} {run.GetProperty("name").GetString()}" +
                                  (run.TryGetProperty("launchedBy", out var by) && by.ValueKind == JsonValueKind.String ? $"  (by {by.GetString()})" : ""));
        }));
        command.Subcommands.Add(runs);

        var config = new Option<FileInfo>("--config") { Description = "a run configuration (JSON, as POST /api/runs takes it)", Required = true };
        var launch = new Command("launch", "Queue a run from a JSON configuration file");
        launch.Options.Add(config);
        launch.SetAction(parse => Call(parse.GetValue(server), parse.GetValue(token), async client =>
        {
            var file = parse.GetValue(config)!;
            if (!file.Exists) throw new RemoteException($"--config: no file {file.FullName}");
            using var content = new StringContent(await File.ReadAllTextAsync(file.FullName), Encoding.UTF8, "application/json");
            using var response = await client.PostAsync("/api/runs", content);
            var created = JsonDocument.Parse(await Expect(response, HttpStatusCode.Created, HttpStatusCode.OK)).RootElement;
            foreach (var run in created.ValueKind == JsonValueKind.Array ? created.EnumerateArray().ToList() : [created.GetProperty("run")])
                Console.WriteLine($"queued run #{run.GetProperty("id").GetInt64()} {run.GetProperty("name").GetString()}");
        }));
        command.Subcommands.Add(launch);
        return command;
    }

    private static int Call(string? server, string? token, Func<HttpClient, Task> action)
    {
        var address = server ?? Environment.GetEnvironmentVariable(ServerVariable) ?? DefaultServer;
        if (!Uri.TryCreate(address, UriKind.Absolute, out var baseAddress) || baseAddress.Scheme is not ("http" or "https"))
        {
            Console.Error.WriteLine($"error: --server: '{address}' is not an http(s) address");
            return 2;
        }
        using var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        var bearer = token ?? Environment.GetEnvironmentVariable(TokenVariable);
        if (!string.IsNullOrWhiteSpace(bearer)) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer.Trim());
        try
        {
            action(client).GetAwaiter().GetResult();
            return 0;
        }
        catch (Exception e) when (e is RemoteException or HttpRequestException or TaskCanceledException or JsonException)
        {
            Console.Error.WriteLine($"error: {baseAddress}: {e.Message}");
            return 1;
        }
    }

    private static async Task<string> Expect(HttpResponseMessage response, params HttpStatusCode[] expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (expected.Contains(response.StatusCode)) return body;
        throw new RemoteException(response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => $"401: the server wants a valid API token (--token or ${TokenVariable}); this one is missing, unknown, revoked or expired",
            HttpStatusCode.Forbidden => "403: the token's user has a role that may not do this",
            _ => $"{(int)response.StatusCode} {response.ReasonPhrase}: {body}",
        });
    }

    private sealed class RemoteException(string message) : Exception(message);
}
