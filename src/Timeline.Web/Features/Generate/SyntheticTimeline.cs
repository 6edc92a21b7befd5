using System.Globalization;
using System.Text;
using Timeline.Domain;
using Timeline.Web.Data;

namespace Timeline.Web.Features.Generate;

/// <summary>What to generate: sizes, the timeline's slug and the random seed that makes the result repeatable.</summary>
public sealed record GenerateOptions(int Events, int Excerpts, int Sources, string Slug, int Seed)
{
    public const string DefaultSlug = "synthetic-10k";

    /// <summary>Why these options cannot be generated, or null when they can.</summary>
    public string? Problem =>
        Events < 1 || Sources < 1 ? "--events and --sources must be at least 1."
        : Excerpts < Events ? "--excerpts must be at least --events: every event is backed by at least one passage."
        : Excerpts < Sources ? "--excerpts must be at least --sources: every source is cited at least once."
        : Events > 1_000_000 || Excerpts > 3_000_000 || Sources > 100_000 ? "That is more than this generator is meant for (1,000,000 events)."
        : Slug != Timeline.Domain.Slug.From(Slug) ? $"--slug must be a URL slug such as {DefaultSlug}."
        : null;
}

/// <summary>
/// Builds a synthetic published timeline in memory: events spread over eight decades at mixed precisions, tags and
/// actors, disputed events, and sources whose texts contain every cited passage verbatim. The same options always give
/// the same content.
/// </summary>
internal sealed class SyntheticTimeline
{
    private const int FirstYear = 1946;
    private const int LastYear = 2025;
    private const int FillerSentencesPerSource = 20;

    private static readonly DateQualifier[] Thirds = [DateQualifier.Early, DateQualifier.Mid, DateQualifier.Late];

    private readonly Random random;
    private readonly GenerateOptions options;
    private readonly DateTimeOffset now;
    private readonly List<string> actorNames = [];

    private SyntheticTimeline(GenerateOptions options, DateTimeOffset now)
    {
        this.options = options;
        this.now = now;
        random = new Random(options.Seed);
    }

    /// <summary>The generated timeline with its events, excerpts and sources, not yet saved; tags and actors are resolved through the lookups.</summary>
    public static TimelineEntity Build(GenerateOptions options, DateTimeOffset now, Func<string, Tag> tag, Func<string, Actor> actor) =>
        new SyntheticTimeline(options, now).Build(tag, actor);

    private TimelineEntity Build(Func<string, Tag> tag, Func<string, Actor> actor)
    {
        NameActors();
        var timeline = new TimelineEntity
        {
            Slug = options.Slug,
            Title = $"Synthetic timeline ({options.Events:N0} events)",
            IsPublished = true,
            CreatedAt = now,
            UpdatedAt = now,
        };
        timeline.SetDescription($"Invented events in invented places, generated for benchmarks and manual tries (seed {options.Seed}). Nothing here happened.");

        var plans = PlanEvents();
        var slots = PlanSlots(plans);
        foreach (var plan in plans)
        {
            var ev = new Event { Timeline = timeline, Slug = plan.Slug, Title = plan.Title, Start = "", IsPublished = true, CreatedAt = now, UpdatedAt = now };
            ev.SetSummary(plan.Summary);
            ev.SetDates(plan.Start, plan.End);
            ev.Tags = [.. plan.Tags.Select(tag)];
            ev.Actors = [.. plan.Actors.Select(actor)];
            plan.Entity = ev;
            timeline.Events.Add(ev);
        }

        WriteSources(plans, slots);
        return timeline;
    }

    private void NameActors()
    {
        var bodies = SyntheticWords.Places.SelectMany(p => SyntheticWords.Bodies.Select(b => $"{p} {b}")).ToList();
        Shuffle(bodies);
        var people = SyntheticWords.GivenNames.SelectMany(g => SyntheticWords.FamilyNames.Select(f => $"{g} {f}")).ToList();
        Shuffle(people);
        actorNames.AddRange(bodies.Take(50));
        actorNames.AddRange(people.Take(30));
    }

    private List<EventPlan> PlanEvents()
    {
        var plans = new List<EventPlan>(options.Events);
        for (var i = 0; i < options.Events; i++)
        {
            var topic = Pick(SyntheticWords.Topics);
            var place = Pick(SyntheticWords.Places);
            var actor = Pick(actorNames);
            var verb = Pick(SyntheticWords.Verbs);
            var start = RandomDate();
            var tags = new List<string> { topic.Tag };
            if (random.NextDouble() < 0.3)
            {
                tags.Add(Pick(SyntheticWords.Topics).Tag);
            }

            var actors = new List<string> { actor };
            for (var extra = random.Next(3); extra > 0; extra--)
            {
                actors.Add(Pick(actorNames));
            }

            var count = random.Next(200, 20_000);
            var title = $"{actor} {verb} {topic.Subject} in {place}";
            var summary = $"{actor} {verb} {topic.Subject} in **{place}**, affecting about {count:N0} {topic.People}. "
                + $"The {topic.Measures} involved were questioned by {Pick(actorNames)}.";
            plans.Add(new EventPlan(title, summary, start, RandomEnd(start), [.. tags.Distinct()], [.. actors.Distinct()], topic, place, actor, verb));
        }

        plans.Sort((a, b) => a.Start.SortKey.CompareTo(b.Start.SortKey));
        for (var i = 0; i < plans.Count; i++)
        {
            plans[i].Slug = $"{Slug.From(plans[i].Title, 70)}-{i + 1}";
        }

        return plans;
    }

    /// <summary>
    /// Decides which source each passage of each event comes from. Sources are taken in time order, so a source cites
    /// events of its own period; neighbouring sources are mixed so an event's passages often come from several.
    /// </summary>
    private List<Slot>[] PlanSlots(List<EventPlan> plans)
    {
        var perEvent = Enumerable.Repeat(1, plans.Count).ToArray();
        for (var extra = options.Excerpts - plans.Count; extra > 0; extra--)
        {
            perEvent[random.Next(plans.Count)]++;
        }

        var perSource = Enumerable.Repeat(options.Excerpts / options.Sources, options.Sources).ToArray();
        for (var i = 0; i < options.Excerpts % options.Sources; i++)
        {
            perSource[i]++;
        }

        var sequence = new List<int>(options.Excerpts);
        for (var s = 0; s < perSource.Length; s++)
        {
            sequence.AddRange(Enumerable.Repeat(s, perSource[s]));
        }

        var window = Math.Max(2, 3 * options.Excerpts / options.Sources);
        for (var from = 0; from < sequence.Count; from += window)
        {
            Shuffle(sequence, from, Math.Min(window, sequence.Count - from));
        }

        var slots = Enumerable.Range(0, options.Sources).Select(_ => new List<Slot>()).ToArray();
        var next = 0;
        for (var e = 0; e < plans.Count; e++)
        {
            var disputed = perEvent[e] >= 2 && random.NextDouble() < 0.08;
            for (var position = 0; position < perEvent[e]; position++)
            {
                var role = position == 0 ? ExcerptRole.Supports
                    : disputed && position == perEvent[e] - 1 ? ExcerptRole.Disputes
                    : random.NextDouble() < 0.15 ? ExcerptRole.Context
                    : ExcerptRole.Supports;
                slots[sequence[next++]].Add(new Slot(plans[e], role, position));
            }
        }

        return slots;
    }

    private void WriteSources(List<EventPlan> plans, List<Slot>[] slots)
    {
        for (var s = 0; s < slots.Length; s++)
        {
            var cited = slots[s];
            var latest = cited.Count == 0 ? LastDayOf(plans[^1].Start) : cited.Max(c => LastDayOf(c.Event.Start));
            var published = latest.AddDays(random.Next(0, 21));
            if (published.Year > LastYear)
            {
                published = new DateOnly(LastYear, 12, 31);
            }

            var main = cited.Count > 0 ? cited[0].Event : Pick(plans);
            var outlet = Pick(SyntheticWords.Outlets);
            var source = new Source
            {
                Title = $"{Capitalise(main.Topic.Subject)}: what changed in {main.Place}",
                Outlet = outlet,
                Author = $"{Pick(SyntheticWords.GivenNames)} {Pick(SyntheticWords.FamilyNames)}",
                PublishedOn = PartialDate.Create(published.Year, published.Month, published.Day).ToIso(),
                Url = string.Create(CultureInfo.InvariantCulture, $"https://example.org/synthetic/{options.Slug}/{s + 1}"),
                Language = "en",
                Text = "",
                CreatedAt = now,
                UpdatedAt = now,
            };

            // Filler sentences go between the cited ones, so passages sit inside ordinary running text.
            var sentences = cited.Select(c => (Slot: (Slot?)c, Text: CitedSentence(c))).ToList();
            for (var f = 0; f < FillerSentencesPerSource; f++)
            {
                sentences.Insert(random.Next(sentences.Count + 1), (null, FillerSentence(main, outlet)));
            }

            var text = new StringBuilder();
            var ranges = new List<(Slot Slot, int Start, int End)>(cited.Count);
            for (var i = 0; i < sentences.Count; i++)
            {
                if (i > 0)
                {
                    text.Append(i % 4 == 0 ? "\n\n" : " ");
                }

                if (sentences[i].Slot is { } slot)
                {
                    ranges.Add((slot, text.Length, text.Length + sentences[i].Text.Length));
                }

                text.Append(sentences[i].Text);
            }

            source.Text = text.ToString();
            foreach (var (slot, start, end) in ranges)
            {
                var (quote, position) = QuoteAnchor.Describe(source.Text, start, end);
                var excerpt = new Excerpt
                {
                    Source = source,
                    Exact = quote.Exact,
                    Prefix = quote.Prefix,
                    Suffix = quote.Suffix,
                    Start = position.Start,
                    End = position.End,
                    Anchor = AnchorStatus.AtPosition,
                    CreatedAt = now,
                };
                slot.Event.Entity!.Excerpts.Add(new EventExcerpt { Event = slot.Event.Entity, Excerpt = excerpt, Role = slot.Role, Position = slot.Position });
            }
        }
    }

    private string CitedSentence(Slot slot)
    {
        var e = slot.Event;
        var t = e.Topic;
        var n = random.Next(12, 9_000).ToString("N0", CultureInfo.InvariantCulture);
        var other = Pick(actorNames);
        var when = e.Start.ToDisplayString();
        return slot.Role switch
        {
            ExcerptRole.Disputes => random.Next(3) switch
            {
                0 => $"{other} denied that {e.Actor} had {e.Verb} {t.Subject}, calling the reports from {e.Place} “inaccurate” and citing {n} pages of its own records.",
                1 => $"Figures published by {other} put the number of {t.People} at {n}, far fewer than officials in {e.Place} claimed.",
                _ => $"Not every account agrees: {other} said the {t.Measures} in {e.Place} were never changed, and that {n} {t.Things} carried on as before.",
            },
            ExcerptRole.Context => random.Next(2) switch
            {
                0 => $"{Capitalise(t.Subject)} had been debated in {e.Place} since {e.Start.Year - random.Next(1, 12)}, when {other} first raised concerns about {t.Measures}.",
                _ => $"{e.Place} has long depended on {t.Things}, which employ some {n} people in the region.",
            },
            _ => random.Next(5) switch
            {
                0 => $"{e.Actor} {e.Verb} {t.Subject} in {e.Place} ({when}), according to {n} pages of documents reviewed for this report.",
                1 => $"In {e.Place}, {e.Actor} said it had {e.Verb} {t.Subject} after {n} {t.People} raised objections.",
                2 => $"Records show that {n} {t.Things} were affected when {e.Actor} {e.Verb} {t.Subject} ({when}).",
                3 => $"“We have {e.Verb} {t.Subject} because the {t.Measures} no longer worked,” a spokesperson for {e.Actor} said in {e.Place}, adding that {n} cases were under review.",
                _ => $"The decision by {e.Actor} on {t.Subject} reached about {n} {t.People} across {e.Place} and {Pick(SyntheticWords.Places)}.",
            },
        };
    }

    private string FillerSentence(EventPlan main, string outlet)
    {
        var n = random.Next(2, 5_000).ToString("N0", CultureInfo.InvariantCulture);
        var place = random.Next(2) == 0 ? main.Place : Pick(SyntheticWords.Places);
        return random.Next(5) switch
        {
            0 => $"Bad weather in {place} delayed {n} deliveries during {Pick(SyntheticWords.Months)}.",
            1 => $"{outlet} could not independently confirm every figure, including the {n} cited by officials.",
            2 => $"Officials in {place} declined to comment on {main.Topic.Measures} when contacted, citing {n} open files.",
            3 => $"Residents interviewed in {place} described long queues, and one shop owner said {n} customers had asked about {main.Topic.Things}.",
            _ => $"A further {n} {main.Topic.People} were expected to be consulted later in the year.",
        };
    }

    /// <summary>Dates at mixed precision: most to the day, some to the month or the year, with qualifiers where they make sense.</summary>
    private PartialDate RandomDate()
    {
        var year = random.Next(FirstYear, LastYear + 1);
        var precision = random.NextDouble();
        var q = random.NextDouble();
        if (precision < 0.65)
        {
            var month = random.Next(1, 13);
            var day = random.Next(1, DateTime.DaysInMonth(year, month) + 1);
            var qualifier = q < 0.9 ? DateQualifier.Exact : q < 0.95 ? DateQualifier.Circa : q < 0.98 ? DateQualifier.Before : DateQualifier.After;
            return PartialDate.Create(year, month, day, qualifier);
        }

        if (precision < 0.85)
        {
            var qualifier = q < 0.8 ? DateQualifier.Exact : q < 0.9 ? Pick(Thirds) : q < 0.95 ? DateQualifier.Circa : DateQualifier.Before;
            return PartialDate.Create(year, random.Next(1, 13), null, qualifier);
        }

        var yearQualifier = q < 0.5 ? DateQualifier.Exact : q < 0.8 ? Pick(Thirds) : q < 0.9 ? DateQualifier.Circa : DateQualifier.After;
        return PartialDate.Create(year, null, null, yearQualifier);
    }

    /// <summary>About one event in twelve lasts a while: it gets an end date within three years of its start.</summary>
    private PartialDate? RandomEnd(PartialDate start)
    {
        if (random.NextDouble() >= 0.08)
        {
            return null;
        }

        var end = LastDayOf(start).AddDays(random.Next(1, 3 * 365));
        return end.Year > LastYear ? null
            : random.Next(2) == 0 ? PartialDate.Create(end.Year, end.Month, end.Day) : PartialDate.Create(end.Year, end.Month);
    }

    /// <summary>The last day of the date's own span, ignoring its qualifier ("after X" has no last day).</summary>
    private static DateOnly LastDayOf(PartialDate date) => PartialDate.Create(date.Year, date.Month, date.Day).LatestDay;

    private T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];

    private void Shuffle<T>(List<T> items, int from = 0, int? count = null)
    {
        var n = count ?? items.Count;
        for (var i = n - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (items[from + i], items[from + j]) = (items[from + j], items[from + i]);
        }
    }

    private static string Capitalise(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private sealed record EventPlan(
        string Title, string Summary, PartialDate Start, PartialDate? End, IReadOnlyList<string> Tags, IReadOnlyList<string> Actors,
        Topic Topic, string Place, string Actor, string Verb)
    {
        public string Slug { get; set; } = "";

        public Event? Entity { get; set; }
    }

    private sealed record Slot(EventPlan Event, ExcerptRole Role, int Position);
}
