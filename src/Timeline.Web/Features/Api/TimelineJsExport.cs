using Microsoft.AspNetCore.Http.HttpResults;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Serialization;
using Timeline.Domain;
using Timeline.Web.Data;
using Timeline.Web.Features.Reading;
using Timeline.Web.Infrastructure;

namespace Timeline.Web.Features.Api;

/// <summary>
/// A published timeline in TimelineJS3's JSON format (https://timeline.knightlab.com/docs/json-format.html), so that it
/// opens in TimelineJS as it is: a title slide, every published event with its dates split into year, month and day,
/// our own date label as display_date (TimelineJS has no "late 2017" or "before"), the summary with the passages that
/// back it quoted verbatim and attributed, the media, the first tag as the group, the slug as unique_id; and the eras.
/// </summary>
public static class TimelineJsExport
{
    /// <summary>As many events as the generator writes at most: a whole timeline, in one file.</summary>
    internal const int MaxEvents = 1_000_000;

    /// <summary>A whole published timeline for an export, or null.</summary>
    internal static Task<TimelineSlice?> WholeAsync(TimelineReader reader, string slug, CancellationToken cancellationToken) =>
        reader.GetTimelineSliceAsync(slug, TimelineFilter.None, 1, MaxEvents, cancellationToken);

    /// <summary>What an export answers for a slug that names no published timeline.</summary>
    internal static ProblemHttpResult NotFound(string slug) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Timeline not found",
            detail: $"There is no published timeline with the slug '{slug}'.");

    public static string PathFor(string slug) => $"/api/timelines/{Uri.EscapeDataString(slug)}/timelinejs";

    public static IEndpointRouteBuilder MapTimelineJsExport(this IEndpointRouteBuilder app)
    {
        app.MapMethods("/api/timelines/{slug}/timelinejs", [HttpMethods.Get, HttpMethods.Head], GetAsync)
            .CacheForReaders(PageKind.Api)
            .WithTags("Timelines")
            .WithName("ExportTimelineJs")
            .WithSummary("A published timeline in TimelineJS3's JSON, ready for a TimelineJS embed.")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> GetAsync(string slug, HttpContext http, TimelineReader reader, PublicOrigins origins, CancellationToken cancellationToken)
    {
        if (await WholeAsync(reader, slug, cancellationToken) is not { } slice)
        {
            return NotFound(slug);
        }

        http.Response.Headers.ContentDisposition = $"inline; filename=\"{slug}.timelinejs.json\"";
        return TypedResults.Ok(Build(slice, origins.For(http.Request)));
    }

    internal static TjsTimeline Build(TimelineSlice slice, Uri origin)
    {
        var timeline = slice.Timeline;
        return new TjsTimeline(
            new TjsSlide(new TjsText(timeline.Title, timeline.DescriptionHtml)),
            [.. timeline.Events.Select(e => Event(e, timeline.Slug, origin))],
            [.. slice.Eras.Select(era => new TjsEra(Date(era.Start), Date(era.End), new TjsText(era.Name, null)))]);
    }

    private static TjsEvent Event(EventView e, string timelineSlug, Uri origin)
    {
        var text = new StringBuilder(e.SummaryHtml);
        foreach (var excerpt in e.Excerpts)
        {
            var source = excerpt.Source;
            var role = excerpt.Role switch
            {
                ExcerptRole.Disputes => "Disputes this: ",
                ExcerptRole.Context => "Context: ",
                _ => "",
            };
            var passage = new Uri(origin, Links.Passage(source.Id, excerpt.Id)).AbsoluteUri;
            text.Append(CultureInfo.InvariantCulture,
                $"<blockquote>{WebUtility.HtmlEncode(excerpt.Quote)}</blockquote><p>{WebUtility.HtmlEncode(role)}— {WebUtility.HtmlEncode(source.Outlet)}, <a href=\"{WebUtility.HtmlEncode(passage)}\">{WebUtility.HtmlEncode(source.Title)}</a></p>");
        }

        TjsMedia? media = e.Media switch
        {
            { ImageId: { } imageId } m => new TjsMedia(new Uri(origin, Links.Media(imageId, m.Widths[^1])).AbsoluteUri, m.Caption, m.Credit, m.Alt),
            { IsWebLink: true } m => new TjsMedia(m.Url!, m.Caption, m.Credit, null),
            _ => null,
        };
        return new TjsEvent(Date(e.Start), e.End is { } end ? Date(end) : null, e.DateLabel, new TjsText(e.Title, text.ToString()),
            media, e.Tags.Count > 0 ? e.Tags[0].Name : null, e.Slug);
    }

    /// <summary>"2017-09" → { year: "2017", month: "9" }: the parts the date has, unpadded, as TimelineJS writes them.</summary>
    private static TjsDate Date(PartialDate date)
    {
        var parts = date.ToIso().Split('-');
        static string Part(string value) => int.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);
        return new TjsDate(parts[0], parts.Length > 1 ? Part(parts[1]) : null, parts.Length > 2 ? Part(parts[2]) : null);
    }
}

/// <summary>TimelineJS3's top level: the title slide, the events and the eras.</summary>
public sealed record TjsTimeline(
    [property: JsonPropertyName("title")] TjsSlide Title,
    [property: JsonPropertyName("events")] IReadOnlyList<TjsEvent> Events,
    [property: JsonPropertyName("eras")] IReadOnlyList<TjsEra> Eras);

public sealed record TjsSlide([property: JsonPropertyName("text")] TjsText Text);

public sealed record TjsText(
    [property: JsonPropertyName("headline")] string Headline,
    [property: JsonPropertyName("text"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Text);

public sealed record TjsDate(
    [property: JsonPropertyName("year")] string Year,
    [property: JsonPropertyName("month"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Month,
    [property: JsonPropertyName("day"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Day);

public sealed record TjsEvent(
    [property: JsonPropertyName("start_date")] TjsDate StartDate,
    [property: JsonPropertyName("end_date"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] TjsDate? EndDate,
    [property: JsonPropertyName("display_date")] string DisplayDate,
    [property: JsonPropertyName("text")] TjsText Text,
    [property: JsonPropertyName("media"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] TjsMedia? Media,
    [property: JsonPropertyName("group"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Group,
    [property: JsonPropertyName("unique_id")] string UniqueId);

public sealed record TjsMedia(
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("caption"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Caption,
    [property: JsonPropertyName("credit"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Credit,
    [property: JsonPropertyName("alt"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Alt);

public sealed record TjsEra(
    [property: JsonPropertyName("start_date")] TjsDate StartDate,
    [property: JsonPropertyName("end_date")] TjsDate EndDate,
    [property: JsonPropertyName("text")] TjsText Text);
