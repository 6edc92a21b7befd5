using System.Globalization;
using Timeline.Domain;

namespace Timeline.Web.Features.Reading;

/// <summary>A reader's view of a timeline page: the filter (whose dates are also the axis's view), the order and the page, all carried in the query string.</summary>
public sealed record TimelineQuery(TimelineFilter Filter, int Page, bool NewestFirst = false, string? Lanes = null)
{
    /// <summary>"tag" or "actor": the axis draws a lane per tag or actor of the view, as TimelineJS's groups.</summary>
    public const string LanesKey = "lanes";

    public const string TagLanes = "tag";

    public const string ActorLanes = "actor";

    public const string PageKey = "page";

    /// <summary>"newest" lists (and tells a story) newest first; "oldest", the default, oldest first.</summary>
    public const string OrderKey = "order";

    public const string NewestOrder = "newest";

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
        return (new TimelineQuery(filter, page, ReadNewestFirst(read(OrderKey), problems), ReadLanes(read(LanesKey), problems)), problems);
    }

    /// <summary>Reads the lanes option: "tag", "actor", or none; anything else is ignored with a message.</summary>
    public static string? ReadLanes(string? value, ICollection<QueryProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        switch (value?.Trim().ToLowerInvariant())
        {
            case null or "" or "none":
                return null;
            case TagLanes or "tags":
                return TagLanes;
            case ActorLanes or "actors":
                return ActorLanes;
            default:
                problems.Add(new QueryProblem(LanesKey, $"“lanes={TimelineFilter.Quote(value)}” was ignored: use tag or actor."));
                return null;
        }
    }

    /// <summary>Reads the order option: "newest" or "oldest" (the default); anything else is ignored with a message.</summary>
    public static bool ReadNewestFirst(string? value, ICollection<QueryProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        switch (value?.Trim().ToLowerInvariant())
        {
            case null or "" or "oldest":
                return false;
            case NewestOrder:
                return true;
            default:
                problems.Add(new QueryProblem(OrderKey, $"“order={TimelineFilter.Quote(value)}” was ignored: use newest or oldest."));
                return false;
        }
    }

    /// <summary>The query string of the same filter and order showing another stretch of time (null: the whole timeline), from its first page.</summary>
    public string ToViewQueryString(AxisRange? range)
    {
        if (range is not { } r)
        {
            return ToQueryString(from: null, to: null);
        }

        var (from, to) = r.ToQuery();
        return ToQueryString(from: from, to: to);
    }

    /// <summary>The query string for this view, with some values replaced; null removes a value.</summary>
    public string ToQueryString(string? tag = "", string? actor = "", int? source = -1, string? from = "", string? to = "", bool? disputed = null, int? page = 1, bool? newestFirst = null, string? lanes = "")
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
        Add(OrderKey, (newestFirst ?? NewestFirst) ? NewestOrder : null);
        Add(LanesKey, lanes == "" ? Lanes : lanes);
        Add(PageKey, page is > 1 ? page.Value.ToString(CultureInfo.InvariantCulture) : null);
        return pairs.Count == 0 ? "" : "?" + string.Join('&', pairs);
    }
}

/// <summary>One value of a filter with how many events of the current view carry it.</summary>
public sealed record FacetValue(string Key, string Label, int Count);

/// <summary>One page of a timeline as a reader filtered it, with its axis and the timeline's shared counts.</summary>
public sealed record TimelinePageView(
    TimelineView Timeline, TimelineQuery Query, TimelineDigest Digest, int MatchingEvents, int PageCount, AxisData? Axis, IReadOnlyList<QueryProblem> Problems)
{
    public int TotalEvents => Digest.Total;

    public int DisputedEvents => Digest.Disputed;

    public IReadOnlyList<FacetValue> Tags => Digest.Tags;

    public IReadOnlyList<FacetValue> Actors => Digest.Actors;

    public IReadOnlyList<FacetValue> Sources => Digest.Sources;
}
