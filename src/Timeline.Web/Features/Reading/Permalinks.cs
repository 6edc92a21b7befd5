using System.Net;
using Microsoft.EntityFrameworkCore;
using Timeline.Web.Data;
using Timeline.Web.Infrastructure;

namespace Timeline.Web.Features.Reading;

/// <summary>What a reader address names: the item as it is now, an item since renamed, a removed item, or nothing.</summary>
public enum LinkState
{
    /// <summary>The address is current, or names nothing readers may know of (a draft, a slug never used): the endpoint answers.</summary>
    Current,

    /// <summary>A slug the item had before a rename: answered 301 with the current address.</summary>
    Moved,

    /// <summary>A published item since deleted: answered 410 Gone.</summary>
    Gone,
}

/// <summary>The answer for a timeline (and event) slug pair, with the current slugs when it moved.</summary>
public sealed record LinkResolution(LinkState State, string? TimelineSlug = null, string? EventSlug = null)
{
    public static readonly LinkResolution Current = new(LinkState.Current);
    public static readonly LinkResolution Gone = new(LinkState.Gone);
}

/// <summary>
/// Keeps every link that was ever shared working: a slug a timeline or event had before a rename leads to the item as
/// it is now, and a deleted item says it was removed (410) instead of pretending it never existed. Drafts, and items
/// deleted before they were ever published, stay unknown (404), so nothing about unpublished work leaks.
/// </summary>
public sealed class Permalinks(IDbContextFactory<TimelineDbContext> dbFactory)
{
    private sealed record Item(int Id, string Slug, bool IsPublished, bool IsDeleted);

    public async Task<LinkResolution> ResolveAsync(string timelineSlug, string? eventSlug, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(timelineSlug);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var timeline = await db.Timelines.IgnoreQueryFilters().AsNoTracking()
            .Where(t => t.Slug == timelineSlug)
            .Select(t => new Item(t.Id, t.Slug, t.IsPublished, t.IsDeleted))
            .FirstOrDefaultAsync(cancellationToken);
        var timelineMoved = false;
        if (timeline is null)
        {
            timeline = await db.FormerTimelineSlugs.IgnoreQueryFilters().AsNoTracking()
                .Where(f => f.Slug == timelineSlug)
                .Select(f => new Item(f.Timeline.Id, f.Timeline.Slug, f.Timeline.IsPublished, f.Timeline.IsDeleted))
                .FirstOrDefaultAsync(cancellationToken);
            timelineMoved = timeline is not null;
        }

        if (timeline is null || !timeline.IsPublished)
        {
            return LinkResolution.Current;
        }

        if (timeline.IsDeleted)
        {
            return LinkResolution.Gone;
        }

        if (eventSlug is null)
        {
            return timelineMoved ? new LinkResolution(LinkState.Moved, timeline.Slug) : LinkResolution.Current;
        }

        var ev = await db.Events.IgnoreQueryFilters().AsNoTracking()
            .Where(e => e.TimelineId == timeline.Id && e.Slug == eventSlug)
            .Select(e => new Item(e.Id, e.Slug, e.IsPublished, e.IsDeleted))
            .FirstOrDefaultAsync(cancellationToken);
        var eventMoved = false;
        if (ev is null)
        {
            ev = await db.FormerEventSlugs.IgnoreQueryFilters().AsNoTracking()
                .Where(f => f.TimelineId == timeline.Id && f.Slug == eventSlug)
                .Select(f => new Item(f.Event.Id, f.Event.Slug, f.Event.IsPublished, f.Event.IsDeleted))
                .FirstOrDefaultAsync(cancellationToken);
            eventMoved = ev is not null;
        }

        if (ev is null || !ev.IsPublished)
        {
            // Unknown in this timeline: said where the timeline is now, which answers 404 for it.
            return timelineMoved ? new LinkResolution(LinkState.Moved, timeline.Slug, eventSlug) : LinkResolution.Current;
        }

        if (ev.IsDeleted)
        {
            return LinkResolution.Gone;
        }

        return timelineMoved || eventMoved ? new LinkResolution(LinkState.Moved, timeline.Slug, ev.Slug) : LinkResolution.Current;
    }

    /// <summary>
    /// The same path with the timeline segment (after "t" or "timelines") and the event segment (after "e") replaced by
    /// the current slugs: "/embed/t/old/e/old-event?theme=dark" → "/embed/t/new/e/new-event?theme=dark".
    /// </summary>
    public static string Rewrite(string path, LinkResolution moved)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(moved);
        var segments = path.Split('/');
        var timelineAt = Array.FindIndex(segments, s => s is "t" or "timelines");
        if (timelineAt < 0 || timelineAt + 1 >= segments.Length)
        {
            return path;
        }

        segments[timelineAt + 1] = Uri.EscapeDataString(moved.TimelineSlug!);
        if (moved.EventSlug is not null)
        {
            var eventAt = Array.IndexOf(segments, "e", timelineAt + 2);
            if (eventAt > 0 && eventAt + 1 < segments.Length)
            {
                segments[eventAt + 1] = Uri.EscapeDataString(moved.EventSlug);
            }
        }

        return string.Join('/', segments);
    }
}

/// <summary>Answers old and removed reader addresses before their endpoints run (cache hits never get here).</summary>
public static class PermalinkMiddleware
{
    /// <summary>How long a 301 or 410 may be kept: as long as a page, since a slug can be given back to its item.</summary>
    private static readonly string CacheControl = ReaderCaching.PublicCacheControl;

    public static IApplicationBuilder UsePermalinks(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var kind = context.PageKindOf();
        if (!kind.IsPublicRead()
            || !(HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
            || context.Request.RouteValues["slug"] is not string slug)
        {
            await next(context);
            return;
        }

        var eventSlug = context.Request.RouteValues["eventSlug"] as string;
        var resolution = await context.RequestServices.GetRequiredService<Permalinks>().ResolveAsync(slug, eventSlug, context.RequestAborted);
        switch (resolution.State)
        {
            case LinkState.Moved:
                context.Response.StatusCode = StatusCodes.Status301MovedPermanently;
                context.Response.Headers.Location = Permalinks.Rewrite(context.Request.PathBase + context.Request.Path, resolution) + context.Request.QueryString;
                context.Response.Headers.CacheControl = CacheControl;
                return;
            case LinkState.Gone:
                await WriteGoneAsync(context, kind!.Value, isEvent: eventSlug is not null);
                return;
            default:
                await next(context);
                return;
        }
    });

    private static async Task WriteGoneAsync(HttpContext context, PageKind kind, bool isEvent)
    {
        var what = isEvent ? "event" : "timeline";
        context.Response.StatusCode = StatusCodes.Status410Gone;
        context.Response.Headers.CacheControl = CacheControl;
        if (kind == PageKind.Api)
        {
            await Results.Problem(statusCode: StatusCodes.Status410Gone, title: "Removed",
                detail: $"This {what} was removed by its editors.").ExecuteAsync(context);
            return;
        }

        if (kind == PageKind.Reader)
        {
            // The site's own page (the status-code re-execution renders /not-found, which reads the 410).
            return;
        }

        // Inside another site's article: a frame with a plain sentence, and the site a click away in a new tab.
        context.Response.ContentType = "text/html; charset=utf-8";
        var home = WebUtility.HtmlEncode(new Uri(context.RequestServices.GetRequiredService<PublicOrigins>().For(context.Request), "/").AbsoluteUri);
        await context.Response.WriteAsync(
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            + $"<title>Removed · Timeline</title></head><body><main><p>This {what} was removed by its editors.</p>"
            + $"<p><a href=\"{home}\" target=\"_blank\" rel=\"noopener\">See the site’s timelines</a></p></main></body></html>");
    }
}
