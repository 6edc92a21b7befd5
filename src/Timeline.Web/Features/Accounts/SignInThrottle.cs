using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Timeline.Web.Features.Accounts;

/// <summary>Limits on signing in, from the "Accounts:SignIn" configuration section.</summary>
public sealed class SignInOptions
{
    public const string Section = "Accounts:SignIn";

    /// <summary>Sign-in attempts (POSTs) one client address may make per minute, whatever the accounts.</summary>
    public int PerClientPerMinute { get; set; } = 20;

    /// <summary>Failed attempts at one account from one client address before that pair waits out <see cref="Window"/>.</summary>
    public int FailuresPerAccountAndClient { get; set; } = 5;

    /// <summary>How long failures count against an account and a client.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(15);
}

/// <summary>
/// Throttles guessing instead of locking accounts: Identity's lockout let anyone lock every editor out with five
/// wrong passwords. Here, failures count per typed email and client address, so a guesser elsewhere never stops the
/// editor, and an email with no account is throttled exactly like one with an account (nothing tells them apart).
/// Each client address is also held to a number of attempts per minute by the built-in rate limiter (429 with Retry-After).
/// </summary>
public sealed class SignInThrottle(IOptions<SignInOptions> options, TimeProvider clock)
{
    public const string Policy = "sign-in";

    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> failures = new(StringComparer.Ordinal);
    private string? dummyHash;

    /// <summary>
    /// A password hash no one knows, checked against when the email has no account, so that an unknown email costs the
    /// same work as a wrong password: the answer's time does not tell which emails are editors'.
    /// </summary>
    public string DummyHash(Microsoft.AspNetCore.Identity.IPasswordHasher<Timeline.Web.Data.EditorUser> hasher)
    {
        ArgumentNullException.ThrowIfNull(hasher);
        return dummyHash ??= hasher.HashPassword(new Timeline.Web.Data.EditorUser(), Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
    }

    /// <summary>How long the pair must wait before trying again; zero when it may try now.</summary>
    public TimeSpan WaitFor(string email, string client)
    {
        var queue = failures.GetValueOrDefault(Key(email, client));
        if (queue is null)
        {
            return TimeSpan.Zero;
        }

        lock (queue)
        {
            var now = clock.GetUtcNow();
            Expire(queue, now);
            return queue.Count < options.Value.FailuresPerAccountAndClient ? TimeSpan.Zero : queue.Peek() + options.Value.Window - now;
        }
    }

    public void Failed(string email, string client)
    {
        var queue = failures.GetOrAdd(Key(email, client), _ => new Queue<DateTimeOffset>());
        lock (queue)
        {
            var now = clock.GetUtcNow();
            Expire(queue, now);
            queue.Enqueue(now);
        }
    }

    public void Succeeded(string email, string client) => failures.TryRemove(Key(email, client), out _);

    /// <summary>True when the account waits before it may try again from at least one address.</summary>
    public bool IsThrottled(string email)
    {
        var prefix = Key(email, "");
        return failures.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).Any(k => WaitFor(email, k[prefix.Length..]) > TimeSpan.Zero);
    }

    /// <summary>Forgets the account's failed attempts from every address (an admin lifted the wait).</summary>
    public void Clear(string email)
    {
        var prefix = Key(email, "");
        foreach (var key in failures.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)))
        {
            failures.TryRemove(key, out _);
        }
    }

    /// <summary>The client as the rate limits see it: its address (forwarded headers are not trusted).</summary>
    public static string ClientOf(HttpContext context) => context?.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static string Key(string email, string client) => $"{email.Trim().ToUpperInvariant()}|{client}";

    private void Expire(Queue<DateTimeOffset> queue, DateTimeOffset now)
    {
        while (queue.Count > 0 && queue.Peek() + options.Value.Window <= now)
        {
            queue.Dequeue();
        }
    }
}

public static class SignInThrottleExtensions
{
    public static IServiceCollection AddSignInThrottle(this IServiceCollection services)
    {
        services.AddOptions<SignInOptions>().BindConfiguration(SignInOptions.Section);
        services.AddSingleton<SignInThrottle>();
        services.Configure<RateLimiterOptions>(limiter =>
            // Only the form's POST is limited: showing the sign-in page costs nothing to guard.
            limiter.AddPolicy(SignInThrottle.Policy, context => HttpMethods.IsPost(context.Request.Method)
                ? RateLimitPartition.GetSlidingWindowLimiter(SignInThrottle.ClientOf(context), _ => new SlidingWindowRateLimiterOptions
                {
                    PermitLimit = context.RequestServices.GetRequiredService<IOptions<SignInOptions>>().Value.PerClientPerMinute,
                    Window = TimeSpan.FromMinutes(1),
                    SegmentsPerWindow = 6,
                    QueueLimit = 0,
                })
                : RateLimitPartition.GetNoLimiter("read")));
        return services;
    }
}
