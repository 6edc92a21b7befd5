using Microsoft.EntityFrameworkCore;
using Timeline.Web.Data;

namespace Timeline.Web.Features.Editing;

/// <summary>
/// The slugs items hold, now and before: a slug stays with the item that first had it (as its current slug, in the
/// trash, or as a former slug whose links lead to it), so a shared link never comes to name another item.
/// </summary>
internal static class SlugRecords
{
    /// <summary>Why another timeline holds this slug, naming it; null when the slug is free for this one.</summary>
    public static async Task<string?> TimelineSlugHolderAsync(TimelineDbContext db, string slug, int? exceptId, CancellationToken cancellationToken)
    {
        var current = await db.Timelines.IgnoreQueryFilters()
            .Where(t => t.Slug == slug && t.Id != exceptId)
            .Select(t => new { t.Title, t.IsDeleted })
            .FirstOrDefaultAsync(cancellationToken);
        if (current is not null)
        {
            return current.IsDeleted
                ? $"The timeline “{current.Title}”, in the trash, still uses this slug. Choose another or restore it."
                : $"The timeline “{current.Title}” already uses this slug. Choose another.";
        }

        var former = await db.FormerTimelineSlugs.IgnoreQueryFilters()
            .Where(f => f.Slug == slug && f.TimelineId != exceptId)
            .Select(f => f.Timeline.Title)
            .FirstOrDefaultAsync(cancellationToken);
        return former is null ? null
            : $"The timeline “{former}” used this slug before it was renamed, and links to it still lead there. Choose another.";
    }

    /// <summary>Why another event of the timeline holds this slug, naming it; null when the slug is free for this one.</summary>
    public static async Task<string?> EventSlugHolderAsync(TimelineDbContext db, int timelineId, string slug, int? exceptId, CancellationToken cancellationToken)
    {
        var current = await db.Events.IgnoreQueryFilters()
            .Where(e => e.TimelineId == timelineId && e.Slug == slug && e.Id != exceptId)
            .Select(e => new { e.Title, e.IsDeleted })
            .FirstOrDefaultAsync(cancellationToken);
        if (current is not null)
        {
            return current.IsDeleted
                ? $"A deleted event (“{current.Title}”, in the trash) still uses this slug. Choose another or restore it."
                : $"“{current.Title}” already uses this slug in this timeline. Choose another.";
        }

        var former = await db.FormerEventSlugs.IgnoreQueryFilters()
            .Where(f => f.TimelineId == timelineId && f.Slug == slug && f.EventId != exceptId)
            .Select(f => f.Event.Title)
            .FirstOrDefaultAsync(cancellationToken);
        return former is null ? null
            : $"“{former}” used this slug before it was renamed, and links to it still lead there. Choose another.";
    }

    /// <summary>Keeps a renamed timeline's old slug as a former one, and drops the new slug from its former ones.</summary>
    public static async Task RetireTimelineSlugAsync(TimelineDbContext db, int timelineId, string oldSlug, string newSlug, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (oldSlug == newSlug)
        {
            return;
        }

        var formers = await db.FormerTimelineSlugs.Where(f => f.TimelineId == timelineId).ToListAsync(cancellationToken);
        db.FormerTimelineSlugs.RemoveRange(formers.Where(f => f.Slug == newSlug));
        if (!formers.Any(f => f.Slug == oldSlug))
        {
            db.FormerTimelineSlugs.Add(new FormerTimelineSlug { TimelineId = timelineId, Slug = oldSlug, RetiredAt = now });
        }
    }

    /// <summary>Keeps a renamed event's old slug as a former one, and drops the new slug from its former ones.</summary>
    public static async Task RetireEventSlugAsync(TimelineDbContext db, int timelineId, int eventId, string oldSlug, string newSlug, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (oldSlug == newSlug)
        {
            return;
        }

        var formers = await db.FormerEventSlugs.Where(f => f.EventId == eventId).ToListAsync(cancellationToken);
        db.FormerEventSlugs.RemoveRange(formers.Where(f => f.Slug == newSlug));
        if (!formers.Any(f => f.Slug == oldSlug))
        {
            db.FormerEventSlugs.Add(new FormerEventSlug { EventId = eventId, TimelineId = timelineId, Slug = oldSlug, RetiredAt = now });
        }
    }
}
