using System.Globalization;
using Timeline.Domain;

namespace Timeline.Web.Features.Reading;

/// <summary>An option of a query string that could not be used, and why, in words fit to show to readers.</summary>
public sealed record QueryProblem(string Option, string Message);

/// <summary>
/// Which events of a timeline a reader asked for, the same on the timeline page, in the embed and in the API: a tag, an
/// actor, a source, a date range and disputed events only. The date range selects events that reach into it: an event's
/// span (start to end, each at its own precision and qualifier) meets [From, To].
/// </summary>
public sealed record TimelineFilter
{
    public const string TagKey = "tag";
    public const string ActorKey = "actor";
    public const string SourceKey = "source";
    public const string FromKey = "from";
    public const string ToKey = "to";
    public const string DisputedKey = "disputed";

    // Longer values are no slug, name or date; cutting them keeps messages that quote them short.
    private const int MaxValueLength = 100;
    private const int MaxQuotedLength = 40;

    /// <summary>The query-string keys of a filter.</summary>
    public static IReadOnlyList<string> Keys { get; } = [TagKey, ActorKey, SourceKey, FromKey, ToKey, DisputedKey];

    /// <summary>Every event.</summary>
    public static TimelineFilter None { get; } = new();

    /// <summary>A tag's slug, or its name in any case (the reader resolves it to the slug).</summary>
    public string? Tag { get; init; }

    /// <summary>An actor's slug, or its name in any case.</summary>
    public string? Actor { get; init; }

    /// <summary>Only events that cite this source.</summary>
    public int? Source { get; init; }

    /// <summary>Only events that reach into this date or later.</summary>
    public PartialDate? From { get; init; }

    /// <summary>Only events that begin in this date or earlier.</summary>
    public PartialDate? To { get; init; }

    public bool DisputedOnly { get; init; }

    public bool IsEmpty => Tag is null && Actor is null && Source is null && From is null && To is null && !DisputedOnly;

    /// <summary>
    /// Reads a filter from query-string values (<paramref name="read"/> gives a key's value, or null when absent);
    /// values that cannot be used are left out and described in <paramref name="problems"/>.
    /// </summary>
    public static TimelineFilter Parse(Func<string, string?> read, ICollection<QueryProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(problems);
        var from = ReadDate(read, FromKey, problems);
        var to = ReadDate(read, ToKey, problems);
        if (from is { } f && to is { } t && f.EarliestDay > t.LatestDay)
        {
            problems.Add(new QueryProblem(FromKey, $"“from={f.ToIso()}” is after “to={t.ToIso()}”, so both were ignored."));
            (from, to) = (null, null);
        }

        return new TimelineFilter
        {
            Tag = ReadName(read, TagKey, problems),
            Actor = ReadName(read, ActorKey, problems),
            Source = ReadSource(read, problems),
            From = from,
            To = to,
            DisputedOnly = ReadFlag(read, DisputedKey, problems),
        };
    }

    /// <summary>The filter's values in a stable order, as they are written in a query string.</summary>
    public IEnumerable<KeyValuePair<string, string>> ToQueryParameters()
    {
        if (Tag is not null)
        {
            yield return new(TagKey, Tag);
        }

        if (Actor is not null)
        {
            yield return new(ActorKey, Actor);
        }

        if (Source is { } source)
        {
            yield return new(SourceKey, source.ToString(CultureInfo.InvariantCulture));
        }

        if (From is { } from)
        {
            yield return new(FromKey, from.ToIso());
        }

        if (To is { } to)
        {
            yield return new(ToKey, to.ToIso());
        }

        if (DisputedOnly)
        {
            yield return new(DisputedKey, "1");
        }
    }

    /// <summary>Whether an event of these dates reaches into the filter's range (the rule the database applies to <c>FirstDay</c> and <c>LastDay</c>).</summary>
    public bool Overlaps(PartialDate start, PartialDate? end) =>
        (From is not { } f || (end ?? start).LatestDay >= f.EarliestDay) && (To is not { } t || start.EarliestDay <= t.LatestDay);

    internal static string Quote(string value) =>
        value.Length <= MaxQuotedLength ? value : string.Concat(value.AsSpan(0, MaxQuotedLength), "…");

    private static string? ReadName(Func<string, string?> read, string key, ICollection<QueryProblem> problems)
    {
        var value = read(key)?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (value.Length > MaxValueLength)
        {
            problems.Add(new QueryProblem(key, $"“{key}={Quote(value)}” was ignored: it is too long."));
            return null;
        }

        return value;
    }

    private static int? ReadSource(Func<string, string?> read, ICollection<QueryProblem> problems)
    {
        var value = read(SourceKey)?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0)
        {
            return id;
        }

        problems.Add(new QueryProblem(SourceKey, $"“source={Quote(value)}” was ignored: a source is given by its number."));
        return null;
    }

    private static PartialDate? ReadDate(Func<string, string?> read, string key, ICollection<QueryProblem> problems)
    {
        var value = read(key)?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (PartialDate.TryParse(value, DateQualifier.Exact, out var date, out var error))
        {
            return date;
        }

        problems.Add(new QueryProblem(key, $"“{key}={Quote(value)}” was ignored: {LowerFirst(error)}"));
        return null;
    }

    /// <summary>A boolean option: present without a value ("?disputed", data-disputed="") means on, like an HTML boolean attribute.</summary>
    internal static bool ReadFlag(Func<string, string?> read, string key, ICollection<QueryProblem> problems, bool presentMeansOn = true)
    {
        var value = read(key);
        if (value is null)
        {
            return false;
        }

        switch (value.Trim().ToLowerInvariant())
        {
            case "" when presentMeansOn:
            case "true" or "1" or "yes" or "on":
                return true;
            case "" or "false" or "0" or "no" or "off":
                return false;
            default:
                problems.Add(new QueryProblem(key, $"“{key}={Quote(value)}” was ignored: use true or false."));
                return false;
        }
    }

    // "Month must be between 1 and 12." reads on after a colon as "month must be between 1 and 12."
    private static string LowerFirst(string sentence) =>
        sentence.Length > 1 && char.IsUpper(sentence[0]) && !char.IsUpper(sentence[1])
            ? char.ToLowerInvariant(sentence[0]) + sentence[1..]
            : sentence;
}
