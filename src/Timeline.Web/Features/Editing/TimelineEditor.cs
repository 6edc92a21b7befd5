using Microsoft.EntityFrameworkCore;
using Timeline.Domain;
using Timeline.Web.Data;
using Timeline.Web.Infrastructure;

namespace Timeline.Web.Features.Editing;

/// <summary>A timeline in the editor's list, drafts included.</summary>
public sealed record TimelineRow(int Id, string Slug, string Title, bool IsPublished, int Events, int DraftEvents, DateTimeOffset UpdatedAt);

/// <summary>An event in the editor's list of a timeline, drafts included.</summary>
public sealed record EventRow(int Id, string Slug, string Title, string Start, Timeline.Domain.DateQualifier Qualifier, bool IsPublished, int Excerpts, bool HasBrokenExcerpt);

/// <summary>Creates, changes, publishes, deletes and restores timelines, with revisions.</summary>
public sealed class TimelineEditor(IDbContextFactory<TimelineDbContext> dbFactory, ReaderCache cache, TimeProvider clock)
{
    public async Task<IReadOnlyList<TimelineRow>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Timelines.AsNoTracking().OrderBy(t => t.Title)
            .Select(t => new TimelineRow(t.Id, t.Slug, t.Title, t.IsPublished, t.Events.Count(e => !e.IsDeleted), t.Events.Count(e => !e.IsDeleted && !e.IsPublished), t.UpdatedAt))
            .ToListAsync(cancellationToken);
    }

    public async Task<TimelineInput?> LoadAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Timelines.AsNoTracking().Where(t => t.Id == id)
            .Select(t => new TimelineInput { Id = t.Id, Title = t.Title, Slug = t.Slug, Description = t.Description, IsPublished = t.IsPublished, Version = t.Version })
            .FirstOrDefaultAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<EventRow>> EventsAsync(int timelineId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Events.AsNoTracking().Where(e => e.TimelineId == timelineId)
            .OrderBy(e => e.SortKey).ThenBy(e => e.Id)
            .Select(e => new EventRow(e.Id, e.Slug, e.Title, e.Start, e.Qualifier, e.IsPublished, e.Excerpts.Count, e.Excerpts.Any(x => x.Excerpt.Anchor == Timeline.Domain.AnchorStatus.Broken)))
            .ToListAsync(cancellationToken);
    }

    public async Task<SaveResult<int>> SaveAsync(TimelineInput input, EditorIdentity user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        input.Title = input.Title.Trim();
        input.Slug = input.Slug.Trim();
        var errors = EditValidation.Validate(input);
        if (errors.Count > 0)
        {
            return SaveResult<int>.Invalid(errors);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await SlugRecords.TimelineSlugHolderAsync(db, input.Slug, input.Id, cancellationToken) is { } holder)
        {
            errors[nameof(input.Slug)] = holder;
            return SaveResult<int>.Invalid(errors);
        }

        var now = clock.GetUtcNow();
        TimelineEntity timeline;
        TimelineSnapshot? before = null;
        string? oldSlug = null;
        if (input.Id is { } id)
        {
            var existing = await db.Timelines.FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
            if (existing is null)
            {
                return SaveResult<int>.Failed("This timeline was deleted by another editor while you were editing.");
            }

            before = Snapshot(existing);
            if (existing.Version != input.Version)
            {
                return SaveResult<int>.Conflicted(await ConflictAsync(db, existing, cancellationToken));
            }

            timeline = existing;
            oldSlug = existing.Slug;
            db.Entry(timeline).Property(t => t.Version).OriginalValue = input.Version.Value;
        }
        else
        {
            timeline = new TimelineEntity { Slug = input.Slug, Title = input.Title, CreatedAt = now };
            db.Timelines.Add(timeline);
        }

        if (oldSlug is not null)
        {
            await SlugRecords.RetireTimelineSlugAsync(db, timeline.Id, oldSlug, input.Slug, now, cancellationToken);
        }

        timeline.Title = input.Title;
        timeline.Slug = input.Slug;
        timeline.SetDescription(input.Description);
        timeline.IsPublished = input.IsPublished;
        timeline.Version = Guid.NewGuid();
        timeline.UpdatedAt = now;
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            var after = Snapshot(timeline);
            var summary = before is null ? $"Created timeline “{timeline.Title}”"
                : before.IsPublished != after.IsPublished ? (after.IsPublished ? "Published the timeline" : "Unpublished the timeline")
                : "Changed the timeline's details";
            RevisionLog.Record(db, RevisionSubject.Timeline, timeline.Id, timeline.Id, before is null ? RevisionAction.Created : RevisionAction.Updated, summary, user, before, after, now);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return SaveResult<int>.Failed("Another editor changed this timeline at the same moment. Reload to see their change.");
        }

        await cache.EvictTimelineAsync(timeline.Slug, cancellationToken);
        if (oldSlug is not null && oldSlug != timeline.Slug)
        {
            await cache.EvictTimelineAsync(oldSlug, cancellationToken);
        }

        return SaveResult<int>.Ok(timeline.Id);
    }

    /// <summary>A timeline's eras in date order, as the form edits them.</summary>
    public async Task<List<EraInput>> ErasAsync(int timelineId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var eras = await db.Eras.AsNoTracking().Where(e => e.TimelineId == timelineId).ToListAsync(cancellationToken);
        return [.. eras.OrderBy(e => PartialDate.Parse(e.Start).SortKey).ThenBy(e => e.Id).Select(e => new EraInput { Name = e.Name, Start = e.Start, End = e.End })];
    }

    /// <summary>
    /// Replaces a timeline's eras with these, all or none: each needs a name and two dates, the end not before the
    /// start; a problem is reported against its field ("Eras[1].End") and nothing is written.
    /// </summary>
    public async Task<SaveResult<int>> SaveErasAsync(int timelineId, IReadOnlyList<EraInput> eras, EditorIdentity user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eras);
        var errors = new FieldErrors();
        var parsed = new List<TimelineEra>();
        if (eras.Count > TimelineEra.MaxPerTimeline)
        {
            errors["Eras"] = $"A timeline can have up to {TimelineEra.MaxPerTimeline} eras.";
        }

        for (var i = 0; i < eras.Count; i++)
        {
            var name = eras[i].Name?.Trim() ?? "";
            var key = $"Eras[{i}]";
            if (name.Length == 0)
            {
                errors[$"{key}.Name"] = "Give the era a name.";
            }
            else if (name.Length > TimelineEra.MaxNameLength)
            {
                errors[$"{key}.Name"] = $"Keep the name to {TimelineEra.MaxNameLength} characters.";
            }

            var startOk = PartialDate.TryParse(eras[i].Start?.Trim(), DateQualifier.Exact, out var start, out var startError);
            var endOk = PartialDate.TryParse(eras[i].End?.Trim(), DateQualifier.Exact, out var end, out var endError);
            if (!startOk)
            {
                errors[$"{key}.Start"] = startError;
            }

            if (!endOk)
            {
                errors[$"{key}.End"] = endError;
            }
            else if (startOk && end.LatestDay < start.EarliestDay)
            {
                errors[$"{key}.End"] = "The era ends before it starts.";
            }

            if (startOk && endOk)
            {
                parsed.Add(new TimelineEra { TimelineId = timelineId, Name = name, Start = start.ToIso(), End = end.ToIso() });
            }
        }

        if (errors.Count > 0)
        {
            return SaveResult<int>.Invalid(errors);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var timeline = await db.Timelines.FirstOrDefaultAsync(t => t.Id == timelineId, cancellationToken);
        if (timeline is null)
        {
            return SaveResult<int>.Failed("This timeline was deleted by another editor while you were editing.");
        }

        var existing = await db.Eras.Where(e => e.TimelineId == timelineId).ToListAsync(cancellationToken);
        var before = new ErasSnapshot([.. existing.Select(e => new EraSnapshot(e.Name, e.Start, e.End))]);
        var after = new ErasSnapshot([.. parsed.Select(e => new EraSnapshot(e.Name, e.Start, e.End))]);
        db.Eras.RemoveRange(existing);
        db.Eras.AddRange(parsed);
        var now = clock.GetUtcNow();
        timeline.UpdatedAt = now;
        RevisionLog.Record(db, RevisionSubject.Timeline, timelineId, timelineId, RevisionAction.Updated,
            parsed.Count == 0 ? "Removed the timeline's eras" : $"Set the timeline's eras ({parsed.Count})", user, before, after, now);
        await db.SaveChangesAsync(cancellationToken);
        await cache.EvictTimelineAsync(timeline.Slug, cancellationToken);
        return SaveResult<int>.Ok(parsed.Count);
    }

    /// <summary>
    /// Makes the timeline as it was after a given revision: its details (title, slug when still free, description,
    /// state) or, for a revision of its eras, those eras. This is itself recorded as a new revision.
    /// </summary>
    public async Task<SaveResult<int>> RestoreRevisionAsync(int timelineId, long revisionId, EditorIdentity user, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var json = await db.Revisions.AsNoTracking()
            .Where(r => r.Id == revisionId && r.Subject == RevisionSubject.Timeline && r.SubjectId == timelineId)
            .Select(r => r.After).FirstOrDefaultAsync(cancellationToken);
        if (json is null)
        {
            return SaveResult<int>.Failed("That revision cannot be restored: it holds no state of this timeline.");
        }

        var timeline = await db.Timelines.FirstOrDefaultAsync(t => t.Id == timelineId, cancellationToken);
        if (timeline is null)
        {
            return SaveResult<int>.Failed("This timeline is in the trash: restore it from there first.");
        }

        var now = clock.GetUtcNow();
        var summary = $"Restored the version of revision #{revisionId}";
        var oldSlug = timeline.Slug;
        if (RevisionHistory.IsEras(json))
        {
            var eras = RevisionLog.Deserialize<ErasSnapshot>(json)!;
            var existing = await db.Eras.Where(e => e.TimelineId == timelineId).ToListAsync(cancellationToken);
            var before = new ErasSnapshot([.. existing.Select(e => new EraSnapshot(e.Name, e.Start, e.End))]);
            db.Eras.RemoveRange(existing);
            db.Eras.AddRange(eras.Eras.Select(e => new TimelineEra { TimelineId = timelineId, Name = e.Name, Start = e.Start, End = e.End }));
            RevisionLog.Record(db, RevisionSubject.Timeline, timelineId, timelineId, RevisionAction.Restored, summary + " (eras)", user, before, eras, now);
        }
        else
        {
            var snapshot = RevisionLog.Deserialize<TimelineSnapshot>(json)!;
            var before = Snapshot(timeline);
            var slugTaken = await SlugRecords.TimelineSlugHolderAsync(db, snapshot.Slug, timelineId, cancellationToken) is not null;
            timeline.Title = snapshot.Title;
            if (!slugTaken)
            {
                await SlugRecords.RetireTimelineSlugAsync(db, timelineId, timeline.Slug, snapshot.Slug, now, cancellationToken);
                timeline.Slug = snapshot.Slug;
            }
            timeline.SetDescription(snapshot.Description);
            timeline.IsPublished = snapshot.IsPublished;
            timeline.Version = Guid.NewGuid();
            RevisionLog.Record(db, RevisionSubject.Timeline, timelineId, timelineId, RevisionAction.Restored,
                slugTaken ? summary + $"; its slug “{snapshot.Slug}” is taken, so “{timeline.Slug}” stays" : summary, user, before, Snapshot(timeline), now);
        }

        timeline.UpdatedAt = now;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return SaveResult<int>.Failed("Another editor changed this timeline at the same moment. Reload to see their change, then try again.");
        }

        await cache.EvictTimelineAsync(timeline.Slug, cancellationToken);
        if (oldSlug != timeline.Slug)
        {
            await cache.EvictTimelineAsync(oldSlug, cancellationToken);
        }

        return SaveResult<int>.Ok(timelineId);
    }

    public Task<SaveResult<int>> DeleteAsync(int id, EditorIdentity user, CancellationToken cancellationToken = default) =>
        SetDeletedAsync(id, true, user, cancellationToken);

    public Task<SaveResult<int>> RestoreFromTrashAsync(int id, EditorIdentity user, CancellationToken cancellationToken = default) =>
        SetDeletedAsync(id, false, user, cancellationToken);

    private async Task<SaveResult<int>> SetDeletedAsync(int id, bool deleted, EditorIdentity user, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var timeline = await db.Timelines.IgnoreQueryFilters().FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (timeline is null)
        {
            return SaveResult<int>.Failed("That timeline does not exist.");
        }

        var snapshot = Snapshot(timeline);
        timeline.IsDeleted = deleted;
        timeline.Version = Guid.NewGuid();
        timeline.UpdatedAt = clock.GetUtcNow();
        RevisionLog.Record(db, RevisionSubject.Timeline, id, id, deleted ? RevisionAction.Deleted : RevisionAction.Restored,
            deleted ? $"Moved timeline “{timeline.Title}” to the trash" : $"Restored timeline “{timeline.Title}”", user, snapshot, snapshot, timeline.UpdatedAt);
        await db.SaveChangesAsync(cancellationToken);
        await cache.EvictTimelineAsync(timeline.Slug, cancellationToken);
        return SaveResult<int>.Ok(id);
    }

    internal static TimelineSnapshot Snapshot(TimelineEntity t) => new(t.Title, t.Slug, t.Description, t.IsPublished);

    private static async Task<ConflictInfo> ConflictAsync(TimelineDbContext db, TimelineEntity current, CancellationToken cancellationToken)
    {
        var last = await db.Revisions.AsNoTracking()
            .Where(r => r.Subject == RevisionSubject.Timeline && r.SubjectId == current.Id)
            .OrderByDescending(r => r.Id).Select(r => new { r.UserName, r.At, r.Before }).FirstOrDefaultAsync(cancellationToken);
        var before = RevisionLog.Deserialize<TimelineSnapshot>(last?.Before);
        var changes = new List<FieldChange>();
        if (before is not null)
        {
            if (before.Title != current.Title) { changes.Add(new("Title", before.Title, current.Title)); }
            if (before.Slug != current.Slug) { changes.Add(new("Slug", before.Slug, current.Slug)); }
            if (before.Description != current.Description) { changes.Add(new("Description", before.Description, current.Description)); }
            if (before.IsPublished != current.IsPublished) { changes.Add(new("Status", before.IsPublished ? "published" : "draft", current.IsPublished ? "published" : "draft")); }
        }

        return new ConflictInfo(last?.UserName ?? "another editor", last?.At ?? current.UpdatedAt, changes);
    }
}
