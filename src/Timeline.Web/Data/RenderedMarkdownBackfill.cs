using Microsoft.EntityFrameworkCore;

namespace Timeline.Web.Data;

/// <summary>
/// Fills <see cref="Event.SummaryHtml"/> and <see cref="TimelineEntity.DescriptionHtml"/> for rows written before those
/// columns existed (the RenderedMarkdown migration adds them empty).
/// </summary>
/// <remarks>
/// This runs in C# at start-up rather than as SQL in the migration because the HTML must come from the very renderer
/// every save uses (<see cref="Timeline.Domain.MarkdownRenderer"/>: Markdig with raw HTML disabled and unsafe links
/// dropped), which SQLite cannot run; a copy of its rules in SQL would drift. A row needs it when its HTML is empty
/// while its Markdown is not blank. Markdown that renders to nothing (a lone link reference definition) stays empty and
/// is rendered again at the next start, which costs microseconds. Deleted rows are filled too, so a restore from the
/// trash shows its text. Only the HTML columns are written: the search triggers (on Title, Summary, Exact, Text) do
/// not fire, no revision is recorded and no version changes, since nothing an editor wrote has changed.
/// </remarks>
internal static class RenderedMarkdownBackfill
{
    /// <summary>Renders what is missing, events <paramref name="batchSize"/> at a time; returns the number of events and timelines it rendered.</summary>
    public static async Task<int> FillAsync(TimelineDbContext db, int batchSize = 500, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var filled = 0;
        var lastId = 0;
        while (true)
        {
            var events = await db.Events.IgnoreQueryFilters()
                .Where(e => e.Id > lastId && e.SummaryHtml == "" && e.Summary.Trim() != "")
                .OrderBy(e => e.Id)
                .Take(batchSize)
                .ToListAsync(cancellationToken);
            if (events.Count == 0)
            {
                break;
            }

            foreach (var ev in events)
            {
                ev.SetSummary(ev.Summary);
            }

            await db.SaveChangesAsync(cancellationToken);
            filled += events.Count;
            lastId = events[^1].Id;
            db.ChangeTracker.Clear();
        }

        var timelines = await db.Timelines.IgnoreQueryFilters()
            .Where(t => t.DescriptionHtml == "" && t.Description.Trim() != "")
            .ToListAsync(cancellationToken);
        foreach (var timeline in timelines)
        {
            timeline.SetDescription(timeline.Description);
        }

        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return filled + timelines.Count;
    }
}
