using System.Globalization;
using Timeline.Domain;

namespace Timeline.Web.Features.Reading;

/// <summary>A reader's view of a timeline page: the filter and the page, all carried in the query string.</summary>
public sealed record TimelineQuery(TimelineFilter Filter, int Page)
{
    public const string PageKey = "page";

    /// <summary>Events per page: keeps every page well under the 300 KB HTML budget even with many passages per event.</summary>
    public const int PageSize = 40;

    public static TimelineQuery All { get; } = new(TimelineFilter.None, 1);

    public string? Tag => Filter.Tag;

    public string? Actor => Filter.Actor;

    public int? Source => Filter.Source;

    public PartialDate? From => Filter.From;

    public PartialDate? To => Filter.To;

    public bool DisputedOnly => Filter.DisputedOnly;

    public bool IsFiltered => !Filter.IsEmpty;

    /// <summary>Reads the query string values (as <see cref="TimelineFilter.Parse"/> does, plus the page); values that make no sense are dropped with a message for the reader.</summary>
    public static (TimelineQuery Query, IReadOnlyList<QueryProblem> Problems) Parse(Func<string, string?> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        var problems = new List<QueryProblem>();
        var filter = TimelineFilter.Parse(read, problems);
        var page = int.TryParse(read(PageKey), NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p > 0 ? p : 1;
        return (new TimelineQuery(filter, page), problems);
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

        Add(TimelineFilter.TagKey, tag == "" ? Tag : tag);
        Add(TimelineFilter.ActorKey, actor == "" ? Actor : actor);
        Add(TimelineFilter.SourceKey, (source == -1 ? Source : source)?.ToString(CultureInfo.InvariantCulture));
        Add(TimelineFilter.FromKey, from == "" ? From?.ToIso() : from);
        Add(TimelineFilter.ToKey, to == "" ? To?.ToIso() : to);
        Add(TimelineFilter.DisputedKey, (disputed ?? DisputedOnly) ? "1" : null);
        Add(PageKey, page is > 1 ? page.Value.ToString(CultureInfo.InvariantCulture) : null);
        return pairs.Count == 0 ? "" : "?" + string.Join('&', pairs);
    }
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
    IReadOnlyList<YearCount> Years, IReadOnlyList<Era> Eras, int DisputedEvents, IReadOnlyList<QueryProblem> Problems)
{
    public IEnumerable<int> YearsOnPage => Timeline.Events.Select(e => e.Start.Year).Distinct();
}
