using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Lewel.Web.Security;

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
