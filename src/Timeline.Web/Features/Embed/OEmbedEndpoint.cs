using System.Globalization;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Timeline.Web.Features.Reading;
using Timeline.Web.Infrastructure;

namespace Timeline.Web.Features.Embed;

/// <summary>
/// oEmbed provider (https://oembed.com, sections 2.2–2.4) for this site's timeline and event pages: a "rich" response
/// whose html is the embed's iframe, so that a CMS can turn a pasted link into the embed.
/// </summary>
public static class OEmbedEndpoint
{
    public const string Path = "/oembed";

    /// <summary>The discovery URL for a page of this site, for its &lt;link rel="alternate" type="application/json+oembed"&gt;.</summary>
    public static string DiscoveryUrl(Uri pageUrl)
    {
        ArgumentNullException.ThrowIfNull(pageUrl);
        return new Uri(pageUrl, $"{Path}?url={Uri.EscapeDataString(pageUrl.AbsoluteUri)}&format=json").AbsoluteUri;
    }

    public static async Task<Results<Ok<OEmbedResponse>, RedirectHttpResult, ProblemHttpResult>> GetAsync(
        string? url, string? format, string? maxwidth, string? maxheight, HttpContext http, TimelineReader reader, PublicOrigins origins,
        Permalinks permalinks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(reader);
        // The data is public and the same for everyone; browser-side consumers may read it too.
        http.Response.Headers.AccessControlAllowOrigin = "*";

        if (format is not null && !string.Equals(format, "json", StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status501NotImplemented, title: "Format not supported",
                detail: "This oEmbed provider answers in JSON only: use format=json.");
        }

        if (string.IsNullOrWhiteSpace(url))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest, title: "URL required",
                detail: "Give the address of a timeline or event page of this site in the url parameter.");
        }

        ArgumentNullException.ThrowIfNull(origins);
        var site = origins.For(http.Request);
        if (!TryReadPageUrl(url, new HostString(site.Authority), out var origin, out var slug, out var eventSlug))
        {
            return NotFound(url);
        }

        if (origins.IsConfigured)
        {
            // The snippet points at the site as readers reach it, whichever scheme the consumer wrote.
            origin = site;
        }

        ArgumentNullException.ThrowIfNull(permalinks);
        var link = await permalinks.ResolveAsync(slug, eventSlug, cancellationToken);
        if (link.State == LinkState.Moved)
        {
            // A link shared before a rename: the answer for the page as it is now, at its own URL.
            var current = new Uri(origin, Permalinks.Rewrite(new Uri(url).AbsolutePath, link)).AbsoluteUri;
            http.Response.Headers.CacheControl = ReaderCaching.PublicCacheControl;
            return TypedResults.Redirect(QueryHelpers.AddQueryString(Path, Query(current, format, maxwidth, maxheight)), permanent: true);
        }

        if (link.State == LinkState.Gone)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status410Gone, title: "Removed",
                detail: $"The {(eventSlug is null ? "timeline" : "event")} at {url} was removed by its editors.");
        }

        EmbedTarget target;
        if (eventSlug is null)
        {
            var timelines = await reader.ListPublishedAsync(cancellationToken);
            if (timelines.FirstOrDefault(t => t.Slug == slug) is not { } timeline)
            {
                return NotFound(url);
            }

            target = new EmbedTarget(timeline.Slug, timeline.Title);
        }
        else
        {
            if (await reader.GetEventAsync(slug, eventSlug, cancellationToken: cancellationToken) is not { } page)
            {
                return NotFound(url);
            }

            target = new EmbedTarget(page.TimelineSlug, page.Event.Title, page.Event.Slug);
        }

        var width = Fit(EmbedSnippets.DefaultWidth, maxwidth);
        var height = Fit(EmbedSnippets.DefaultHeight(target), maxheight);
        return TypedResults.Ok(new OEmbedResponse(
            "1.0", "rich", "Timeline", new Uri(origin, "/").AbsoluteUri, target.Title,
            EmbedSnippets.Iframe(origin, target, EmbedQuery.Default, width, height), width, height));
    }

    private static Dictionary<string, string?> Query(string url, string? format, string? maxwidth, string? maxheight)
    {
        var query = new Dictionary<string, string?> { ["url"] = url };
        if (format is not null) { query["format"] = format; }
        if (maxwidth is not null) { query["maxwidth"] = maxwidth; }
        if (maxheight is not null) { query["maxheight"] = maxheight; }
        return query;
    }

    /// <summary>Reads "{origin}/t/{slug}" or "{origin}/t/{slug}/e/{event}" on this site's own host; anything else is not ours.</summary>
    internal static bool TryReadPageUrl(string url, HostString host, out Uri origin, out string slug, out string? eventSlug)
    {
        origin = null!;
        slug = "";
        eventSlug = null;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || !IsOnHost(uri, host))
        {
            return false;
        }

        var segments = uri.AbsolutePath.TrimEnd('/').Split('/');
        var isTimeline = segments is ["", "t", { Length: > 0 }];
        var isEvent = segments is ["", "t", { Length: > 0 }, "e", { Length: > 0 }];
        if (!isTimeline && !isEvent)
        {
            return false;
        }

        origin = new Uri(uri.GetLeftPart(UriPartial.Authority));
        slug = Uri.UnescapeDataString(segments[2]);
        eventSlug = isEvent ? Uri.UnescapeDataString(segments[4]) : null;
        return true;
    }

    // A Host header without a port names the scheme's default port, whichever scheme a TLS-terminating proxy left us with.
    private static bool IsOnHost(Uri uri, HostString host) =>
        string.Equals(uri.IdnHost, host.Host, StringComparison.OrdinalIgnoreCase)
        && (host.Port is { } port ? uri.Port == port : uri.IsDefaultPort);

    // oEmbed lets the consumer cap the size (maxwidth, maxheight); the frame is fluid, so a smaller cap only narrows it.
    private static int Fit(int preferred, string? max) =>
        int.TryParse(max, NumberStyles.None, CultureInfo.InvariantCulture, out var cap) && cap > 0 ? Math.Min(preferred, cap) : preferred;

    private static ProblemHttpResult NotFound(string url) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound, title: "No embed for this URL",
        detail: $"“{TimelineFilter.Quote(url)}” is not a published timeline or event of this site.");
}

/// <summary>An oEmbed 1.0 "rich" response (https://oembed.com, section 2.3.4).</summary>
public sealed record OEmbedResponse(
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("provider_name")] string ProviderName,
    [property: JsonPropertyName("provider_url")] string ProviderUrl,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("html")] string Html,
    [property: JsonPropertyName("width")] int Width,
    [property: JsonPropertyName("height")] int Height);
