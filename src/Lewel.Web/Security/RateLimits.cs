using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Lewel.Web.Security;

/// <summary><c>Lewel:RateLimits</c>: launches (and resumes and evaluations, which also queue work) per client and
/// window; inspections per window. A rule with <c>PermitLimit</c> 0 is off.</summary>
public sealed class RateLimits
{
    public const string SectionName = "Lewel:RateLimits";
    public const string LaunchPolicy = "launch";

    public RateLimitRule Launch { get; set; } = new() { PermitLimit = 30, WindowSeconds = 60 };
    public RateLimitRule Inspect { get; set; } = new() { PermitLimit = 10, WindowSeconds = 60 };

    public void Validate()
    {
        Launch.Validate($"{SectionName}:Launch");
        Inspect.Validate($"{SectionName}:Inspect");
    }
}

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

/// <summary>The rate limiter (ASP.NET Core's): routes that queue work name <see cref="RateLimits.LaunchPolicy"/>; a
/// refused request gets 429 with <c>Retry-After</c> and a problem body.</summary>
public static class RateLimiting
{
    public static IServiceCollection AddLewelRateLimits(this IServiceCollection services, RateLimits limits)
    {
        services.AddSingleton(limits);
        services.AddSingleton<InspectRateLimiter>();
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy(RateLimits.LaunchPolicy, context => limits.Launch.IsOff
                ? RateLimitPartition.GetNoLimiter("off")
                : RateLimitPartition.GetFixedWindowLimiter(ClientKey(context), _ => limits.Launch.ToOptions()));
            options.OnRejected = async (rejected, cancellationToken) =>
            {
                var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
                    ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
                    : limits.Launch.WindowSeconds;
                rejected.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await Problems.WriteAsync(rejected.HttpContext, StatusCodes.Status429TooManyRequests, "Too many requests",
                    $"At most {limits.Launch.PermitLimit} launches per {limits.Launch.WindowSeconds} s from one client; try again in {seconds} s.");
            };
        });
        return services;
    }

    /// <summary>The client's address (behind a proxy, configure forwarded headers so this is the real client).</summary>
    private static string ClientKey(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
