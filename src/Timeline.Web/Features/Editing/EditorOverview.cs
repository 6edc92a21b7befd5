using Microsoft.EntityFrameworkCore;
using Timeline.Domain;
using Timeline.Web.Data;

namespace Timeline.Web.Features.Editing;

/// <summary>What needs an editor's attention: drafts, unbacked events, broken excerpts, recent changes.</summary>
public sealed record Dashboard(
    IReadOnlyList<DashboardEvent> Drafts, IReadOnlyList<DashboardEvent> WithoutExcerpts, IReadOnlyList<DashboardExcerpt> NeedsReview,
    IReadOnlyList<RecentChange> RecentChanges, IReadOnlyList<TimelineRow> DraftTimelines);

/// <summary>An event listed on the dashboard.</summary>
public sealed record DashboardEvent(int Id, string Title, string TimelineTitle);

/// <summary>An excerpt whose anchor broke or changed when its source was edited.</summary>
public sealed record DashboardExcerpt(int ExcerptId, int SourceId, string SourceTitle, string Quote, AnchorStatus Anchor);

/// <summary>A recent revision, linked to its item.</summary>
public sealed record RecentChange(RevisionSubject Subject, int SubjectId, RevisionAction Action, string Summary, string UserName, DateTimeOffset At);

/// <summary>Something in the trash.</summary>
public sealed record TrashItem(RevisionSubject Subject, int Id, string Title, string Detail, DateTimeOffset DeletedAt);

/// <summary>Read-only queries for the dashboard and the trash.</summary>
public sealed class EditorOverview(IDbContextFactory<TimelineDbContext> dbFactory)
{
    public async Task<Dashboard> DashboardAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var drafts = await db.Events.AsNoTracking().Where(e => !e.IsPublished).OrderByDescending(e => e.Id).Take(50)
            .Select(e => new DashboardEvent(e.Id, e.Title, e.Timeline.Title)).ToListAsync(cancellationToken);
        var bare = await db.Events.AsNoTracking().Where(e => !e.Excerpts.Any()).OrderByDescending(e => e.Id).Take(50)
            .Select(e => new DashboardEvent(e.Id, e.Title, e.Timeline.Title)).ToListAsync(cancellationToken);
        var review = await db.Excerpts.AsNoTracking().Where(x => x.Anchor == AnchorStatus.Broken || x.Anchor == AnchorStatus.Approximate).OrderByDescending(x => x.Id).Take(50)
            .Select(x => new DashboardExcerpt(x.Id, x.SourceId, x.Source.Title, x.Exact, x.Anchor)).ToListAsync(cancellationToken);
        var recent = await db.Revisions.AsNoTracking().OrderByDescending(r => r.Id).Take(20)
            .Select(r => new RecentChange(r.Subject, r.SubjectId, r.Action, r.Summary, r.UserName, r.At)).ToListAsync(cancellationToken);
        var draftTimelines = await db.Timelines.AsNoTracking().Where(t => !t.IsPublished)
            .Select(t => new TimelineRow(t.Id, t.Slug, t.Title, t.IsPublished, t.Events.Count, t.Events.Count(e => !e.IsPublished), t.UpdatedAt)).ToListAsync(cancellationToken);
        return new Dashboard(drafts, bare, review, recent, draftTimelines);
    }

    public async Task<IReadOnlyList<TrashItem>> TrashAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var timelines = await db.Timelines.IgnoreQueryFilters().AsNoTracking().Where(t => t.IsDeleted)
            .Select(t => new TrashItem(RevisionSubject.Timeline, t.Id, t.Title, "Timeline", t.UpdatedAt)).ToListAsync(cancellationToken);
        var events = await db.Events.IgnoreQueryFilters().AsNoTracking().Where(e => e.IsDeleted)
            .Select(e => new TrashItem(RevisionSubject.Event, e.Id, e.Title, "Event in " + e.Timeline.Title, e.UpdatedAt)).ToListAsync(cancellationToken);
        var sources = await db.Sources.IgnoreQueryFilters().AsNoTracking().Where(s => s.IsDeleted)
            .Select(s => new TrashItem(RevisionSubject.Source, s.Id, s.Title, "Source from " + s.Outlet, s.UpdatedAt)).ToListAsync(cancellationToken);
        return [.. timelines.Concat(events).Concat(sources).OrderByDescending(t => t.DeletedAt)];
    }
}
