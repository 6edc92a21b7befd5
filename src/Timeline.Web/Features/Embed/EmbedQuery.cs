using Microsoft.Extensions.Primitives;
using Timeline.Domain;
using Timeline.Web.Features.Reading;

namespace Timeline.Web.Features.Embed;

/// <summary>
/// How an embed tells the timeline: the stacked list of events (what snippets published before the story view show,
/// and still the default of a URL without "view"), or a story, one event at a time under the drawn axis.
/// </summary>
public enum EmbedView
{
    List,
    Story,
}

/// <summary>How an embed is coloured: following the reader's system setting, or always light or dark.</summary>
public enum EmbedTheme
{
    Auto,
    Light,
    Dark,
}

/// <summary>
/// What an embed shows and how, as carried in its query string: the timeline filter shared with the reader's page and
/// the API (<see cref="TimelineFilter"/>: tag, actor, source, from, to, disputed), the event to open at (start), the
/// theme and the compact layout. Unknown keys, such as the loader's frame id, are ignored.
/// </summary>
public sealed record EmbedQuery
{
    public const string TagKey = TimelineFilter.TagKey;
    public const string ActorKey = TimelineFilter.ActorKey;
    public const string FromKey = TimelineFilter.FromKey;
    public const string ToKey = TimelineFilter.ToKey;
    public const string StartKey = "start";
    public const string ThemeKey = "theme";
    public const string CompactKey = "compact";
    public const string ViewKey = "view";
    public const string LanesKey = TimelineQuery.LanesKey;

    /// <summary>The query-string keys that change what an embed shows; output caching varies by these alone.</summary>
    public static IReadOnlyList<string> Keys { get; } = [.. TimelineFilter.Keys, StartKey, ThemeKey, CompactKey, ViewKey, LanesKey];

    /// <summary>The whole timeline, oldest first, in the reader's theme.</summary>
    public static EmbedQuery Default { get; } = new();

    /// <summary>Which events: the same filter as the timeline page's.</summary>
    public TimelineFilter Filter { get; init; } = TimelineFilter.None;

    /// <summary>Only events with this tag (its slug, or its name in any case).</summary>
    public string? Tag { get => Filter.Tag; init => Filter = Filter with { Tag = value }; }

    /// <summary>Only events with this actor (its slug, or its name in any case).</summary>
    public string? Actor { get => Filter.Actor; init => Filter = Filter with { Actor = value }; }

    /// <summary>Only events that reach into this date or later.</summary>
    public PartialDate? From { get => Filter.From; init => Filter = Filter with { From = value }; }

    /// <summary>Only events that begin in this date or earlier.</summary>
    public PartialDate? To { get => Filter.To; init => Filter = Filter with { To = value }; }

    /// <summary>The slug of the event to open at: its excerpts are shown open and the frame scrolls to it.</summary>
    public string? Start { get; init; }

    public EmbedTheme Theme { get; init; }

    /// <summary>Dates, titles and evidence only, without summaries.</summary>
    public bool Compact { get; init; }

    /// <summary>The stacked list (the default) or the story, one event at a time.</summary>
    public EmbedView View { get; init; }

    /// <summary>In a story, the axis in lanes: "tag" or "actor" (as on the timeline page), or none.</summary>
    public string? Lanes { get; init; }

    /// <summary>Reads the options; values that cannot be used are left out and described in <paramref name="problems"/>.</summary>
    public static EmbedQuery Parse(IEnumerable<KeyValuePair<string, StringValues>> query, out IReadOnlyList<QueryProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(query);
        var values = query
            .Where(p => Keys.Contains(p.Key, StringComparer.OrdinalIgnoreCase))
            .GroupBy(p => p.Key.ToLowerInvariant())
            .ToDictionary(g => g.Key, g => g.SelectMany(p => p.Value).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v))?.Trim() ?? "");
        string? Read(string key) => values.TryGetValue(key, out var value) ? value : null;
        var found = new List<QueryProblem>();
        var result = new EmbedQuery
        {
            Filter = TimelineFilter.Parse(Read, found),
            Start = Read(StartKey) is { Length: > 0 } start ? start : null,
            Theme = ReadTheme(Read(ThemeKey), found),
            Compact = TimelineFilter.ReadFlag(Read, CompactKey, found),
            View = ReadView(Read(ViewKey), found),
            Lanes = TimelineQuery.ReadLanes(Read(LanesKey), found),
        };
        problems = found;
        return result;
    }

    /// <summary>The options that differ from the defaults, in a stable order, as they are written in a query string.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> ToQueryParameters()
    {
        var parameters = new List<KeyValuePair<string, string>>(Filter.ToQueryParameters());
        Add(StartKey, Start);
        Add(ThemeKey, Theme == EmbedTheme.Auto ? null : Theme.ToString().ToLowerInvariant());
        Add(CompactKey, Compact ? "true" : null);
        Add(ViewKey, View == EmbedView.Story ? "story" : null);
        Add(LanesKey, Lanes);
        return parameters;

        void Add(string key, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                parameters.Add(new(key, value));
            }
        }
    }

    /// <summary>"?tag=labour&amp;theme=dark", or "" for the defaults.</summary>
    public string ToQueryString()
    {
        var parameters = ToQueryParameters();
        return parameters.Count == 0
            ? ""
            : "?" + string.Join('&', parameters.Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}"));
    }

    private static EmbedView ReadView(string? value, List<QueryProblem> problems)
    {
        switch (value?.ToLowerInvariant())
        {
            case null or "" or "list":
                return EmbedView.List;
            case "story":
                return EmbedView.Story;
            default:
                problems.Add(new QueryProblem(ViewKey, $"“view={TimelineFilter.Quote(value)}” was ignored: use story or list."));
                return EmbedView.List;
        }
    }

    private static EmbedTheme ReadTheme(string? value, List<QueryProblem> problems)
    {
        switch (value?.ToLowerInvariant())
        {
            case null or "" or "auto":
                return EmbedTheme.Auto;
            case "light":
                return EmbedTheme.Light;
            case "dark":
                return EmbedTheme.Dark;
            default:
                problems.Add(new QueryProblem(ThemeKey, $"“theme={TimelineFilter.Quote(value)}” was ignored: use light, dark or auto."));
                return EmbedTheme.Auto;
        }
    }
}
