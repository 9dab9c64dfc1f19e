using Lewel.Data.Accounts;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Lewel.Web.Auth;

/// <summary>Runs after the store is migrated: with sign-in required and no user in the store nobody could use the
/// studio, so it refuses to start. Once the server listens, it checks the addresses it really bound (an endpoint set
/// up in code is not in the configuration): exposed without sign-in, the studio stops at once.</summary>
internal sealed class AuthStartupCheck(AuthMode mode, IServiceScopeFactory scopes, IServer server, IHostApplicationLifetime lifetime,
    ILogger<AuthStartupCheck> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (mode.Enabled)
        {
            await using var scope = scopes.CreateAsyncScope();
            if (!await scope.ServiceProvider.GetRequiredService<UserAccounts>().AnyAsync(cancellationToken))
                throw new AuthSetupException($"Refusing to start: sign-in is required ({mode.Reason}), but the store has no user yet.");
            logger.LogInformation("Sign-in is required: {Reason}", mode.Reason);
        }
        lifetime.ApplicationStarted.Register(CheckBoundAddresses);
    }

    private void CheckBoundAddresses()
    {
        if (mode.Enabled) return;
        var bound = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var exposed = ListenAddresses.Exposed(bound);
        if (exposed.Count == 0) return;
        logger.LogCritical("{Message}", new AuthSetupException(
            $"Stopping: the studio listens on {string.Join(", ", exposed)} without sign-in.").Message);
        Environment.ExitCode = AuthSetupException.ExitCode;
        lifetime.StopApplication();
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
