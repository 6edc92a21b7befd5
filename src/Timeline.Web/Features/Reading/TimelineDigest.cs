using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Timeline.Domain;
using Timeline.Web.Data;

namespace Timeline.Web.Features.Reading;

/// <summary>
/// What every view of a published timeline shares and that changes only when an editor saves: its title, its counts,
/// its events' span (and the whole view around it), the tags, actors and sources its events carry (the filters' options), its periods, and its first
/// and last events (where stories start). Its periods are the eras editors defined, else runs of years with events. Computed once per save rather than by aggregate queries on every render.
/// </summary>
public sealed record TimelineDigest(
    int Id, string Slug, string Title, string Description, string DescriptionHtml, int Total, int Disputed, AxisRange? Span, AxisRange? Whole,
    IReadOnlyList<FacetValue> Tags, IReadOnlyList<FacetValue> Actors, IReadOnlyList<FacetValue> Sources,
    IReadOnlyDictionary<int, string> Outlets, IReadOnlyList<AxisPeriod> Periods, string? FirstEvent, string? LastEvent)
{
    /// <summary>
    /// The whole view's events per slice (<see cref="AxisData.BinCount"/>), for timelines too large to draw one by one:
    /// the axis of the unfiltered timeline page, the one most readers see, then needs no query of its own.
    /// </summary>
    public IReadOnlyList<int>? WholeBins { get; init; }

    /// <summary>The eras editors defined, in date order (the periods fall back to runs of years without them).</summary>
    public IReadOnlyList<EraView> Eras { get; init; } = [];
}

/// <summary>An era as readers and the API see it: its name and its dates at their own precision.</summary>
public sealed record EraView(string Name, PartialDate Start, PartialDate End);

/// <summary>
/// Keeps each timeline's <see cref="TimelineDigest"/> in memory, dropped when an editor saves the timeline
/// (<see cref="Forget"/>, called with the output cache's eviction), when another instance saved it (its generation in the
/// shared cache moved on, see <see cref="Infrastructure.SharedCache"/>), and after <see cref="Lifetime"/> at most.
/// </summary>
public sealed class TimelineDigests(IDbContextFactory<TimelineDbContext> dbFactory, IMemoryCache memory, Infrastructure.ISharedEvictions shared)
{
    public static readonly TimeSpan Lifetime = Infrastructure.ReaderCaching.Lifetime;

    /// <summary>A gap of this many empty years or more starts a new period in timelines whose editors defined none.</summary>
    private const int PeriodGapYears = 3;

    public async Task<TimelineDigest?> GetAsync(string slug, CancellationToken cancellationToken = default)
    {
        // The generation is read before the data, so a save that lands in between leaves this digest out of date.
        var generation = await shared.GenerationAsync(slug);
        if (memory.TryGetValue(Key(slug), out (long Generation, TimelineDigest? Digest) kept) && kept.Generation == generation)
        {
            return kept.Digest;
        }

        var digest = await ComputeAsync(slug, cancellationToken);
        memory.Set(Key(slug), (generation, digest), new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = Lifetime, Size = 1 });
        return digest;
    }

    /// <summary>Drops a timeline's digest so that the next view computes it afresh.</summary>
    public void Forget(string slug) => memory.Remove(Key(slug));

    private static string Key(string slug) => "timeline-digest:" + slug;

    private async Task<TimelineDigest?> ComputeAsync(string slug, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var timeline = await db.Timelines.AsNoTracking()
            .Where(t => t.Slug == slug && t.IsPublished)
            .Select(t => new { t.Id, t.Slug, t.Title, t.Description, t.DescriptionHtml })
            .FirstOrDefaultAsync(cancellationToken);
        if (timeline is null)
        {
            return null;
        }

        var published = db.Events.AsNoTracking().Where(e => e.TimelineId == timeline.Id && e.IsPublished);
        var total = await published.CountAsync(cancellationToken);
        var disputed = await published.CountAsync(e => e.Excerpts.Any(x => x.Role == ExcerptRole.Disputes), cancellationToken);

        // The drawn span: open-ended "before" and "after" dates count from the day they are anchored to.
        var openStart = DateOnly.MinValue.DayNumber;
        var openEnd = DateOnly.MaxValue.DayNumber;
        AxisRange? span = null, whole = null;
        if (total > 0)
        {
            var first = await published.MinAsync(e => e.FirstDay == openStart ? e.LastDay : e.FirstDay, cancellationToken);
            var last = await published.MaxAsync(e => e.LastDay == openEnd ? e.FirstDay : e.LastDay, cancellationToken);
            span = new AxisRange(DateOnly.FromDayNumber(first), DateOnly.FromDayNumber(Math.Max(first, last)));
            whole = AxisRange.Around(span.Value.First, span.Value.Last);
        }

        var tags = await published.SelectMany(e => e.Tags).GroupBy(t => new { t.Slug, t.Name })
            .Select(g => new FacetValue(g.Key.Slug, g.Key.Name, g.Count())).ToListAsync(cancellationToken);
        var actors = await published.SelectMany(e => e.Actors).GroupBy(a => new { a.Slug, a.Name })
            .Select(g => new FacetValue(g.Key.Slug, g.Key.Name, g.Count())).ToListAsync(cancellationToken);
        var ids = published.Select(e => e.Id);
        var sources = await db.EventExcerpts.AsNoTracking()
            .Where(l => ids.Contains(l.EventId) && !l.Excerpt.Source.IsDeleted)
            .Select(l => new { l.EventId, l.Excerpt.SourceId })
            .Distinct()
            .GroupBy(x => x.SourceId)
            .Select(g => new { SourceId = g.Key, Count = g.Count() })
            .Join(db.Sources, g => g.SourceId, s => s.Id, (g, s) => new { g.SourceId, s.Outlet, s.Title, g.Count })
            .ToListAsync(cancellationToken);
        var years = await published.GroupBy(e => e.Start.Substring(0, 4)).Select(g => new { Year = g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var eras = await db.Eras.AsNoTracking().Where(e => e.TimelineId == timeline.Id).Select(e => new { e.Name, e.Start, e.End }).ToListAsync(cancellationToken);
        var firstEvent = await published.OrderBy(e => e.SortKey).ThenBy(e => e.Id).Select(e => e.Slug).FirstOrDefaultAsync(cancellationToken);
        var lastEvent = await published.OrderByDescending(e => e.SortKey).ThenByDescending(e => e.Id).Select(e => e.Slug).FirstOrDefaultAsync(cancellationToken);

        IReadOnlyList<int>? wholeBins = null;
        if (whole is { } w && total > AxisData.MaxMarks)
        {
            wholeBins = await TimelineReader.CountSlicesAsync(published, w, cancellationToken);
        }

        return new TimelineDigest(
            timeline.Id, timeline.Slug, timeline.Title, timeline.Description, timeline.DescriptionHtml, total, disputed, span, whole,
            [.. tags.OrderByDescending(t => t.Count).ThenBy(t => t.Label, StringComparer.OrdinalIgnoreCase)],
            [.. actors.OrderByDescending(a => a.Count).ThenBy(a => a.Label, StringComparer.OrdinalIgnoreCase)],
            [.. sources.OrderByDescending(s => s.Count).ThenBy(s => s.Outlet, StringComparer.OrdinalIgnoreCase)
                .Select(s => new FacetValue(s.SourceId.ToString(CultureInfo.InvariantCulture), $"{s.Outlet}: {s.Title}", s.Count))],
            sources.ToDictionary(s => s.SourceId, s => s.Outlet),
            eras.Count > 0
                ? [.. eras.Select(e => new AxisPeriod(e.Name, PartialDate.Parse(e.Start).EarliestDay, PartialDate.Parse(e.End).LatestDay)).OrderBy(p => p.First)]
                : Periods([.. years.Select(y => int.Parse(y.Year, CultureInfo.InvariantCulture)).Order()]),
            firstEvent, lastEvent)
        {
            WholeBins = wholeBins,
            Eras = [.. eras.Select(e => new EraView(e.Name, PartialDate.Parse(e.Start), PartialDate.Parse(e.End))).OrderBy(e => e.Start.SortKey)],
        };
    }

    /// <summary>Runs of years with events, split where <see cref="PeriodGapYears"/> or more years have none; one run is no period.</summary>
    internal static List<AxisPeriod> Periods(IReadOnlyList<int> years)
    {
        var runs = new List<(int From, int To)>();
        foreach (var year in years)
        {
            if (runs.Count > 0 && year - runs[^1].To < PeriodGapYears)
            {
                runs[^1] = (runs[^1].From, year);
            }
            else
            {
                runs.Add((year, year));
            }
        }

        return runs.Count < 2
            ? []
            : [.. runs.Select(r => new AxisPeriod(
                r.From == r.To ? r.From.ToString(CultureInfo.InvariantCulture) : $"{r.From}–{r.To}",
                new DateOnly(r.From, 1, 1), new DateOnly(r.To, 12, 31)))];
    }
}
