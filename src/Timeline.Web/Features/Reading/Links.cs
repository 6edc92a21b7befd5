using System.Globalization;

namespace Timeline.Web.Features.Reading;

/// <summary>
/// The one place that builds the site's reader addresses (the routes of the reader pages, the embed and the source
/// view), so that a route changes in one place. Slugs are lower-case letters, digits and hyphens, safe in a path as
/// they are; they are escaped all the same, so that a bad value can never break out of its segment.
/// </summary>
public static class Links
{
    /// <summary>/t/{slug}, followed by a query string ("?tag=labour") and a fragment ("#y-2019") when given.</summary>
    public static string Timeline(string slug, string query = "", string? fragment = null) =>
        $"/t/{Segment(slug)}{query}{(fragment is null ? "" : "#" + fragment)}";

    /// <summary>/t/{slug}/disagreements, at a page when past the first.</summary>
    public static string Disagreements(string slug, int page = 1) =>
        $"/t/{Segment(slug)}/disagreements{(page > 1 ? "?page=" + page.ToString(CultureInfo.InvariantCulture) : "")}";

    /// <summary>/t/{slug}/corrections: the corrections and updates readers were told of.</summary>
    public static string Corrections(string slug) => $"/t/{Segment(slug)}/corrections";

    /// <summary>/t/{slug}/e/{event}: an event's permalink, as a step of a story told newest first when asked.</summary>
    public static string Event(string timelineSlug, string eventSlug, bool newestFirst = false) =>
        $"/t/{Segment(timelineSlug)}/e/{Segment(eventSlug)}{(newestFirst ? "?order=newest" : "")}";

    /// <summary>/sources/{id}: a source's full text with its cited passages highlighted.</summary>
    /// <summary>One width of an event's stored image.</summary>
    public static string Media(int imageId, int width) =>
        string.Create(CultureInfo.InvariantCulture, $"/media/{imageId}/{width}.webp");

    public static string Source(int sourceId) => $"/sources/{sourceId.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>/sources/{id}#x-{excerpt}: one passage highlighted in its source.</summary>
    public static string Passage(int sourceId, int excerptId) => $"{Source(sourceId)}#x-{excerptId.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>/embed/t/{slug}, or /embed/t/{slug}/e/{event}, followed by a query string when given.</summary>
    public static string Embed(string timelineSlug, string? eventSlug = null, string query = "") =>
        $"/embed/t/{Segment(timelineSlug)}{(eventSlug is null ? "" : "/e/" + Segment(eventSlug))}{query}";

    private static string Segment(string value) => Uri.EscapeDataString(value);
}
