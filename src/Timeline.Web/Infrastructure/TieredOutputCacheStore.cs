using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Caching.Memory;

namespace Timeline.Web.Infrastructure;

/// <summary>
/// The reader cache of an instance among several: the shared store in Redis, with a copy of what this instance served
/// kept in its own memory in front of it. A hit from memory costs one small read in Redis (the cache generation, raised
/// by every save on any instance) instead of the whole body; a copy is served only while the generation is the one it
/// was made under, so an edit saved on another instance is never served stale from here, even if its announcement is
/// lost.
/// </summary>
/// <remarks>
/// A copy made by a render carries the generation read when the request first looked in the cache (before any data was
/// read), so a save that lands while the page renders leaves the copy out of date at once; if the generation has moved
/// by the time the render is stored, it is stored nowhere, not even in Redis. A copy fetched from Redis is kept here for
/// <see cref="FetchedLifetime"/> only, so that the Age the output cache reports stays close to the stated lifetime.
/// While Redis is unreachable this instance asks it nothing (each call would wait for the client's timeout) and caches
/// alone, for <see cref="AloneLifetime"/>: its own saves show at once, another instance's within that time; when Redis
/// is back, those copies are no longer used.
/// </remarks>
internal sealed class TieredOutputCacheStore(IOutputCacheStore shared, ICacheGeneration generations, IHttpContextAccessor http)
    : IOutputCacheStore, IDisposable
{
    /// <summary>How long a copy fetched from the shared store is kept in memory.</summary>
    public static readonly TimeSpan FetchedLifetime = TimeSpan.FromSeconds(5);

    /// <summary>How long a copy is kept while Redis is unreachable, when no other instance can say it saved.</summary>
    public static readonly TimeSpan AloneLifetime = TimeSpan.FromSeconds(5);

    /// <summary>The memory tier holds at most this many bytes of bodies; the oldest-used go first.</summary>
    private const long MemoryLimitBytes = 128L * 1024 * 1024;

    /// <summary>The generation of copies made while Redis is unreachable: never a counter's value.</summary>
    private const long Alone = long.MinValue;

    private static readonly object GenerationAtLookup = new();

    private readonly MemoryCache local = new(new MemoryCacheOptions { SizeLimit = MemoryLimitBytes, CompactionPercentage = 0.25 });

    public async ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken)
    {
        var current = await generations.CurrentAsync() ?? Alone;
        if (http.HttpContext is { } context)
        {
            context.Items[GenerationAtLookup] = current;
        }

        if (local.TryGetValue(key, out Copy? copy) && copy!.Generation == current)
        {
            return copy.Body;
        }

        if (current == Alone)
        {
            return null;
        }

        var body = await shared.GetAsync(key, cancellationToken);
        if (body is not null)
        {
            Keep(key, body, current, FetchedLifetime);
        }

        return body;
    }

    public async ValueTask SetAsync(string key, byte[] value, string[]? tags, TimeSpan validFor, CancellationToken cancellationToken)
    {
        if (http.HttpContext?.Items[GenerationAtLookup] is not long atLookup)
        {
            // No lookup before it (the policy skipped it): the shared store alone, as without this tier.
            if (generations.IsAvailable)
            {
                await shared.SetAsync(key, value, tags, validFor, cancellationToken);
            }

            return;
        }

        var current = atLookup == Alone ? Alone : await generations.CurrentAsync() ?? Alone;
        if (current == Alone)
        {
            Keep(key, value, Alone, validFor < AloneLifetime ? validFor : AloneLifetime);
            return;
        }

        if (current != atLookup)
        {
            // Saved on some instance while this rendered: the page may show the data from before the save.
            return;
        }

        await shared.SetAsync(key, value, tags, validFor, cancellationToken);
        Keep(key, value, atLookup, validFor);
    }

    public async ValueTask EvictByTagAsync(string tag, CancellationToken cancellationToken)
    {
        // Copies fetched from Redis do not carry their tags here, and saves are rare: every copy goes.
        local.Clear();
        if (generations.IsAvailable)
        {
            await shared.EvictByTagAsync(tag, cancellationToken);
        }
    }

    public void Dispose()
    {
        local.Dispose();
        // Made for this store rather than by the container, which would have disposed it.
        (shared as IDisposable)?.Dispose();
    }

    /// <summary>The shared store behind the memory tier.</summary>
    internal IOutputCacheStore Shared => shared;

    private void Keep(string key, byte[] body, long generation, TimeSpan lifetime) =>
        local.Set(key, new Copy(body, generation), new MemoryCacheEntryOptions
        {
            AbsoluteExpirationRelativeToNow = lifetime,
            Size = Math.Max(1, body.Length),
        });

    private sealed record Copy(byte[] Body, long Generation);
}

/// <summary>The cache generation every instance shares: raised by every save, on any instance.</summary>
public interface ICacheGeneration
{
    /// <summary>Whether the shared store can be reached now (asked without a round trip).</summary>
    bool IsAvailable { get; }

    /// <summary>The current generation, or null when it cannot be read (the shared store is unreachable).</summary>
    ValueTask<long?> CurrentAsync();
}
