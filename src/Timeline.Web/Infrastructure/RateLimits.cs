using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Timeline.Web.Features.Accounts;

namespace Timeline.Web.Infrastructure;

/// <summary>Limits on reads the output cache does not answer, from the "RateLimits" configuration section.</summary>
public sealed class ReadLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>
    /// Reader pages, embeds, searches and API reads one client address may have rendered per minute. The output cache
    /// answers before the limiter, so a cached page is never limited; only the work of rendering is.
    /// </summary>
    public int ReadsPerMinute { get; set; } = 300;
}

/// <summary>
/// The built-in rate limiter, keyed on the client's address (forwarded headers are not trusted): sign-in attempts
/// (<see cref="SignInThrottle.Policy"/>) and uncached reads (<see cref="Reads"/>), each answered 429 with Retry-After.
/// </summary>
public static class RateLimits
{
    public const string Reads = "reads";

    public static IServiceCollection AddRateLimits(this IServiceCollection services)
    {
        services.AddOptions<ReadLimitOptions>().BindConfiguration(ReadLimitOptions.Section);
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = async (rejected, cancellationToken) =>
            {
                var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
                var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
                var response = rejected.HttpContext.Response;
                response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                response.ContentType = "text/plain; charset=utf-8";
                var policy = rejected.HttpContext.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName;
                await response.WriteAsync(
                    policy == SignInThrottle.Policy
                        ? $"Too many sign-in attempts from this address. Try again in {seconds} seconds."
                        : $"Too many requests from this address. Try again in {seconds} seconds.",
                    cancellationToken);
            };
            limiter.AddPolicy(Reads, context => RateLimitPartition.GetSlidingWindowLimiter(SignInThrottle.ClientOf(context), _ => new SlidingWindowRateLimiterOptions
            {
                PermitLimit = context.RequestServices.GetRequiredService<IOptions<ReadLimitOptions>>().Value.ReadsPerMinute,
                Window = TimeSpan.FromMinutes(1),
                SegmentsPerWindow = 6,
                QueueLimit = 0,
            }));
        });
        return services;
    }
}
