using Timeline.Domain;

namespace Timeline.Web.Features.Search;

/// <summary>What a search result points at.</summary>
public enum SearchHitKind
{
    /// <summary>An event of a timeline; links to its permalink.</summary>
    Event,

    /// <summary>A passage quoted as evidence; links to it, highlighted, in its source.</summary>
    Passage,

    /// <summary>A source's text; links to the source page.</summary>
    Source,
}

/// <summary>A link to an event that a passage backs.</summary>
public sealed record SearchEventLink(string Title, string Url, string TimelineTitle);

/// <summary>
/// One search result. <see cref="TitleHtml"/> and <see cref="SnippetHtml"/> are safe HTML: encoded text with &lt;mark&gt; around the matches.
/// </summary>
public sealed record SearchHit(
    SearchHitKind Kind, string Title, string TitleHtml, string Url, PartialDate? Date, string? Outlet, string SnippetHtml,
    string? TimelineTitle, SearchEventLink? CitedBy, int OtherCitations);

/// <summary>One page of results for a query, with the total count, or the reason there is nothing to show.</summary>
public sealed record SearchResults(
    SearchQuery Query, int Total, int Page, int PageSize, IReadOnlyList<SearchHit> Hits, SearchScope? Scope)
{
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);

    public int FirstNumber => ((Page - 1) * PageSize) + 1;
}

/// <summary>The timeline a search is limited to.</summary>
public sealed record SearchScope(int Id, string Slug, string Title);
