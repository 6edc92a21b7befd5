using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Timeline.Domain;
using Timeline.Web.Data;

namespace Timeline.Web.Features.Reading;

/// <summary>Reads what readers may see: published events of published timelines, never drafts or deleted items.</summary>
public sealed class TimelineReader(IDbContextFactory<TimelineDbContext> dbFactory, TimelineDigests digests)
{
    /// <summary>
    /// A passage's link to an event that readers may see: the event is published in a published timeline, and neither
    /// is deleted (the model's query filters also leave out deleted sources). The source page and the Web Annotations
    /// decide what is public by this alone.
    /// </summary>
    private static readonly Expression<Func<EventExcerpt, bool>> IsPublicCitation =
        x => x.Event.IsPublished && !x.Event.IsDeleted && x.Event.Timeline.IsPublished && !x.Event.Timeline.IsDeleted;

    public async Task<IReadOnlyList<TimelineSummary>> ListPublishedAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Timelines.AsNoTracking()
            .Where(t => t.IsPublished)
            .OrderBy(t => t.Title)
            .Select(t => new
            {
                t.Slug,
                t.Title,
                t.DescriptionHtml,
                Count = t.Events.Count(e => e.IsPublished),
                First = t.Events.Where(e => e.IsPublished).OrderBy(e => e.SortKey).Select(e => new { e.Start, e.Qualifier }).FirstOrDefault(),
                Last = t.Events.Where(e => e.IsPublished).OrderByDescending(e => e.SortKey).Select(e => new { e.Start, e.Qualifier }).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => new TimelineSummary(
            r.Slug, r.Title, r.DescriptionHtml, r.Count,
            r.First is null ? null : PartialDate.Parse(r.First.Start, r.First.Qualifier),
            r.Last is null ? null : PartialDate.Parse(r.Last.Start, r.Last.Qualifier)))];
    }

    public async Task<TimelineView?> GetTimelineAsync(string slug, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var timeline = await FindPublishedAsync(db, slug, cancellationToken);
        if (timeline is null)
        {
            return null;
        }

        var events = await PublishedEvents(db, e => e.TimelineId == timeline.Id).ToListAsync(cancellationToken);
        return new TimelineView(timeline.Slug, timeline.Title, timeline.Description, timeline.DescriptionHtml, [.. events.Select(ToView)]);
    }

    /// <summary>
    /// One page of a timeline's published events in reading order (sort key, then id), paged in the database: only that
    /// page's events are loaded. A page outside 1 to the page count gives the counts with no events.
    /// </summary>
    public async Task<TimelineSlice?> GetTimelineSliceAsync(string slug, TimelineFilter filter, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        var digest = await digests.GetAsync(slug, cancellationToken);
        if (digest is null)
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (applied, _, problems) = Resolve(digest, filter);
        var matching = Filter(db.Events.AsNoTracking().Where(e => e.TimelineId == digest.Id && e.IsPublished), applied);
        var total = await matching.CountAsync(cancellationToken);
        var pageCount = Math.Max(1, (total + pageSize - 1) / pageSize);
        List<EventRow> events = [];
        if (page >= 1 && page <= pageCount)
        {
            var ids = await matching.OrderBy(e => e.SortKey).ThenBy(e => e.Id)
                .Skip((page - 1) * pageSize).Take(pageSize)
                .Select(e => e.Id).ToListAsync(cancellationToken);
            events = await PublishedEvents(db, e => ids.Contains(e.Id)).ToListAsync(cancellationToken);
        }

        var view = new TimelineView(digest.Slug, digest.Title, digest.Description, digest.DescriptionHtml, [.. events.Select(ToView)]);
        return new TimelineSlice(view, applied, page, pageSize, pageCount, total, problems) { Eras = digest.Eras };
    }

    /// <summary>
    /// One page of a timeline with the reader's filters applied, in the order asked for, with the axis of the view: the
    /// view's events (or their density, in views too large to draw one by one) and the timeline's shared counts.
    /// </summary>
    public async Task<TimelinePageView?> GetTimelinePageAsync(string slug, TimelineQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var digest = await digests.GetAsync(slug, cancellationToken);
        if (digest is null)
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (filter, _, problems) = Resolve(digest, query.Filter);
        query = query with { Filter = filter };
        var published = db.Events.AsNoTracking().Where(e => e.TimelineId == digest.Id && e.IsPublished);
        var matching = Filter(published, filter);
        var count = filter.IsEmpty ? digest.Total : await matching.CountAsync(cancellationToken);
        var pageCount = Math.Max(1, (count + TimelineQuery.PageSize - 1) / TimelineQuery.PageSize);
        var page = Math.Min(query.Page, pageCount);

        var ordered = query.NewestFirst
            ? matching.OrderByDescending(e => e.SortKey).ThenByDescending(e => e.Id)
            : matching.OrderBy(e => e.SortKey).ThenBy(e => e.Id);
        var ids = await ordered.Skip((page - 1) * TimelineQuery.PageSize).Take(TimelineQuery.PageSize).Select(e => e.Id).ToListAsync(cancellationToken);
        var events = await PublishedEvents(db, e => ids.Contains(e.Id)).ToListAsync(cancellationToken);
        if (query.NewestFirst)
        {
            events.Reverse();
        }

        var axis = digest is { Span: { } span, Whole: { } whole }
            ? await AxisAsync(matching, count, span, whole, AxisRange.Of(filter.From, filter.To, whole), digest.Periods, null, cancellationToken, query.Lanes,
                filter.IsEmpty ? digest.WholeBins : null)
            : null;
        var view = new TimelineView(digest.Slug, digest.Title, digest.Description, digest.DescriptionHtml, [.. events.Select(ToView)]);
        return new TimelinePageView(view, query with { Page = page }, digest, count, pageCount, axis, problems);
    }

    /// <summary>
    /// The axis of a view: its matching events one by one when there are at most <see cref="AxisData.MaxMarks"/>,
    /// else their counts per slice of the view, counted in the database.
    /// </summary>
    private static async Task<AxisData> AxisAsync(
        IQueryable<Event> matching, int count, AxisRange span, AxisRange whole, AxisRange view, IReadOnlyList<AxisPeriod> periods, AxisItem? current, CancellationToken cancellationToken,
        string? lanes = null, IReadOnlyList<int>? knownBins = null)
    {
        var drawn = DrawnIn(matching, view);
        var bins = new int[AxisData.BinCount];
        var drawable = count;
        if (count > AxisData.MaxMarks)
        {
            // One pass counts the drawn events per slice; their sum says whether the view can draw them one by one.
            bins = [.. knownBins ?? await CountSlicesAsync(matching, view, cancellationToken)];
            drawable = bins.Sum();
        }

        if (drawable <= AxisData.MaxMarks && lanes is not null)
        {
            // Lanes need each event's tags or actors: a second, small projection of the same events.
            var grouped = await drawn
                .OrderBy(e => e.SortKey).ThenBy(e => e.Id)
                .Select(e => new
                {
                    e.Slug, e.Title, e.Start, e.Qualifier, e.End, Disputed = e.Excerpts.Any(x => x.Role == ExcerptRole.Disputes),
                    Groups = lanes == TimelineQuery.TagLanes
                        ? e.Tags.OrderBy(t => t.Name).Select(t => t.Name).ToList()
                        : e.Actors.OrderBy(a => a.Name).Select(a => a.Name).ToList(),
                })
                .AsSplitQuery()
                .ToListAsync(cancellationToken);
            var items = grouped.Select(r => new AxisItem(r.Slug, r.Title, PartialDate.Parse(r.Start, r.Qualifier), ParseOptional(r.End), r.Disputed, r.Groups)).ToList();
            return new AxisData(span, whole, view, items.Count, items, [], periods, current, Lanes: true);
        }

        if (drawable <= AxisData.MaxMarks)
        {
            var rows = await drawn
                .OrderBy(e => e.SortKey).ThenBy(e => e.Id)
                .Select(e => new { e.Slug, e.Title, e.Start, e.Qualifier, e.End, Disputed = e.Excerpts.Any(x => x.Role == ExcerptRole.Disputes) })
                .ToListAsync(cancellationToken);
            var items = rows.Select(r => new AxisItem(r.Slug, r.Title, PartialDate.Parse(r.Start, r.Qualifier), ParseOptional(r.End), r.Disputed)).ToList();
            return new AxisData(span, whole, view, items.Count, items, [], periods, current);
        }

        return new AxisData(span, whole, view, drawable, [], bins, periods, current);
    }

    /// <summary>
    /// The events drawn in a view. Events are drawn where they are anchored: open-ended "before" and "after" dates at
    /// their day, events that began earlier from the view's start. An open date's range can reach into a view it is
    /// not drawn in (it is listed, as the filter's overlap rule says, but not drawn).
    /// </summary>
    private static IQueryable<Event> DrawnIn(IQueryable<Event> events, AxisRange view)
    {
        var first = view.First.DayNumber;
        var last = view.Last.DayNumber;
        var openStart = DateOnly.MinValue.DayNumber;
        var openEnd = DateOnly.MaxValue.DayNumber;
        return events.Where(e => (e.LastDay == openEnd ? e.FirstDay : e.LastDay) >= first && (e.FirstDay == openStart ? e.LastDay : e.FirstDay) <= last);
    }

    /// <summary>
    /// The events drawn in a view, counted per slice (<see cref="AxisData.BinCount"/>) in one pass in the database, each
    /// where it is drawn: open-ended dates at the day they are anchored to, events begun earlier at the view's start.
    /// </summary>
    internal static async Task<int[]> CountSlicesAsync(IQueryable<Event> events, AxisRange view, CancellationToken cancellationToken)
    {
        var first = view.First.DayNumber;
        var days = view.Days;
        var openStart = DateOnly.MinValue.DayNumber;
        var slices = await DrawnIn(events, view)
            .Select(e => e.FirstDay == openStart ? e.LastDay : e.FirstDay)
            .Select(start => ((start < first ? first : start) - first) * AxisData.BinCount / days)
            .GroupBy(b => b)
            .Select(g => new { Slice = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var bins = new int[AxisData.BinCount];
        foreach (var slice in slices)
        {
            bins[Math.Clamp(slice.Slice, 0, AxisData.BinCount - 1)] += slice.Count;
        }

        return bins;
    }

    /// <summary>
    /// What an embed of a timeline shows: the events that match its filter, at most <see cref="EmbedWindow.MaxEvents"/>
    /// of them (from its start event on when that lies further), counted, filtered and cut in the database.
    /// </summary>
    public async Task<EmbedWindow?> GetEmbedWindowAsync(string slug, TimelineFilter filter, string? startSlug, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var digest = await digests.GetAsync(slug, cancellationToken);
        if (digest is null)
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (applied, names, problems) = Resolve(digest, filter);
        var published = db.Events.AsNoTracking().Where(e => e.TimelineId == digest.Id && e.IsPublished);
        var matching = Filter(published, applied);
        var total = digest.Total;
        var count = applied.IsEmpty ? total : await matching.CountAsync(cancellationToken);

        int? startIndex = null;
        if (startSlug is not null)
        {
            var start = await published.Where(e => e.Slug == startSlug).Select(e => new { e.Id, e.SortKey }).FirstOrDefaultAsync(cancellationToken);
            if (start is not null && await matching.AnyAsync(e => e.Id == start.Id, cancellationToken))
            {
                startIndex = await matching.CountAsync(e => e.SortKey < start.SortKey || (e.SortKey == start.SortKey && e.Id < start.Id), cancellationToken);
            }
            else
            {
                problems.Add(new QueryProblem("start", start is not null
                    ? $"“start={TimelineFilter.Quote(startSlug)}” was ignored: that event is not among the events shown."
                    : $"“start={TimelineFilter.Quote(startSlug)}” was ignored: this timeline has no such event."));
            }
        }

        var skip = EmbedWindow.FirstShown(count, startIndex);
        var ids = await matching.OrderBy(e => e.SortKey).ThenBy(e => e.Id).Skip(skip).Take(EmbedWindow.MaxEvents).Select(e => e.Id).ToListAsync(cancellationToken);
        var events = await PublishedEvents(db, e => ids.Contains(e.Id)).ToListAsync(cancellationToken);
        var view = new TimelineView(digest.Slug, digest.Title, digest.Description, digest.DescriptionHtml, [.. events.Select(ToView)]);
        return new EmbedWindow(view, applied, startIndex is null ? null : startSlug, total, count, names, problems);
    }

    /// <summary>
    /// Resolves a filter against a timeline: a tag or actor given by slug or by name in any case becomes its slug; a tag,
    /// actor or source that no published event of the timeline has is set aside with a message rather than emptying
    /// the view.
    /// </summary>
    private static (TimelineFilter Applied, FilterNames Names, List<QueryProblem> Problems) Resolve(TimelineDigest digest, TimelineFilter filter)
    {
        var problems = new List<QueryProblem>();
        NamedRef? tag = null, actor = null;
        string? source = null;
        if (filter.Tag is { } wantedTag)
        {
            tag = Match(digest.Tags, wantedTag);
            if (tag is null)
            {
                problems.Add(new QueryProblem(TimelineFilter.TagKey, $"“tag={TimelineFilter.Quote(wantedTag)}” was ignored: no event of this timeline has that tag."));
            }
        }

        if (filter.Actor is { } wantedActor)
        {
            actor = Match(digest.Actors, wantedActor);
            if (actor is null)
            {
                problems.Add(new QueryProblem(TimelineFilter.ActorKey, $"“actor={TimelineFilter.Quote(wantedActor)}” was ignored: no event of this timeline has that actor."));
            }
        }

        if (filter.Source is { } wantedSource)
        {
            source = digest.Outlets.GetValueOrDefault(wantedSource);
            if (source is null)
            {
                problems.Add(new QueryProblem(TimelineFilter.SourceKey, $"“source={wantedSource}” was ignored: no event of this timeline cites that source."));
            }
        }

        var applied = filter with { Tag = tag?.Slug, Actor = actor?.Slug, Source = source is null ? null : filter.Source };
        return (applied, new FilterNames(tag, actor, source), problems);

        // By slug first, then by name in any case (names compared in C#: SQLite's lower() knows ASCII only).
        static NamedRef? Match(IReadOnlyList<FacetValue> known, string wanted) =>
            (known.FirstOrDefault(r => r.Key == wanted)
            ?? known.FirstOrDefault(r => string.Equals(r.Key, wanted, StringComparison.OrdinalIgnoreCase))
            ?? known.FirstOrDefault(r => string.Equals(r.Label, wanted, StringComparison.OrdinalIgnoreCase))) is { } found
                ? new NamedRef(found.Label, found.Key)
                : null;
    }

    /// <summary>One page of the published events of a timeline whose sources disagree, with all their passages.</summary>
    public async Task<DisagreementsView?> GetDisagreementsAsync(string slug, int page = 1, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var timeline = await FindPublishedAsync(db, slug, cancellationToken);
        if (timeline is null)
        {
            return null;
        }

        var disputed = db.Events.AsNoTracking().Where(e => e.TimelineId == timeline.Id && e.IsPublished && e.Excerpts.Any(x => x.Role == ExcerptRole.Disputes));
        var total = await disputed.CountAsync(cancellationToken);
        var pageCount = Math.Max(1, (total + DisagreementsView.PageSize - 1) / DisagreementsView.PageSize);
        page = Math.Clamp(page, 1, pageCount);
        var ids = await disputed.OrderBy(e => e.SortKey).ThenBy(e => e.Id).Skip((page - 1) * DisagreementsView.PageSize).Take(DisagreementsView.PageSize).Select(e => e.Id).ToListAsync(cancellationToken);
        var events = await PublishedEvents(db, e => ids.Contains(e.Id)).ToListAsync(cancellationToken);
        var view = new TimelineView(timeline.Slug, timeline.Title, timeline.Description, timeline.DescriptionHtml, [.. events.Select(ToView)]);
        return new DisagreementsView(view, total, page, pageCount);
    }

    /// <summary>The one place a filter becomes SQL, for the page, the embed and the API alike.</summary>
    private static IQueryable<Event> Filter(IQueryable<Event> events, TimelineFilter query)
    {
        if (query.Tag is { } tag)
        {
            events = events.Where(e => e.Tags.Any(t => t.Slug == tag));
        }

        if (query.Actor is { } actor)
        {
            events = events.Where(e => e.Actors.Any(a => a.Slug == actor));
        }

        if (query.Source is { } source)
        {
            events = events.Where(e => e.Excerpts.Any(x => x.Excerpt.SourceId == source));
        }

        // The event reaches into the range: it ends on or after the range's first day and begins on or before its last.
        if (query.From is { } from)
        {
            var first = from.EarliestDay.DayNumber;
            events = events.Where(e => e.LastDay >= first);
        }

        if (query.To is { } to)
        {
            var last = to.LatestDay.DayNumber;
            events = events.Where(e => e.FirstDay <= last);
        }

        if (query.DisputedOnly)
        {
            events = events.Where(e => e.Excerpts.Any(x => x.Role == ExcerptRole.Disputes));
        }

        return events;
    }

    /// <summary>
    /// One event as a story's step: the event, its neighbours in the order asked for (previous is the older event
    /// oldest first, the newer one newest first), its place in that order, and the whole timeline's axis with the
    /// event highlighted.
    /// </summary>
    public Task<EventPageView?> GetEventAsync(string slug, string eventSlug, bool newestFirst = false, CancellationToken cancellationToken = default) =>
        GetStoryAsync(slug, TimelineFilter.None, eventSlug, newestFirst, cancellationToken: cancellationToken);

    /// <summary>
    /// One step of a story told over the events a filter selects (the embed's story view): the event asked for, or the
    /// first of the story when none is given; null when the timeline is unknown, or the event is not one of the story's.
    /// </summary>
    public async Task<EventPageView?> GetStoryAsync(string slug, TimelineFilter filter, string? eventSlug, bool newestFirst = false, string? lanes = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var digest = await digests.GetAsync(slug, cancellationToken);
        if (digest is null)
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (applied, _, _) = Resolve(digest, filter);
        var siblings = Filter(db.Events.AsNoTracking().Where(e => e.TimelineId == digest.Id && e.IsPublished), applied);
        eventSlug ??= await (newestFirst
                ? siblings.OrderByDescending(e => e.SortKey).ThenByDescending(e => e.Id)
                : siblings.OrderBy(e => e.SortKey).ThenBy(e => e.Id))
            .Select(e => e.Slug).FirstOrDefaultAsync(cancellationToken);
        var ids = siblings.Select(e => e.Id);
        var row = eventSlug is null ? null
            : await PublishedEvents(db, e => e.TimelineId == digest.Id && e.Slug == eventSlug && ids.Contains(e.Id)).FirstOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return null;
        }

        var older = await siblings
            .Where(e => e.SortKey < row.SortKey || (e.SortKey == row.SortKey && e.Id < row.Id))
            .OrderByDescending(e => e.SortKey).ThenByDescending(e => e.Id)
            .Select(e => new { e.Slug, e.Title, e.Start, e.Qualifier })
            .FirstOrDefaultAsync(cancellationToken);
        var newer = await siblings
            .Where(e => e.SortKey > row.SortKey || (e.SortKey == row.SortKey && e.Id > row.Id))
            .OrderBy(e => e.SortKey).ThenBy(e => e.Id)
            .Select(e => new { e.Slug, e.Title, e.Start, e.Qualifier })
            .FirstOrDefaultAsync(cancellationToken);
        var olderCount = await siblings.CountAsync(e => e.SortKey < row.SortKey || (e.SortKey == row.SortKey && e.Id < row.Id), cancellationToken);
        var total = applied.IsEmpty ? digest.Total : await siblings.CountAsync(cancellationToken);

        var ev = ToView(row);
        var current = new AxisItem(ev.Slug, ev.Title, ev.Start, ev.End, ev.IsDisputed);
        var axis = digest is { Span: { } span, Whole: { } whole }
            ? await AxisAsync(siblings, total, span, whole, AxisRange.Of(applied.From, applied.To, whole), digest.Periods, current, cancellationToken,
                lanes, applied.IsEmpty ? digest.WholeBins : null)
            : null;
        var olderLink = older is null ? null : new EventLink(older.Slug, older.Title, PartialDate.Parse(older.Start, older.Qualifier));
        var newerLink = newer is null ? null : new EventLink(newer.Slug, newer.Title, PartialDate.Parse(newer.Start, newer.Qualifier));
        return new EventPageView(
            digest.Slug, digest.Title, ev,
            newestFirst ? newerLink : olderLink,
            newestFirst ? olderLink : newerLink,
            newestFirst ? total - olderCount : olderCount + 1,
            total, newestFirst, axis);
    }

    /// <summary>A source is shown only when a published event of a published timeline cites it.</summary>
    public async Task<SourceView?> GetSourceAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var source = await db.Sources.AsNoTracking()
            .Where(s => s.Id == id)
            .Select(s => new { s.Id, s.Title, s.Outlet, s.Author, s.PublishedOn, s.Url, s.Language, s.Text, s.Provenance, s.CapturedOn })
            .FirstOrDefaultAsync(cancellationToken);
        if (source is null)
        {
            return null;
        }

        var citations = await db.EventExcerpts.AsNoTracking()
            .Where(x => x.Excerpt.SourceId == id)
            .Where(IsPublicCitation)
            .OrderBy(x => x.Excerpt.Start).ThenBy(x => x.Event.SortKey)
            .Select(x => new
            {
                x.ExcerptId,
                x.Excerpt.Exact,
                x.Excerpt.Start,
                x.Excerpt.End,
                x.Excerpt.Anchor,
                x.Role,
                TimelineSlug = x.Event.Timeline.Slug,
                TimelineTitle = x.Event.Timeline.Title,
                EventSlug = x.Event.Slug,
                EventTitle = x.Event.Title,
                EventStart = x.Event.Start,
                x.Event.Qualifier,
            })
            .ToListAsync(cancellationToken);
        if (citations.Count == 0)
        {
            return null;
        }

        var passages = citations
            .GroupBy(c => c.ExcerptId)
            .Select((g, i) => (First: g.First(), Passage: new CitedPassage(
                g.Key, i + 1, g.First().Exact,
                [.. g.Select(c => new CitingEvent(c.TimelineSlug, c.TimelineTitle, c.EventSlug, c.EventTitle, PartialDate.Parse(c.EventStart, c.Qualifier), c.Role))])))
            .ToList();
        var anchored = passages.Where(p => p.First.Anchor != AnchorStatus.Broken).ToList();
        var segments = SourceHighlighter.Segment(source.Text, [.. anchored.Select(p => (p.Passage.ExcerptId, p.First.Start, p.First.End))]);
        return new SourceView(
            new SourceRef(source.Id, source.Title, source.Outlet, source.Author, ParseOptional(source.PublishedOn), source.Url),
            source.Language, segments,
            [.. anchored.Select(p => p.Passage)],
            [.. passages.Where(p => p.First.Anchor == AnchorStatus.Broken).Select(p => p.Passage)])
        {
            Provenance = source.Provenance,
            CapturedOn = source.CapturedOn,
        };
    }

    /// <summary>
    /// Every passage of a source that readers can see in place, once for each published event it backs (passages in
    /// text order), with the source's text; null when the source is unknown, deleted, or cited by no published event
    /// (as <see cref="GetSourceAsync"/>). A passage no longer found in the text is left out: its selectors would point
    /// at words the text no longer has.
    /// </summary>
    public async Task<CitationsView?> GetSourceCitationsAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await db.EventExcerpts.Where(x => x.Excerpt.SourceId == id).AnyAsync(IsPublicCitation, cancellationToken))
        {
            return null;
        }

        var sources = await SourceTextsAsync(db, [id], cancellationToken);
        var citations = await Citations(db.EventExcerpts.AsNoTracking().Where(x => x.Excerpt.SourceId == id).Where(IsPublicCitation)
                .OrderBy(x => x.Excerpt.Start).ThenBy(x => x.Event.SortKey).ThenBy(x => x.EventId))
            .ToListAsync(cancellationToken);
        return new CitationsView([.. citations.Select(ToView)], sources);
    }

    /// <summary>
    /// Every passage that backs a published event of a published timeline, in reading order (the event's, then the
    /// passage's place in it), with the texts of their sources; null when the timeline is not published. Passages no
    /// longer found in their text are left out, as in <see cref="GetSourceCitationsAsync"/>.
    /// </summary>
    public async Task<TimelineCitationsView?> GetTimelineCitationsAsync(string slug, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var timeline = await FindPublishedAsync(db, slug, cancellationToken);
        if (timeline is null)
        {
            return null;
        }

        var citations = await Citations(db.EventExcerpts.AsNoTracking().Where(x => x.Event.TimelineId == timeline.Id).Where(IsPublicCitation)
                .OrderBy(x => x.Event.SortKey).ThenBy(x => x.EventId).ThenBy(x => x.Position))
            .ToListAsync(cancellationToken);
        var sources = await SourceTextsAsync(db, [.. citations.Select(c => c.SourceId).Distinct()], cancellationToken);
        return new TimelineCitationsView(timeline.Slug, timeline.Title, new CitationsView([.. citations.Select(ToView)], sources));
    }

    /// <summary>One passage as it backs one published event, with its source's text; null when readers cannot see it.</summary>
    public async Task<CitationsView?> GetCitationAsync(int excerptId, int eventId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var citation = await Citations(db.EventExcerpts.AsNoTracking().Where(x => x.ExcerptId == excerptId && x.EventId == eventId).Where(IsPublicCitation))
            .FirstOrDefaultAsync(cancellationToken);
        if (citation is null)
        {
            return null;
        }

        return new CitationsView([ToView(citation)], await SourceTextsAsync(db, [citation.SourceId], cancellationToken));
    }

    /// <summary>The passages of the links still found in their text, in the links' order (ordered before this projection, which SQL cannot order by).</summary>
    private static IQueryable<CitationRow> Citations(IQueryable<EventExcerpt> links) =>
        links.Where(x => x.Excerpt.Anchor != AnchorStatus.Broken).Select(x => new CitationRow(
            x.ExcerptId, x.Role, x.Excerpt.Exact, x.Excerpt.Prefix, x.Excerpt.Suffix, x.Excerpt.Start, x.Excerpt.End, x.Excerpt.Anchor,
            x.Excerpt.SourceId, x.Excerpt.Source.Title, x.Excerpt.Source.Outlet, x.Excerpt.Source.Author, x.Excerpt.Source.PublishedOn, x.Excerpt.Source.Url,
            x.Differs, x.Note, x.Excerpt.CreatedAt,
            x.EventId, x.Event.Slug, x.Event.Title, x.Event.Start, x.Event.Qualifier, x.Event.CreatedAt,
            x.Event.Timeline.Slug, x.Event.Timeline.Title));

    private static async Task<IReadOnlyDictionary<int, SourceTextView>> SourceTextsAsync(TimelineDbContext db, int[] ids, CancellationToken cancellationToken)
    {
        var rows = await db.Sources.AsNoTracking().Where(s => ids.Contains(s.Id))
            .Select(s => new { s.Id, s.Title, s.Outlet, s.Author, s.PublishedOn, s.Url, s.Language, s.CapturedOn, s.Text })
            .ToListAsync(cancellationToken);
        return rows.ToDictionary(
            s => s.Id,
            s => new SourceTextView(new SourceRef(s.Id, s.Title, s.Outlet, s.Author, ParseOptional(s.PublishedOn), s.Url), s.Language, s.CapturedOn, s.Text));
    }

    private static CitationView ToView(CitationRow c) => new(
        new ExcerptView(
            c.ExcerptId, c.Role, c.Exact, c.Prefix, c.Suffix, c.Start, c.End, c.Anchor,
            new SourceRef(c.SourceId, c.SourceTitle, c.Outlet, c.Author, ParseOptional(c.PublishedOn), c.Url))
        {
            Differs = c.Differs,
            Note = c.Note,
        },
        c.EventId, c.EventSlug, c.EventTitle, PartialDate.Parse(c.EventStart, c.Qualifier), c.TimelineSlug, c.TimelineTitle,
        // The pairing of a passage with an event is not stamped: it cannot be older than either.
        c.ExcerptCreatedAt > c.EventCreatedAt ? c.ExcerptCreatedAt : c.EventCreatedAt);

    private static Task<TimelineRow?> FindPublishedAsync(TimelineDbContext db, string slug, CancellationToken cancellationToken) =>
        db.Timelines.AsNoTracking()
            .Where(t => t.Slug == slug && t.IsPublished)
            .Select(t => new TimelineRow(t.Id, t.Slug, t.Title, t.Description, t.DescriptionHtml))
            .FirstOrDefaultAsync(cancellationToken);

    /// <summary>
    /// An event as readers will see it, published or not, for an editor's preview; null when it does not exist or is in
    /// the trash. Never used on reader pages, which see published events only.
    /// </summary>
    public async Task<EventPreview?> GetPreviewAsync(int eventId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var state = await db.Events.AsNoTracking().Where(e => e.Id == eventId)
            .Select(e => new { e.IsPublished, TimelineSlug = e.Timeline.Slug, TimelineTitle = e.Timeline.Title, TimelinePublished = e.Timeline.IsPublished })
            .FirstOrDefaultAsync(cancellationToken);
        if (state is null)
        {
            return null;
        }

        var row = await Events(db, e => e.Id == eventId, publishedOnly: false).FirstAsync(cancellationToken);
        return new EventPreview(state.TimelineSlug, state.TimelineTitle, ToView(row), state.IsPublished && state.TimelinePublished);
    }

    /// <summary>
    /// A published timeline's most recently added or changed published events, newest change first, for its feed; null
    /// when the timeline is not published.
    /// </summary>
    public async Task<FeedView?> GetFeedAsync(string slug, int count, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var timeline = await db.Timelines.AsNoTracking().Where(t => t.Slug == slug && t.IsPublished)
            .Select(t => new { t.Id, t.Slug, t.Title, t.Description, t.UpdatedAt }).FirstOrDefaultAsync(cancellationToken);
        if (timeline is null)
        {
            return null;
        }

        // SQLite cannot order by a DateTimeOffset: the (small) rows are ordered here.
        var stamps = await db.Events.AsNoTracking().Where(e => e.TimelineId == timeline.Id && e.IsPublished)
            .Select(e => new { e.Id, e.CreatedAt, e.UpdatedAt }).ToListAsync(cancellationToken);
        var newest = stamps.OrderByDescending(e => e.UpdatedAt).ThenByDescending(e => e.Id).Take(count).ToList();
        var ids = newest.Select(e => e.Id).ToList();
        var rows = await PublishedEvents(db, e => ids.Contains(e.Id)).ToListAsync(cancellationToken);
        var views = rows.ToDictionary(r => r.Id, ToView);
        var items = newest.Where(e => views.ContainsKey(e.Id)).Select(e => new FeedItem(views[e.Id], e.CreatedAt, e.UpdatedAt)).ToList();
        var updated = items.Count == 0 ? timeline.UpdatedAt : items.Max(i => i.UpdatedAt) is var latest && latest > timeline.UpdatedAt ? latest : timeline.UpdatedAt;
        return new FeedView(timeline.Slug, timeline.Title, MarkdownRenderer.ToPlainText(timeline.Description), updated, items);
    }

    /// <summary>
    /// The updates and corrections readers were told of in a published timeline's published events, newest first;
    /// null when the timeline is not published.
    /// </summary>
    public async Task<CorrectionsView?> GetCorrectionsAsync(string slug, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var timeline = await db.Timelines.AsNoTracking().Where(t => t.Slug == slug && t.IsPublished)
            .Select(t => new { t.Id, t.Slug, t.Title }).FirstOrDefaultAsync(cancellationToken);
        if (timeline is null)
        {
            return null;
        }

        var notices = await db.EventNotices.AsNoTracking()
            .Where(n => n.Event.TimelineId == timeline.Id && n.Event.IsPublished)
            .OrderByDescending(n => n.Id)
            .Select(n => new CorrectionItem(n.Event.Slug, n.Event.Title, new NoticeView(n.Kind, n.Note, n.At)))
            .ToListAsync(cancellationToken);
        return new CorrectionsView(timeline.Slug, timeline.Title, notices);
    }

    private static IQueryable<EventRow> PublishedEvents(TimelineDbContext db, Expression<Func<Event, bool>> filter) =>
        Events(db, filter, publishedOnly: true);

    private static IQueryable<EventRow> Events(TimelineDbContext db, Expression<Func<Event, bool>> filter, bool publishedOnly) =>
        db.Events.AsNoTracking()
            .Where(e => e.IsPublished || !publishedOnly)
            .Where(filter)
            .OrderBy(e => e.SortKey).ThenBy(e => e.Id)
            .Select(e => new EventRow(
                e.Id, e.TimelineId, e.Slug, e.Title, e.Summary, e.SummaryHtml, e.Start, e.End, e.Qualifier, e.SortKey,
                e.Tags.OrderBy(t => t.Name).Select(t => new NamedRef(t.Name, t.Slug)).ToList(),
                e.Actors.OrderBy(a => a.Name).Select(a => new NamedRef(a.Name, a.Slug)).ToList(),
                e.Excerpts.Where(x => !x.Excerpt.Source.IsDeleted).OrderBy(x => x.Position).Select(x => new ExcerptRow(
                    x.ExcerptId, x.Role, x.Excerpt.Exact, x.Excerpt.Prefix, x.Excerpt.Suffix, x.Excerpt.Start, x.Excerpt.End, x.Excerpt.Anchor,
                    x.Excerpt.SourceId, x.Excerpt.Source.Title, x.Excerpt.Source.Outlet, x.Excerpt.Source.Author, x.Excerpt.Source.PublishedOn, x.Excerpt.Source.Url,
                    x.Differs, x.Note)).ToList(),
                e.MediaImageId, e.MediaImage != null ? e.MediaImage.Width : 0, e.MediaImage != null ? e.MediaImage.Height : 0,
                e.MediaUrl, e.MediaAlt, e.MediaCaption, e.MediaCredit,
                e.Notices.OrderBy(n => n.Id).Select(n => new NoticeView(n.Kind, n.Note, n.At)).ToList()))
            .AsSplitQuery();

    private static EventView ToView(EventRow e) => new(
        e.Id, e.Slug, e.Title, e.Summary, e.SummaryHtml,
        PartialDate.Parse(e.Start, e.Qualifier), ParseOptional(e.End), e.Tags, e.Actors,
        [.. e.Excerpts.Select(x => new ExcerptView(
            x.Id, x.Role, x.Exact, x.Prefix, x.Suffix, x.Start, x.End, x.Anchor,
            new SourceRef(x.SourceId, x.SourceTitle, x.Outlet, x.Author, ParseOptional(x.PublishedOn), x.Url))
        {
            Differs = x.Differs,
            Note = x.Note,
        })])
    {
        Media = e.MediaImageId is null && e.MediaUrl is null ? null
            : new MediaView(e.MediaImageId, e.MediaWidth, e.MediaHeight, e.MediaUrl, e.MediaAlt, e.MediaCaption, e.MediaCredit),
        Notices = e.Notices,
    };

    private static PartialDate? ParseOptional(string? iso) => iso is null ? null : PartialDate.Parse(iso);

    private sealed record TimelineRow(int Id, string Slug, string Title, string Description, string DescriptionHtml);

    private sealed record EventRow(
        int Id, int TimelineId, string Slug, string Title, string Summary, string SummaryHtml, string Start, string? End, DateQualifier Qualifier, long SortKey,
        List<NamedRef> Tags, List<NamedRef> Actors, List<ExcerptRow> Excerpts,
        int? MediaImageId, int MediaWidth, int MediaHeight, string? MediaUrl, string? MediaAlt, string? MediaCaption, string? MediaCredit,
        List<NoticeView> Notices);

    private sealed record CitationRow(
        int ExcerptId, ExcerptRole Role, string Exact, string Prefix, string Suffix, int Start, int End, AnchorStatus Anchor,
        int SourceId, string SourceTitle, string Outlet, string? Author, string? PublishedOn, string? Url,
        Difference? Differs, string? Note, DateTimeOffset ExcerptCreatedAt,
        int EventId, string EventSlug, string EventTitle, string EventStart, DateQualifier Qualifier, DateTimeOffset EventCreatedAt,
        string TimelineSlug, string TimelineTitle);

    private sealed record ExcerptRow(
        int Id, ExcerptRole Role, string Exact, string Prefix, string Suffix, int Start, int End, AnchorStatus Anchor,
        int SourceId, string SourceTitle, string Outlet, string? Author, string? PublishedOn, string? Url,
        Difference? Differs, string? Note);
}
