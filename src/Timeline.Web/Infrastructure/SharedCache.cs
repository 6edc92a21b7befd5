using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;
using Timeline.Web.Features.Accounts;

namespace Timeline.Web.Infrastructure;

/// <summary>
/// Where the reader cache lives when the app runs as several instances: with <c>Redis:Configuration</c> set
/// (env <c>Redis__Configuration=redis:6379</c>), the output cache is one store in Redis that every instance reads and
/// evicts, and each timeline has a generation in Redis, raised on every save, against which each instance checks what it
/// keeps in memory (its <see cref="Features.Reading.TimelineDigest"/>). Without it, each instance keeps its own cache in
/// memory, as a single instance needs.
/// </summary>
public static class SharedCache
{
    /// <summary>The channel evictions are announced on.</summary>
    public static readonly RedisChannel Evictions = RedisChannel.Literal("timeline:evictions");

    /// <summary>The prefix of the output cache's keys in Redis, so that one Redis can serve other things too.</summary>
    public const string InstanceName = "timeline:";

    public static IServiceCollection AddSharedCache(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var redis = configuration["Redis:Configuration"];
        if (string.IsNullOrWhiteSpace(redis))
        {
            services.AddSingleton<ISharedEvictions, LocalEvictions>();
            return services;
        }

        ConfigurationOptions options;
        try
        {
            options = ConfigurationOptions.Parse(redis);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidOperationException($"Redis:Configuration “{redis}” is not a Redis connection string such as “redis:6379” ({ex.Message}).", ex);
        }

        // Reconnects on its own when Redis restarts; readers are then served renders (uncached) until it is back.
        options.AbortOnConnectFail = false;
        // One connection for the cache store and the eviction channel, made when first needed.
        var connection = new Lazy<Task<IConnectionMultiplexer>>(async () => await ConnectionMultiplexer.ConnectAsync(options));
        services.AddSingleton(_ => connection.Value.GetAwaiter().GetResult());
        services.AddStackExchangeRedisOutputCache(cache =>
        {
            cache.InstanceName = InstanceName;
            cache.ConnectionMultiplexerFactory = () => connection.Value;
        });
        // Each instance keeps a copy of what it serves in memory, in front of Redis, checked against the generation.
        var redisStore = services.Last(d => d.ServiceType == typeof(IOutputCacheStore));
        services.Remove(redisStore);
        services.AddHttpContextAccessor();
        services.AddSingleton<IOutputCacheStore>(sp => new TieredOutputCacheStore(
            Create<IOutputCacheStore>(sp, redisStore), sp.GetRequiredService<ICacheGeneration>(), sp.GetRequiredService<IHttpContextAccessor>()));
        services.AddSingleton<RedisEvictions>();
        services.AddSingleton<ISharedEvictions>(sp => sp.GetRequiredService<RedisEvictions>());
        services.AddSingleton<RedisGenerations>();
        services.AddSingleton<ICacheGeneration>(sp => sp.GetRequiredService<RedisGenerations>());
        services.AddHostedService(sp => sp.GetRequiredService<RedisEvictions>());
        services.AddHealthChecks().AddCheck<SharedCacheHealth>("shared cache");
        // Failed sign-ins counted on every instance alike, so that lifting a wait on one lifts it on all.
        services.AddSingleton<ISignInFailures, RedisSignInFailures>();
        return services;
    }

    private static T Create<T>(IServiceProvider services, ServiceDescriptor descriptor) =>
        (T)(descriptor.ImplementationInstance
            ?? descriptor.ImplementationFactory?.Invoke(services)
            ?? ActivatorUtilities.CreateInstance(services, descriptor.ImplementationType!));
}

/// <summary>
/// What instances tell each other about evictions: a generation per timeline, raised before its cached views are evicted
/// (so an instance that kept a digest of it in memory sees it is out of date on its next render), and an announcement
/// after (so every instance evicts again what it may have stored in between).
/// </summary>
public interface ISharedEvictions
{
    /// <summary>The timeline's current generation; 0 with a single instance, whose memory is evicted directly.</summary>
    ValueTask<long> GenerationAsync(string slug);

    /// <summary>Raises the generation: called after the save's commit and before the evictions.</summary>
    Task BumpAsync(string slug);

    /// <summary>Tells the other instances: called after the evictions.</summary>
    Task AnnounceAsync(string slug);
}

/// <summary>One instance: nobody else to tell.</summary>
internal sealed class LocalEvictions : ISharedEvictions
{
    public ValueTask<long> GenerationAsync(string slug) => ValueTask.FromResult(0L);

    public Task BumpAsync(string slug) => Task.CompletedTask;

    public Task AnnounceAsync(string slug) => Task.CompletedTask;
}

/// <summary>
/// The generations as Redis counters: one per timeline (<see cref="ISharedEvictions.GenerationAsync"/>) and one for the
/// whole cache (<see cref="ICacheGeneration"/>), raised together on every save.
/// </summary>
internal sealed class RedisGenerations(IConnectionMultiplexer redis, ILogger<RedisGenerations> logger) : ICacheGeneration
{
    private static readonly RedisKey CacheGeneration = $"{SharedCache.InstanceName}generation";

    private static RedisKey Generation(string slug) => $"{SharedCache.InstanceName}generation:{slug}";

    public bool IsAvailable => redis.IsConnected;

    public ValueTask<long?> CurrentAsync() => ReadAsync(CacheGeneration);

    /// <summary>The timeline's generation; 0 when Redis cannot be reached, so that digests keep to their lifetime.</summary>
    public async ValueTask<long> OfAsync(string slug) => await ReadAsync(Generation(slug)) ?? 0;

    /// <summary>A counter's value (0 before its first raise), or null when Redis cannot be reached.</summary>
    private async ValueTask<long?> ReadAsync(RedisKey key)
    {
        if (!redis.IsConnected)
        {
            // Not a round trip that would wait for the client's timeout on every read.
            return null;
        }

        try
        {
            var value = await redis.GetDatabase().StringGetAsync(key);
            return value.TryParse(out long generation) ? generation : 0;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            logger.LogWarning(ex, "Could not read {Key} from Redis", key.ToString());
            return null;
        }
    }

    public async Task RaiseAsync(string slug)
    {
        if (!redis.IsConnected)
        {
            logger.LogWarning("Redis is unreachable: the generation of {Slug} was not raised; other instances show the save within their lifetimes", slug);
            return;
        }

        try
        {
            var database = redis.GetDatabase();
            await Task.WhenAll(database.StringIncrementAsync(Generation(slug)), database.StringIncrementAsync(CacheGeneration));
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            logger.LogWarning(ex, "Could not raise the generation of {Slug}", slug);
        }
    }
}

/// <summary>
/// Generations as Redis counters (<see cref="RedisGenerations"/>) and announcements on a Redis channel; on every
/// instance's announcement, the timeline's tags are evicted again from the shared store (and every instance's copies in
/// memory), so that a page another instance rendered from the old data between the save and this message does not
/// outlive it. When Redis cannot be reached, digests fall back to their lifetime bound and pages to the output cache's.
/// </summary>
internal sealed class RedisEvictions(IConnectionMultiplexer redis, IOutputCacheStore store, RedisGenerations generations, ILogger<RedisEvictions> logger)
    : ISharedEvictions, IHostedService
{
    private int subscribed;

    public ValueTask<long> GenerationAsync(string slug) => generations.OfAsync(slug);

    public Task BumpAsync(string slug) => generations.RaiseAsync(slug);

    public async Task AnnounceAsync(string slug)
    {
        if (!redis.IsConnected)
        {
            return;
        }

        try
        {
            await redis.GetSubscriber().PublishAsync(SharedCache.Evictions, slug);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            logger.LogWarning(ex, "Could not announce the eviction of {Slug} to other instances", slug);
        }
    }

    /// <summary>
    /// Listens for other instances' announcements; when Redis cannot be reached at start, the instance starts anyway
    /// (caching alone, see <see cref="TieredOutputCacheStore"/>) and listens once a connection is made.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        redis.ConnectionRestored += OnConnectionRestored;
        if (redis.IsConnected)
        {
            await SubscribeAsync();
        }
        else
        {
            logger.LogWarning("Redis is unreachable: this instance caches alone until it can reach it");
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        redis.ConnectionRestored -= OnConnectionRestored;
        if (Interlocked.Exchange(ref subscribed, 0) == 1 && redis.IsConnected)
        {
            try
            {
                await redis.GetSubscriber().UnsubscribeAsync(SharedCache.Evictions);
            }
            catch (ObjectDisposedException)
            {
                // The connection was closed first (the app is shutting down): its subscriptions went with it.
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                logger.LogWarning(ex, "Could not stop listening for evictions");
            }
        }
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        if (Volatile.Read(ref subscribed) == 0)
        {
            _ = SubscribeAsync();
        }
    }

    private async Task SubscribeAsync()
    {
        if (Interlocked.Exchange(ref subscribed, 1) == 1)
        {
            return;
        }

        try
        {
            // Once subscribed, the client subscribes again by itself after every reconnection.
            await redis.GetSubscriber().SubscribeAsync(SharedCache.Evictions, (channel, message) =>
            {
                if (!message.IsNullOrEmpty)
                {
                    _ = EvictAgainAsync(message.ToString());
                }
            });
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            Volatile.Write(ref subscribed, 0);
            logger.LogWarning(ex, "Could not listen for evictions; trying again when Redis is reachable");
        }
    }

    private async Task EvictAgainAsync(string slug)
    {
        try
        {
            await store.EvictByTagAsync(ReaderCache.TimelineTag(slug), CancellationToken.None);
            await store.EvictByTagAsync(ReaderCache.AllTimelinesTag, CancellationToken.None);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or OperationCanceledException or ObjectDisposedException)
        {
            logger.LogWarning(ex, "Could not evict {Slug} from the shared cache", slug);
        }
    }
}

/// <summary>
/// /healthz says Degraded (still 200: the instance serves) while Redis is unreachable, so that an operator sees why
/// edits take up to <see cref="TieredOutputCacheStore.AloneLifetime"/> to reach the other instances.
/// </summary>
internal sealed class SharedCacheHealth(IConnectionMultiplexer redis) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(redis.IsConnected
            ? HealthCheckResult.Healthy("Redis is connected.")
            : HealthCheckResult.Degraded("Redis is unreachable: each instance caches alone and shows other instances' edits within seconds."));
}
