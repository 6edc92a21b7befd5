using Timeline.Domain;
using Timeline.Web.Data;
using Timeline.Web.Features.Reading;

namespace Timeline.Web.Tests.Embed;

/// <summary>Small timelines for the embed's selection tests: each event states only its slug, dates, tags and actors.</summary>
internal static class EmbedTestData
{
    public static EventView Event(string slug, string start, string? end = null, string[]? tags = null, string[]? actors = null) =>
        new(slug.GetHashCode(StringComparison.Ordinal), slug, $"Event {slug}", "", "", PartialDate.Parse(start), end is null ? null : PartialDate.Parse(end),
            [.. (tags ?? []).Select(t => new NamedRef(t.Replace('-', ' '), t))],
            [.. (actors ?? []).Select(a => new NamedRef(a.Replace('-', ' '), a))],
            [new ExcerptView(1, ExcerptRole.Supports, "A quote.", "", "", 0, 8, AnchorStatus.AtPosition, new SourceRef(1, "A source", "An outlet", null, null, null))]);

    public static TimelineView TimelineOf(params EventView[] events) => new("a-timeline", "A timeline", "", "", events);
}
