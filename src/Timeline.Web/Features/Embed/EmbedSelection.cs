using Timeline.Domain;
using Timeline.Web.Features.Reading;

namespace Timeline.Web.Features.Embed;

/// <summary>
/// The events of a timeline that an embed shows, how many matched its filters, the options it applied, a description
/// of its filters for readers, and the options it set aside because the timeline has no such tag, actor or event.
/// </summary>
public sealed record EmbedSelection(
    IReadOnlyList<EventView> Events, int Matching, EmbedQuery Applied, IReadOnlyList<string> FilterLabels, IReadOnlyList<EmbedProblem> Problems)
{
    /// <summary>
    /// The most events one frame shows. An embed sits in someone else's article and must stay light on phones;
    /// beyond this, filters or the full timeline serve readers better.
    /// </summary>
    public const int MaxEvents = 100;

    /// <summary>Matching events left out by <see cref="MaxEvents"/>.</summary>
    public int NotShown => Matching - Events.Count;

    /// <summary>Selects the events that match the filters; a filter naming something the timeline lacks is set aside.</summary>
    public static EmbedSelection Select(TimelineView timeline, EmbedQuery query)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        ArgumentNullException.ThrowIfNull(query);
        var problems = new List<EmbedProblem>();
        var labels = new List<string>();

        var tag = Resolve(timeline.Events.SelectMany(e => e.Tags), query.Tag, EmbedQuery.TagKey, "tag", problems);
        var actor = Resolve(timeline.Events.SelectMany(e => e.Actors), query.Actor, EmbedQuery.ActorKey, "actor", problems);
        if (tag is not null)
        {
            labels.Add($"tagged “{tag.Name}”");
        }

        if (actor is not null)
        {
            labels.Add($"involving {actor.Name}");
        }

        if (query.From is { } from)
        {
            labels.Add($"from {from.ToDisplayString()}");
        }

        if (query.To is { } to)
        {
            labels.Add($"to {to.ToDisplayString()}");
        }

        var events = timeline.Events
            .Where(e => tag is null || e.Tags.Any(t => t.Slug == tag.Slug))
            .Where(e => actor is null || e.Actors.Any(a => a.Slug == actor.Slug))
            .Where(e => Overlaps(e, query.From, query.To))
            .ToList();

        var start = query.Start;
        if (start is not null && !events.Any(e => e.Slug == start))
        {
            problems.Add(new EmbedProblem(EmbedQuery.StartKey, timeline.Events.Any(e => e.Slug == start)
                ? $"“start={EmbedQuery.Quote(start)}” was ignored: that event is not among the events shown."
                : $"“start={EmbedQuery.Quote(start)}” was ignored: this timeline has no such event."));
            start = null;
        }

        var applied = query with { Tag = tag?.Slug, Actor = actor?.Slug, Start = start };
        return new EmbedSelection(Window(events, start), events.Count, applied, labels, problems);
    }

    /// <summary>
    /// Whether an event's span (start to end, each at its own precision) meets the range: "from 2019" keeps an event of
    /// "late 2018 – 2019", "to 2017-09" keeps one of "2017".
    /// </summary>
    public static bool Overlaps(EventView e, PartialDate? from, PartialDate? to)
    {
        ArgumentNullException.ThrowIfNull(e);
        var last = (e.End ?? e.Start).LatestDay;
        return (from is not { } f || last >= f.EarliestDay) && (to is not { } t || e.Start.EarliestDay <= t.LatestDay);
    }

    // The first events or, when the start event lies beyond them, the events from it on (the last ones near the end).
    private static List<EventView> Window(List<EventView> events, string? start)
    {
        if (events.Count <= MaxEvents)
        {
            return events;
        }

        var index = events.FindIndex(e => e.Slug == start);
        return index < MaxEvents ? events[..MaxEvents] : events.GetRange(Math.Min(index, events.Count - MaxEvents), MaxEvents);
    }

    private static NamedRef? Resolve(IEnumerable<NamedRef> known, string? wanted, string key, string noun, List<EmbedProblem> problems)
    {
        if (wanted is null)
        {
            return null;
        }

        var match = known.FirstOrDefault(r => r.Slug == wanted)
            ?? known.FirstOrDefault(r => string.Equals(r.Name, wanted, StringComparison.OrdinalIgnoreCase));
        if (match is null)
        {
            problems.Add(new EmbedProblem(key, $"“{key}={EmbedQuery.Quote(wanted)}” was ignored: no event of this timeline has that {noun}."));
        }

        return match;
    }
}
