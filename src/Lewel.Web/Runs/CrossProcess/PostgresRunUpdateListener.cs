using System.Threading.Channels;
using Lewel.Data;
using Npgsql;

namespace Lewel.Web.Runs.CrossProcess;

/// <summary>On the studio with the PostgreSQL store: listens on <see cref="RunUpdateWire.Channel"/> and publishes the
/// updates of runs executing on other hosts into this process's <see cref="RunNotifier"/>, which gives them this
/// process's sequence numbers and hands them to pages and the hub like its own (a late subscriber gets the state from
/// the store, then the tail). A lost connection is opened again after a second.</summary>
public sealed class PostgresRunUpdateListener(RunNotifier notifier, StoreSettings store, RunUpdateRelay relay,
    ILogger<PostgresRunUpdateListener> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var received = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var relaying = RelayAsync(received.Reader, stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(store.ConnectionString);
                connection.Notification += (_, e) => received.Writer.TryWrite(e.Payload);
                await connection.OpenAsync(stoppingToken);
                await using (var listen = new NpgsqlCommand($"LISTEN {RunUpdateWire.Channel}", connection))
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                while (!stoppingToken.IsCancellationRequested) await connection.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Listening for live updates from worker hosts failed; trying again");
                try { await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken); } catch (OperationCanceledException) { }
            }
        }
        received.Writer.TryComplete();
        await relaying;
    }

    private async Task RelayAsync(ChannelReader<string> payloads, CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var payload in payloads.ReadAllAsync(stoppingToken))
            {
                if (RunUpdateWire.Decode(payload) is not { } decoded || decoded.Sender == relay.Sender) continue;
                try
                {
                    await notifier.PublishAsync(decoded.Update with { FromOtherProcess = true }, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogDebug(e, "A live update of run {RunId} from another host was not relayed", decoded.Update.RunId);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
