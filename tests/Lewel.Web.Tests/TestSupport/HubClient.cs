using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization;
using Lewel.Web.Hubs;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Lewel.Web.Tests.TestSupport;

/// <summary>A SignalR client of the runs hub, through the test server, that records every message it receives.</summary>
public sealed class HubClient : IAsyncDisposable
{
    public static readonly string[] Kinds = ["state", "status", "metrics", "progress", "snapshot", "evaluation", "checkpoint", "log", "deleted"];
    private readonly BlockingCollection<(string Kind, JsonElement Message)> received = new();
    private readonly ConcurrentQueue<(string Kind, JsonElement Message)> everything = new();

    private HubClient(HubConnection connection)
    {
        Connection = connection;
        foreach (var kind in Kinds)
        {
            connection.On<JsonElement>(kind, message =>
            {
                everything.Enqueue((kind, message));
                received.Add((kind, message));
            });
        }
    }

    public HubConnection Connection { get; }
    /// <summary>Every message received so far, in arrival order.</summary>
    public IReadOnlyList<(string Kind, JsonElement Message)> All => [.. everything];

    public static async Task<HubClient> ConnectAsync(LewelHost host)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(host.Factory.Server.BaseAddress, RunsHub.Path.TrimStart('/')), options =>
            {
                options.HttpMessageHandlerFactory = _ => host.Factory.Server.CreateHandler();
                options.Transports = HttpTransportType.LongPolling;
            })
            .AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase)))
            .Build();
        await connection.StartAsync();
        return new HubClient(connection);
    }

    /// <summary>The next message of <paramref name="kind"/> that satisfies <paramref name="match"/>, skipping others.</summary>
    public JsonElement WaitFor(string kind, Func<JsonElement, bool>? match = null, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (DateTime.UtcNow < deadline)
        {
            if (received.TryTake(out var item, 100) && item.Kind == kind && (match is null || match(item.Message))) return item.Message;
        }
        throw new TimeoutException($"no '{kind}' message arrived");
    }

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync();
}
