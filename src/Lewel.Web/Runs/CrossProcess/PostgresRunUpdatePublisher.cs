using System.Threading.Channels;
using Lewel.Data;
using Npgsql;

namespace Lewel.Web.Runs.CrossProcess;

/// <summary>On a host that runs jobs with the PostgreSQL store: sends every update its runs publish (after they are
/// stored) as a notification on <see cref="RunUpdateWire.Channel"/>, in order, so the studio's browsers see runs that
/// execute elsewhere.</summary>
public sealed class PostgresRunUpdatePublisher(RunNotifier notifier, StoreSettings store, RunUpdateRelay relay,
    ILogger<PostgresRunUpdatePublisher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var pending = Channel.CreateUnbounded<RunUpdate>(new UnboundedChannelOptions { SingleReader = true });
        using var subscription = notifier.SubscribeAll(update =>
        {
            if (!update.FromOtherProcess && update is not RunState) pending.Writer.TryWrite(update);
            return Task.CompletedTask;
        });
        await using var dataSource = NpgsqlDataSource.Create(store.ConnectionString!);
        try
        {
            await foreach (var update in pending.Reader.ReadAllAsync(stoppingToken))
            {
                foreach (var payload in RunUpdateWire.Encode(relay.Sender, update))
                {
                    try
                    {
                        await using var command = dataSource.CreateCommand("SELECT pg_notify(@channel, @payload)");
                        command.Parameters.AddWithValue("channel", RunUpdateWire.Channel);
                        command.Parameters.AddWithValue("payload", payload);
                        await command.ExecuteNonQueryAsync(stoppingToken);
                    }
                    catch (Exception e) when (e is NpgsqlException or TimeoutException)
                    {
                        logger.LogWarning(e, "A live update of run {RunId} could not be sent to other hosts", update.RunId);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
