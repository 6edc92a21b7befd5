using System.Globalization;
using Timeline.Domain;

namespace Timeline.Web.Features.Reading;

/// <summary>A reader's view of a timeline: filters and page, all carried in the query string.</summary>
public sealed record TimelineQuery(string? Tag, string? Actor, int? Source, PartialDate? From, PartialDate? To, bool DisputedOnly, int Page)
{
    /// <summary>Events per page: keeps every page well under the 300 KB HTML budget even with many passages per event.</summary>
    public const int PageSize = 40;

    public static TimelineQuery All { get; } = new(null, null, null, null, null, false, 1);

    public bool IsFiltered => Tag is not null || Actor is not null || Source is not null || From is not null || To is not null || DisputedOnly;

    /// <summary>Reads the query string values; values that make no sense are dropped with a message for the reader.</summary>
    public static (TimelineQuery Query, IReadOnlyList<string> Problems) Parse(string? tag, string? actor, string? source, string? from, string? to, string? disputed, string? page)
    {
        var problems = new List<string>();
        PartialDate? Date(string? value, string label)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                return null;
            }

            if (PartialDate.TryParse(value, DateQualifier.Exact, out var date, out var error))
            {
                return date;
            }

            problems.Add($"The “{label}” date was ignored: {error}");
            return null;
        }

        var fromDate = Date(from, "from");
        var toDate = Date(to, "to");
        if (fromDate is { } f && toDate is { } t && t.LatestDay < f.EarliestDay)
        {
            problems.Add($"The range was ignored: {t.ToDisplayString()} is before {f.ToDisplayString()}.");
            fromDate = toDate = null;
        }

        int? sourceId = int.TryParse(source, NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s > 0 ? s : null;
        var pageNumber = int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p > 0 ? p : 1;
        return (new TimelineQuery(Clean(tag), Clean(actor), sourceId, fromDate, toDate, disputed is "1" or "true" or "on", pageNumber), problems);
    }

    /// <summary>The query string for this view, with some values replaced; null removes a value.</summary>
    public string ToQueryString(string? tag = "", string? actor = "", int? source = -1, string? from = "", string? to = "", bool? disputed = null, int? page = 1)
    {
        var pairs = new List<string>();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                pairs.Add($"{name}={Uri.EscapeDataString(value)}");
            }
        }

        Add("tag", tag == "" ? Tag : tag);
        Add("actor", actor == "" ? Actor : actor);
        Add("source", (source == -1 ? Source : source)?.ToString(CultureInfo.InvariantCulture));
        Add("from", from == "" ? From?.ToIso() : from);
        Add("to", to == "" ? To?.ToIso() : to);
        Add("disputed", (disputed ?? DisputedOnly) ? "1" : null);
        Add("page", page is > 1 ? page.Value.ToString(CultureInfo.InvariantCulture) : null);
        return pairs.Count == 0 ? "" : "?" + string.Join('&', pairs);
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim().ToLowerInvariant();
}

/// <summary>One value of a filter with how many events of the current view carry it.</summary>
public sealed record FacetValue(string Key, string Label, int Count);

/// <summary>Events per year, and the page on which the year starts.</summary>
public sealed record YearCount(int Year, int Count, int Page);

/// <summary>A run of years with events, separated from the next by a gap: an era of the timeline.</summary>
public sealed record Era(int From, int To, int Count);

/// <summary>One page of a timeline as a reader filtered it, with the counts the filters show.</summary>
public sealed record TimelinePageView(
    TimelineView Timeline, TimelineQuery Query, int TotalEvents, int MatchingEvents, int PageCount,
    IReadOnlyList<FacetValue> Tags, IReadOnlyList<FacetValue> Actors, IReadOnlyList<FacetValue> Sources,
    IReadOnlyList<YearCount> Years, IReadOnlyList<Era> Eras, int DisputedEvents)
{
    public IEnumerable<int> YearsOnPage => Timeline.Events.Select(e => e.Start.Year).Distinct();
}
