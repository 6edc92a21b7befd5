using Microsoft.AspNetCore.OutputCaching;

namespace Timeline.Web.Infrastructure;

/// <summary>
/// Reader responses (pages, API, embeds) are output-cached and tagged per timeline;
/// an editor's save evicts that timeline's tag (and its digest) so readers see the change at once.
/// </summary>
public sealed class ReaderCache(IOutputCacheStore store, Features.Reading.TimelineDigests digests, ISharedEvictions shared)
{
    /// <summary>Tag carried by every cached response that shows any timeline data (lists, sources).</summary>
    public const string AllTimelinesTag = "timelines";

    public static string TimelineTag(string slug) => $"timeline:{slug}";

    /// <summary>Drops every cached response that shows this timeline, and the lists that name it.</summary>
    public async Task EvictTimelineAsync(string slug, CancellationToken cancellationToken = default)
    {
        digests.Forget(slug);
        // Other instances see their digest of it is out of date, then evict again what they stored meanwhile (see SharedCache).
        await shared.BumpAsync(slug);
        await store.EvictByTagAsync(TimelineTag(slug), cancellationToken);
        await store.EvictByTagAsync(AllTimelinesTag, cancellationToken);
        await shared.AnnounceAsync(slug);
    }
}
