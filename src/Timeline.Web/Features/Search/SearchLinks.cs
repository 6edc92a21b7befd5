using System.Globalization;

namespace Timeline.Web.Features.Search;

/// <summary>Builds the plain, shareable URLs of search pages.</summary>
public static class SearchLinks
{
    public static string For(string text, string? timelineSlug, int page = 1)
    {
        var url = $"/search?q={Uri.EscapeDataString(text)}";
        if (!string.IsNullOrEmpty(timelineSlug))
        {
            url += $"&t={Uri.EscapeDataString(timelineSlug)}";
        }

        return page > 1 ? url + "&page=" + page.ToString(CultureInfo.InvariantCulture) : url;
    }

    public static string For(SearchResults results, int page)
    {
        ArgumentNullException.ThrowIfNull(results);
        return For(results.Query.Text, results.Scope?.Slug, page);
    }
}
