using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection.Extensions;
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
public sealed class SignInThrottle(IOptions<SignInOptions> options, TimeProvider clock, ISignInFailures failures)
{
    public const string Policy = "sign-in";

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
    public async Task<TimeSpan> WaitForAsync(string email, string client)
    {
        var now = clock.GetUtcNow();
        var window = options.Value.Window;
        var (count, oldest) = await failures.CountAsync(Account(email), client, now - window);
        return count < options.Value.FailuresPerAccountAndClient || oldest is not { } first ? TimeSpan.Zero : first + window - now;
    }

    public Task FailedAsync(string email, string client)
    {
        var now = clock.GetUtcNow();
        return failures.AddAsync(Account(email), client, now, now - options.Value.Window, options.Value.Window);
    }

    public Task SucceededAsync(string email, string client) => failures.ForgetAsync(Account(email), client);

    /// <summary>True when the account waits before it may try again from at least one address.</summary>
    public async Task<bool> IsThrottledAsync(string email)
    {
        foreach (var client in await failures.ClientsAsync(Account(email)))
        {
            if (await WaitForAsync(email, client) > TimeSpan.Zero)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Forgets the account's failed attempts from every address (an admin lifted the wait).</summary>
    public Task ClearAsync(string email) => failures.ForgetAllAsync(Account(email));

    /// <summary>The client as the rate limits see it: its address (forwarded headers are not trusted).</summary>
    public static string ClientOf(HttpContext context) => context?.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static string Account(string email) => email.Trim().ToUpperInvariant();
}

/// <summary>
/// Where failed sign-ins are counted, per account (its email, upper-cased) and client address: in this instance's memory
/// (<see cref="MemorySignInFailures"/>), or with several instances in Redis (<see cref="Infrastructure.RedisSignInFailures"/>),
/// so that an admin lifting a wait on one instance lifts it on all.
/// </summary>
public interface ISignInFailures
{
    /// <summary>The failures since <paramref name="since"/> and the oldest of them; older ones are forgotten.</summary>
    Task<(int Count, DateTimeOffset? Oldest)> CountAsync(string account, string client, DateTimeOffset since);

    /// <summary>Counts a failure at <paramref name="at"/>, forgetting those before <paramref name="since"/>.</summary>
    Task AddAsync(string account, string client, DateTimeOffset at, DateTimeOffset since, TimeSpan window);

    Task ForgetAsync(string account, string client);

    /// <summary>The addresses the account has failures counted from.</summary>
    Task<IReadOnlyList<string>> ClientsAsync(string account);

    Task ForgetAllAsync(string account);
}

/// <summary>Failed sign-ins in this instance's memory: one instance, or Redis unreachable.</summary>
public sealed class MemorySignInFailures : ISignInFailures
{
    private readonly ConcurrentDictionary<(string Account, string Client), Queue<DateTimeOffset>> failures = new();

    public Task<(int Count, DateTimeOffset? Oldest)> CountAsync(string account, string client, DateTimeOffset since)
    {
        if (!failures.TryGetValue((account, client), out var queue))
        {
            return Task.FromResult<(int, DateTimeOffset?)>((0, null));
        }

        lock (queue)
        {
            Expire(queue, since);
            return Task.FromResult<(int, DateTimeOffset?)>((queue.Count, queue.Count > 0 ? queue.Peek() : null));
        }
    }

    public Task AddAsync(string account, string client, DateTimeOffset at, DateTimeOffset since, TimeSpan window)
    {
        var queue = failures.GetOrAdd((account, client), _ => new Queue<DateTimeOffset>());
        lock (queue)
        {
            Expire(queue, since);
            queue.Enqueue(at);
        }

        return Task.CompletedTask;
    }

    public Task ForgetAsync(string account, string client)
    {
        failures.TryRemove((account, client), out _);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> ClientsAsync(string account) =>
        Task.FromResult<IReadOnlyList<string>>([.. failures.Keys.Where(k => k.Account == account).Select(k => k.Client)]);

    public Task ForgetAllAsync(string account)
    {
        foreach (var key in failures.Keys.Where(k => k.Account == account))
        {
            failures.TryRemove(key, out _);
        }

        return Task.CompletedTask;
    }

    private static void Expire(Queue<DateTimeOffset> queue, DateTimeOffset since)
    {
        while (queue.Count > 0 && queue.Peek() <= since)
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
        // With Redis configured, AddSharedCache registers the shared store instead (before or after this).
        services.TryAddSingleton<MemorySignInFailures>();
        services.TryAddSingleton<ISignInFailures>(sp => sp.GetRequiredService<MemorySignInFailures>());
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
