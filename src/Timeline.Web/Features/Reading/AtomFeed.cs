using System.Globalization;
using System.Net;
using System.ServiceModel.Syndication;
using System.Text;
using System.Xml;
using Timeline.Web.Infrastructure;

namespace Timeline.Web.Features.Reading;

/// <summary>
/// An Atom feed per timeline (RFC 4287) of its latest added or changed events, newest change first: each entry is the
/// event's summary, its evidence count, and the corrections and updates readers were told of. Cached and evicted with
/// the timeline's pages.
/// </summary>
public static class AtomFeed
{
    /// <summary>How many entries a feed carries.</summary>
    public const int Entries = 50;

    public static string PathFor(string slug) => $"{Links.Timeline(slug)}/feed.atom";

    public static IEndpointRouteBuilder MapAtomFeeds(this IEndpointRouteBuilder app)
    {
        app.MapMethods("/t/{slug}/feed.atom", [HttpMethods.Get, HttpMethods.Head], GetAsync)
            .CacheForReaders(PageKind.Api)
            .WithTags("Feeds")
            .WithName("TimelineFeed")
            .WithSummary("A published timeline's latest 50 added or changed events as an Atom feed.")
            .Produces(StatusCodes.Status200OK, contentType: "application/atom+xml")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> GetAsync(string slug, HttpContext http, TimelineReader reader, PublicOrigins origins, CancellationToken cancellationToken)
    {
        var feed = await reader.GetFeedAsync(slug, Entries, cancellationToken);
        if (feed is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Timeline not found",
                detail: $"There is no published timeline with the slug '{slug}'.");
        }

        var origin = origins.For(http.Request);
        return Results.Bytes(Write(feed, origin), "application/atom+xml; charset=utf-8");
    }

    internal static byte[] Write(FeedView feed, Uri origin)
    {
        var page = new Uri(origin, Links.Timeline(feed.TimelineSlug));
        var syndication = new SyndicationFeed(feed.Title, feed.Description, page, new Uri(origin, PathFor(feed.TimelineSlug)).AbsoluteUri, feed.Updated)
        {
            Generator = "Timeline",
        };
        syndication.Links.Add(SyndicationLink.CreateSelfLink(new Uri(origin, PathFor(feed.TimelineSlug)), "application/atom+xml"));
        // Atom requires an author for the feed (or every entry): the newsroom is the timeline's, named by its site.
        syndication.Authors.Add(new SyndicationPerson { Name = $"{origin.Host} editors" });
        syndication.Items = [.. feed.Items.Select(item => Entry(item, feed.TimelineSlug, origin))];

        using var buffer = new MemoryStream();
        using (var writer = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = false, Async = false }))
        {
            new Atom10FeedFormatter(syndication).WriteTo(writer);
        }

        return buffer.ToArray();
    }

    private static SyndicationItem Entry(FeedItem item, string timelineSlug, Uri origin)
    {
        var e = item.Event;
        var link = new Uri(origin, Links.Event(timelineSlug, e.Slug));
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"<p><strong>{WebUtility.HtmlEncode(e.DateLabel)}</strong></p>");
        html.Append(e.SummaryHtml);
        html.Append(CultureInfo.InvariantCulture, $"<p>{WebUtility.HtmlEncode(Evidence(e))}. <a href=\"{WebUtility.HtmlEncode(link.AbsoluteUri)}\">Read the passages</a>.</p>");
        foreach (var notice in e.Corrections.Reverse())
        {
            html.Append(CultureInfo.InvariantCulture,
                $"<p><strong>{notice.KindLabel}, {WebUtility.HtmlEncode(notice.DateLabel)}:</strong> {WebUtility.HtmlEncode(notice.Note ?? "the event was updated.")}</p>");
        }

        // The id stays with the event whatever its slug becomes.
        var entry = new SyndicationItem(e.Title, new TextSyndicationContent(html.ToString(), TextSyndicationContentKind.Html), link,
            string.Create(CultureInfo.InvariantCulture, $"tag:{origin.Host},2026:event:{e.Id}"), item.UpdatedAt)
        {
            PublishDate = item.CreatedAt,
        };
        foreach (var tag in e.Tags)
        {
            entry.Categories.Add(new SyndicationCategory(tag.Name));
        }

        return entry;
    }

    private static string Evidence(EventView e) => (e.Excerpts.Count, e.SourceCount) switch
    {
        (0, _) => "No passage yet",
        (1, _) => "Backed by 1 passage",
        (var n, 1) => $"Backed by {n} passages from 1 source",
        (var n, var s) => $"Backed by {n} passages from {s} sources",
    };
}
