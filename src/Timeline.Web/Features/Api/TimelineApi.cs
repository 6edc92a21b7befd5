using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Timeline.Web.Data;
using Timeline.Web.Features.Reading;
using Timeline.Web.Infrastructure;

namespace Timeline.Web.Features.Api;

/// <summary>Read-only JSON for published timelines: the same data the reader pages show.</summary>
/// <remarks>
/// A timeline's events come a page at a time (<see cref="PageSize"/>, <c>?page=N</c> from 1), in reading order, with
/// links to the other pages in the body and in an RFC 8288 <c>Link</c> header; a timeline that fits in one page reads
/// as it always did. Each page is output-cached and tagged on its own (the cache varies by <c>page</c>).
/// </remarks>
public static class TimelineApi
{
    /// <summary>Events per page: a 10,000-event timeline is read in 50 responses instead of one of 22 MB.</summary>
    public const int PageSize = 200;

    private const string PageKey = "page";

    private static readonly string[] GetAndHead = [HttpMethods.Get, HttpMethods.Head];

    public static IEndpointRouteBuilder MapTimelineApi(this IEndpointRouteBuilder app)
    {
        // Each page of a timeline is its own cache entry. The list reads no query key; at worst a stray ?page= gives it a
        // second entry with the same body.
        var group = app.MapGroup("/api/timelines").WithTags("Timelines").CacheForReaders(PageKind.Api, [PageKey, .. TimelineFilter.Keys]);
        group.MapMethods("/", GetAndHead, ListAsync).WithName("ListTimelines")
            .WithSummary("Every published timeline, with its event count and address.");
        group.MapMethods("/{slug}", GetAndHead, GetAsync).WithName("GetTimeline")
            .WithSummary("A published timeline with one page of its events (?page=N), filtered like the reader page (tag, actor, source, from, to, disputed).");
        return app;
    }

    private static async Task<Ok<List<TimelineListItemDto>>> ListAsync(TimelineReader reader, CancellationToken cancellationToken)
    {
        var timelines = await reader.ListPublishedAsync(cancellationToken);
        return TypedResults.Ok(timelines.Select(t => new TimelineListItemDto(t.Slug, t.Title, t.EventCount, $"/api/timelines/{t.Slug}")).ToList());
    }

    private static async Task<Results<Ok<TimelineDto>, ProblemHttpResult>> GetAsync(
        string slug, HttpContext context, TimelineReader reader, CancellationToken cancellationToken)
    {
        var asked = context.Request.Query[PageKey];
        // Absent means the first page; anything but one whole number from 1 up is refused below, once the page count is known.
        var page = asked.Count == 0 ? 1
            : asked.Count == 1 && int.TryParse(asked[0], NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number
            : 0;
        // The same filter as the timeline page and the embed (tag, actor, source, from, to, disputed). A program asked for
        // it, so an option that cannot be used is refused rather than set aside.
        var problems = new List<QueryProblem>();
        var query = context.Request.Query;
        var filter = TimelineFilter.Parse(key => query.TryGetValue(key, out var v) ? v.ToString() : null, problems);
        var slice = await reader.GetTimelineSliceAsync(slug, filter, page, PageSize, cancellationToken);
        if (slice is null)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "Timeline not found",
                detail: $"There is no published timeline with the slug '{slug}'.");
        }

        problems.AddRange(slice.Problems);
        if (problems.Count > 0)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "Filter not usable",
                detail: string.Join(" ", problems.Select(p => p.Message)));
        }

        if (!slice.IsInRange)
        {
            var given = asked.ToString();
            return TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "No such page",
                detail: $"page must be a whole number from 1 to {slice.PageCount} (this timeline has {slice.Total} events, {PageSize} to a page), not '{(given.Length > 20 ? given[..20] + "…" : given)}'.");
        }

        var timeline = slice.Timeline;
        var links = PageLinks(timeline.Slug, slice.Applied, slice.Page, slice.PageCount);
        context.Response.Headers.Link = LinkHeader(links);
        return TypedResults.Ok(new TimelineDto(
            timeline.Slug, timeline.Title, timeline.Description,
            slice.Page, slice.PageSize, slice.PageCount, slice.Total, links,
            [.. timeline.Events.Select(ToDto)],
            [.. slice.Eras.Select(e => new EraDto(e.Name, e.Start.ToIso(), e.End.ToIso()))]));
    }

    private static PageLinksDto PageLinks(string slug, TimelineFilter filter, int page, int pageCount)
    {
        var filterQuery = string.Concat(filter.ToQueryParameters().Select(p => $"&{p.Key}={Uri.EscapeDataString(p.Value)}"));
        string Href(int p) => string.Create(CultureInfo.InvariantCulture, $"/api/timelines/{Uri.EscapeDataString(slug)}?{PageKey}={p}{filterQuery}");
        return new PageLinksDto(
            Self: Href(page),
            Next: page < pageCount ? Href(page + 1) : null,
            Prev: page > 1 ? Href(page - 1) : null,
            First: Href(1),
            Last: Href(pageCount));
    }

    /// <summary>The same links as an RFC 8288 Link header: next and prev where they exist, first and last always.</summary>
    private static string LinkHeader(PageLinksDto links) =>
        string.Join(", ", new (string Rel, string? Href)[] { ("next", links.Next), ("prev", links.Prev), ("first", links.First), ("last", links.Last) }
            .Where(l => l.Href is not null)
            .Select(l => $"<{l.Href}>; rel=\"{l.Rel}\""));

    private static EventDto ToDto(EventView e) => new(
        e.Slug, e.Title, e.Summary, e.Start.ToIso(), e.End?.ToIso(), e.Start.Qualifier.ToString().ToLowerInvariant(), e.DateLabel,
        e.IsDisputed, [.. e.Tags.Select(t => t.Name)], [.. e.Actors.Select(a => a.Name)],
        [.. e.Excerpts.Select(x => new ExcerptDto(
            x.Id, x.Source.Id, x.Quote, x.Prefix, x.Suffix, x.Start, x.End, x.Role.ToString().ToLowerInvariant(), x.IsBroken,
            new ExcerptSourceDto(x.Source.Id, x.Source.Title, x.Source.Outlet, x.Source.Author, x.Source.PublishedOn?.ToIso(), x.Source.Url, Timeline.Web.Features.Reading.Links.Passage(x.Source.Id, x.Id)),
            x.Role == ExcerptRole.Disputes ? x.Differs?.ToString().ToLowerInvariant() : null,
            x.Role == ExcerptRole.Disputes ? x.Note : null))],
        MediaDto.Of(e.Media),
        e.UpdatedAt?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
        [.. e.Notices.Select(n => new NoticeDto(n.Kind.ToString().ToLowerInvariant(), n.Note,
            n.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture)))]);
}

/// <summary>A published timeline in the list.</summary>
public sealed record TimelineListItemDto(string Slug, string Title, int EventCount, string Href);

/// <summary>
/// A published timeline with one page of its events, oldest first: <see cref="Page"/> of <see cref="PageCount"/>
/// (from 1), <see cref="PageSize"/> events to a page, <see cref="TotalEvents"/> in all.
/// </summary>
public sealed record TimelineDto(
    string Slug, string Title, string Description, int Page, int PageSize, int PageCount, int TotalEvents, PageLinksDto Links,
    IReadOnlyList<EventDto> Events, IReadOnlyList<EraDto> Eras);

/// <summary>A named period of the timeline, as its editors defined it: ISO dates at their own precision.</summary>
public sealed record EraDto(string Name, string Start, string End);

/// <summary>Relative URLs of this page and the others; <see cref="Next"/> is null on the last page, <see cref="Prev"/> on the first.</summary>
public sealed record PageLinksDto(string Self, string? Next, string? Prev, string First, string Last);

/// <summary>An event; dates are ISO 8601 at their own precision (2017, 2017-09, 2017-09-11).</summary>
public sealed record EventDto(
    string Slug, string Title, string Summary, string Start, string? End, string Qualifier, string DateLabel, bool Disputed,
    IReadOnlyList<string> Tags, IReadOnlyList<string> Actors, IReadOnlyList<ExcerptDto> Excerpts, MediaDto? Media,
    string? Updated, IReadOnlyList<NoticeDto> Notices);

/// <summary>What readers were told of a change after publication: kind "update" or "correction", the note, when (UTC).</summary>
public sealed record NoticeDto(string Kind, string? Note, string At);

/// <summary>An event's media: an image (type "image", its widths as a srcset) or a link card (type "link").</summary>
public sealed record MediaDto(string Type, string Url, string? Srcset, int? Width, int? Height, string? Alt, string? Caption, string? Credit)
{
    public static MediaDto? Of(MediaView? media) => media switch
    {
        { ImageId: { } id } => new MediaDto(
            "image", Links.Media(id, media.Widths[^1]), string.Join(", ", media.Widths.Select(w => $"{Links.Media(id, w)} {w}w")),
            media.Width, media.Height, media.Alt, media.Caption, media.Credit),
        { IsWebLink: true } => new MediaDto("link", media.Url!, null, null, null, null, media.Caption, media.Credit),
        _ => null,
    };
}

/// <summary>An excerpt: a W3C Web Annotation quote (quote, prefix, suffix) and position (start, end) in its source's text.</summary>
public sealed record ExcerptDto(
    int Id, int SourceId, string Quote, string Prefix, string Suffix, int Start, int End, string Role, bool Broken, ExcerptSourceDto Source,
    string? Differs, string? Note);

/// <summary>The source of an excerpt and where to read the passage in place.</summary>
public sealed record ExcerptSourceDto(int Id, string Title, string Outlet, string? Author, string? PublishedOn, string? Url, string Href);
