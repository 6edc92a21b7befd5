using Microsoft.AspNetCore.Http.HttpResults;
using Timeline.Web.Data;
using Timeline.Web.Features.Reading;
using Timeline.Web.Infrastructure;

namespace Timeline.Web.Features.Api;

/// <summary>Read-only JSON for published timelines: the same data the reader pages show.</summary>
public static class TimelineApi
{
    private static readonly string[] GetAndHead = [HttpMethods.Get, HttpMethods.Head];

    public static IEndpointRouteBuilder MapTimelineApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/timelines").WithTags("Timelines").CacheForReaders(PageKind.Api);
        group.MapMethods("/", GetAndHead, ListAsync).WithName("ListTimelines");
        group.MapMethods("/{slug}", GetAndHead, GetAsync).WithName("GetTimeline");
        return app;
    }

    private static async Task<Ok<List<TimelineListItemDto>>> ListAsync(TimelineReader reader, CancellationToken cancellationToken)
    {
        var timelines = await reader.ListPublishedAsync(cancellationToken);
        return TypedResults.Ok(timelines.Select(t => new TimelineListItemDto(t.Slug, t.Title, t.EventCount, $"/api/timelines/{t.Slug}")).ToList());
    }

    private static async Task<Results<Ok<TimelineDto>, ProblemHttpResult>> GetAsync(string slug, TimelineReader reader, CancellationToken cancellationToken)
    {
        var timeline = await reader.GetTimelineAsync(slug, cancellationToken);
        if (timeline is null)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "Timeline not found",
                detail: $"There is no published timeline with the slug '{slug}'.");
        }

        return TypedResults.Ok(new TimelineDto(
            timeline.Slug, timeline.Title, timeline.Description,
            [.. timeline.Events.Select(ToDto)]));
    }

    private static EventDto ToDto(EventView e) => new(
        e.Slug, e.Title, e.Summary, e.Start.ToIso(), e.End?.ToIso(), e.Start.Qualifier.ToString().ToLowerInvariant(), e.DateLabel,
        e.IsDisputed, [.. e.Tags.Select(t => t.Name)], [.. e.Actors.Select(a => a.Name)],
        [.. e.Excerpts.Select(x => new ExcerptDto(
            x.Id, x.Source.Id, x.Quote, x.Prefix, x.Suffix, x.Start, x.End, x.Role.ToString().ToLowerInvariant(), x.IsBroken,
            new ExcerptSourceDto(x.Source.Id, x.Source.Title, x.Source.Outlet, x.Source.Author, x.Source.PublishedOn?.ToIso(), x.Source.Url, $"/sources/{x.Source.Id}#x-{x.Id}")))]);
}

/// <summary>A published timeline in the list.</summary>
public sealed record TimelineListItemDto(string Slug, string Title, int EventCount, string Href);

/// <summary>A published timeline with its events, oldest first.</summary>
public sealed record TimelineDto(string Slug, string Title, string Description, IReadOnlyList<EventDto> Events);

/// <summary>An event; dates are ISO 8601 at their own precision (2017, 2017-09, 2017-09-11).</summary>
public sealed record EventDto(
    string Slug, string Title, string Summary, string Start, string? End, string Qualifier, string DateLabel, bool Disputed,
    IReadOnlyList<string> Tags, IReadOnlyList<string> Actors, IReadOnlyList<ExcerptDto> Excerpts);

/// <summary>An excerpt: a W3C Web Annotation quote (quote, prefix, suffix) and position (start, end) in its source's text.</summary>
public sealed record ExcerptDto(
    int Id, int SourceId, string Quote, string Prefix, string Suffix, int Start, int End, string Role, bool Broken, ExcerptSourceDto Source);

/// <summary>The source of an excerpt and where to read the passage in place.</summary>
public sealed record ExcerptSourceDto(int Id, string Title, string Outlet, string? Author, string? PublishedOn, string? Url, string Href);
