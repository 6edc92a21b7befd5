using System.Text.Json.Nodes;
using Timeline.Domain;

namespace Timeline.Web.Features.Reading;

/// <summary>
/// schema.org JSON-LD for reader pages, so that search engines and archives read a timeline as a list of dated events
/// and each event with the news articles it is drawn from (as <c>subjectOf</c>: NewsArticle). Serialised with the
/// default encoder, which escapes &lt; and &gt;, so no text can close the script element it sits in.
/// </summary>
public static class StructuredData
{
    private const string Context = "https://schema.org";

    /// <summary>A timeline page: an ItemList of the events it shows, in order, each with its URL, name and start date.</summary>
    public static string ForTimeline(Uri origin, string slug, string title, string description, IEnumerable<EventView> events)
    {
        ArgumentNullException.ThrowIfNull(origin);
        var items = new JsonArray();
        var position = 0;
        foreach (var e in events)
        {
            items.Add(new JsonObject
            {
                ["@type"] = "ListItem",
                ["position"] = ++position,
                ["url"] = new Uri(origin, Links.Event(slug, e.Slug)).AbsoluteUri,
                ["name"] = e.Title,
            });
        }

        return new JsonObject
        {
            ["@context"] = Context,
            ["@type"] = "ItemList",
            ["name"] = title,
            ["description"] = description,
            ["url"] = new Uri(origin, Links.Timeline(slug)).AbsoluteUri,
            ["numberOfItems"] = position,
            ["itemListElement"] = items,
        }.ToJsonString();
    }

    /// <summary>An event page: an Event with its dates, and the articles its passages come from as NewsArticle.</summary>
    public static string ForEvent(Uri origin, string timelineSlug, EventView e)
    {
        ArgumentNullException.ThrowIfNull(origin);
        ArgumentNullException.ThrowIfNull(e);
        var articles = new JsonArray();
        foreach (var source in e.Excerpts.Select(x => x.Source).DistinctBy(s => s.Id))
        {
            var article = new JsonObject
            {
                ["@type"] = "NewsArticle",
                ["headline"] = source.Title,
                ["publisher"] = new JsonObject { ["@type"] = "Organization", ["name"] = source.Outlet },
            };
            if (source.Author is { Length: > 0 } author)
            {
                article["author"] = new JsonObject { ["@type"] = "Person", ["name"] = author };
            }

            if (source.PublishedOn is { } published)
            {
                article["datePublished"] = published.ToIso();
            }

            if (source.WebUrl is { } url)
            {
                article["url"] = url;
            }

            articles.Add(article);
        }

        var ld = new JsonObject
        {
            ["@context"] = Context,
            ["@type"] = "Event",
            ["name"] = e.Title,
            ["description"] = MarkdownRenderer.ToPlainText(e.Summary),
            ["startDate"] = e.Start.ToIso(),
            ["url"] = new Uri(origin, Links.Event(timelineSlug, e.Slug)).AbsoluteUri,
            ["subjectOf"] = articles,
        };
        if (e.End is { } end)
        {
            ld["endDate"] = end.ToIso();
        }

        return ld.ToJsonString();
    }
}
