using Microsoft.Extensions.Primitives;
using Timeline.Domain;

namespace Timeline.Web.Features.Embed;

/// <summary>How an embed is coloured: following the reader's system setting, or always light or dark.</summary>
public enum EmbedTheme
{
    Auto,
    Light,
    Dark,
}

/// <summary>An embed option that could not be used, and why, in words fit to show inside the frame.</summary>
public sealed record EmbedProblem(string Option, string Message);

/// <summary>
/// What an embed shows and how, as carried in its query string: filters (tag, actor, from, to), the event to open at
/// (start), the theme and the compact layout. Unknown keys, such as the loader's frame id, are ignored.
/// </summary>
public sealed record EmbedQuery
{
    public const string TagKey = "tag";
    public const string ActorKey = "actor";
    public const string FromKey = "from";
    public const string ToKey = "to";
    public const string StartKey = "start";
    public const string ThemeKey = "theme";
    public const string CompactKey = "compact";

    // Longer values are no slug or date; cutting them keeps messages that quote them short.
    private const int MaxValueLength = 100;
    private const int MaxQuotedLength = 40;

    /// <summary>The query-string keys that change what an embed shows; output caching varies by these alone.</summary>
    public static IReadOnlyList<string> Keys { get; } = [TagKey, ActorKey, FromKey, ToKey, StartKey, ThemeKey, CompactKey];

    /// <summary>The whole timeline, oldest first, in the reader's theme.</summary>
    public static EmbedQuery Default { get; } = new();

    /// <summary>Only events with this tag (its slug, or its name in any case).</summary>
    public string? Tag { get; init; }

    /// <summary>Only events with this actor (its slug, or its name in any case).</summary>
    public string? Actor { get; init; }

    /// <summary>Only events that reach into this date or later.</summary>
    public PartialDate? From { get; init; }

    /// <summary>Only events that begin in this date or earlier.</summary>
    public PartialDate? To { get; init; }

    /// <summary>The slug of the event to open at: its excerpts are shown open and the frame scrolls to it.</summary>
    public string? Start { get; init; }

    public EmbedTheme Theme { get; init; }

    /// <summary>Dates, titles and evidence only, without summaries.</summary>
    public bool Compact { get; init; }

    /// <summary>Reads the options; values that cannot be used are left out and described in <paramref name="problems"/>.</summary>
    public static EmbedQuery Parse(IEnumerable<KeyValuePair<string, StringValues>> query, out IReadOnlyList<EmbedProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(query);
        var values = query
            .Where(p => Keys.Contains(p.Key, StringComparer.OrdinalIgnoreCase))
            .GroupBy(p => p.Key.ToLowerInvariant())
            .ToDictionary(g => g.Key, g => g.SelectMany(p => p.Value).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v))?.Trim());
        var found = new List<EmbedProblem>();

        var from = ReadDate(values, FromKey, found);
        var to = ReadDate(values, ToKey, found);
        if (from is { } f && to is { } t && f.EarliestDay > t.LatestDay)
        {
            found.Add(new EmbedProblem(FromKey, $"“from={f.ToIso()}” is after “to={t.ToIso()}”, so both were ignored."));
            (from, to) = (null, null);
        }

        var result = new EmbedQuery
        {
            Tag = ReadName(values, TagKey, found),
            Actor = ReadName(values, ActorKey, found),
            From = from,
            To = to,
            Start = ReadName(values, StartKey, found),
            Theme = ReadTheme(values, found),
            Compact = ReadCompact(values, found),
        };
        problems = found;
        return result;
    }

    /// <summary>The options that differ from the defaults, in a stable order, as they are written in a query string.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> ToQueryParameters()
    {
        var parameters = new List<KeyValuePair<string, string>>();
        Add(TagKey, Tag);
        Add(ActorKey, Actor);
        Add(FromKey, From?.ToIso());
        Add(ToKey, To?.ToIso());
        Add(StartKey, Start);
        Add(ThemeKey, Theme == EmbedTheme.Auto ? null : Theme.ToString().ToLowerInvariant());
        Add(CompactKey, Compact ? "true" : null);
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

    internal static string Quote(string value) =>
        value.Length <= MaxQuotedLength ? value : string.Concat(value.AsSpan(0, MaxQuotedLength), "…");

    private static string? ReadName(Dictionary<string, string?> values, string key, List<EmbedProblem> problems)
    {
        if (!values.TryGetValue(key, out var value) || value is null)
        {
            return null;
        }

        if (value.Length > MaxValueLength)
        {
            problems.Add(new EmbedProblem(key, $"“{key}={Quote(value)}” was ignored: it is too long."));
            return null;
        }

        return value;
    }

    private static PartialDate? ReadDate(Dictionary<string, string?> values, string key, List<EmbedProblem> problems)
    {
        if (!values.TryGetValue(key, out var value) || value is null)
        {
            return null;
        }

        if (PartialDate.TryParse(value, DateQualifier.Exact, out var date, out var error))
        {
            return date;
        }

        problems.Add(new EmbedProblem(key, $"“{key}={Quote(value)}” was ignored: {LowerFirst(error)}"));
        return null;
    }

    private static EmbedTheme ReadTheme(Dictionary<string, string?> values, List<EmbedProblem> problems)
    {
        if (!values.TryGetValue(ThemeKey, out var value) || value is null)
        {
            return EmbedTheme.Auto;
        }

        switch (value.ToLowerInvariant())
        {
            case "auto":
                return EmbedTheme.Auto;
            case "light":
                return EmbedTheme.Light;
            case "dark":
                return EmbedTheme.Dark;
            default:
                problems.Add(new EmbedProblem(ThemeKey, $"“theme={Quote(value)}” was ignored: use light, dark or auto."));
                return EmbedTheme.Auto;
        }
    }

    private static bool ReadCompact(Dictionary<string, string?> values, List<EmbedProblem> problems)
    {
        if (!values.TryGetValue(CompactKey, out var value))
        {
            return false;
        }

        // Present without a value ("?compact", data-compact="") means on, like an HTML boolean attribute.
        switch (value?.ToLowerInvariant())
        {
            case null or "true" or "1" or "yes" or "on":
                return true;
            case "false" or "0" or "no" or "off":
                return false;
            default:
                problems.Add(new EmbedProblem(CompactKey, $"“compact={Quote(value)}” was ignored: use true or false."));
                return false;
        }
    }

    // "Month must be between 1 and 12." reads on after a colon as "month must be between 1 and 12."
    private static string LowerFirst(string sentence) =>
        sentence.Length > 1 && char.IsUpper(sentence[0]) && !char.IsUpper(sentence[1])
            ? char.ToLowerInvariant(sentence[0]) + sentence[1..]
            : sentence;
}
