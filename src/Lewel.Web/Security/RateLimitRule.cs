using System.Threading.RateLimiting;

namespace Lewel.Web.Security;

/// <summary>One limit: <see cref="PermitLimit"/> requests per fixed window of <see cref="WindowSeconds"/>; 0 is off.</summary>
public sealed class RateLimitRule
{
    public int PermitLimit { get; set; }
    public int WindowSeconds { get; set; } = 60;

    public bool IsOff => PermitLimit == 0;

    public FixedWindowRateLimiterOptions ToOptions() => new()
    {
        PermitLimit = PermitLimit, Window = TimeSpan.FromSeconds(WindowSeconds), QueueLimit = 0, AutoReplenishment = true,
    };

    public void Validate(string name)
    {
        if (PermitLimit < 0) throw new InvalidOperationException($"{name}:PermitLimit must be 0 (off) or more (got {PermitLimit}).");
        if (WindowSeconds < 1) throw new InvalidOperationException($"{name}:WindowSeconds must be at least 1 (got {WindowSeconds}).");
    }
}
