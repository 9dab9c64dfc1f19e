using System.Threading.RateLimiting;

namespace Lewel.Web.Security;

/// <summary>Bounds inspections (each decodes an image and runs a network on the server) to
/// <c>Lewel:RateLimits:Inspect</c> per window for the whole studio. The inspect page works over its Blazor circuit,
/// not an HTTP route, so it asks this limiter itself.</summary>
public sealed class InspectRateLimiter : IDisposable
{
    private readonly RateLimitRule rule;
    private readonly RateLimiter? limiter;

    public InspectRateLimiter(RateLimits limits)
    {
        rule = limits.Inspect;
        limiter = rule.IsOff ? null : new FixedWindowRateLimiter(rule.ToOptions());
    }

    /// <summary>Takes one permit; when none is left, says why and when to try again.</summary>
    public bool TryAcquire(out string? refusal)
    {
        refusal = null;
        if (limiter is null) return true;
        using var lease = limiter.AttemptAcquire();
        if (lease.IsAcquired) return true;
        var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)) : rule.WindowSeconds;
        refusal = $"At most {rule.PermitLimit} inspections per {rule.WindowSeconds} s; try again in {wait} s.";
        return false;
    }

    public void Dispose() => limiter?.Dispose();
}
