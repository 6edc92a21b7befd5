using Microsoft.EntityFrameworkCore;
using Timeline.Domain;
using Timeline.Web.Data;
using Timeline.Web.Infrastructure;

namespace Timeline.Web.Features.Editing;

/// <summary>An event as the editor shows it: its fields, its timeline and its excerpts.</summary>
public sealed record EventEditModel(EventInput Input, string TimelineSlug, string TimelineTitle, IReadOnlyList<AttachedExcerpt> Excerpts, DateTimeOffset UpdatedAt, MediaSnapshot? Media = null);

/// <summary>An excerpt attached to the event being edited.</summary>
public sealed record AttachedExcerpt(
    int ExcerptId, ExcerptRole Role, int Position, string Quote, int SourceId, string SourceTitle, string Outlet, AnchorStatus Anchor,
    Difference? Differs = null, string? Note = null);

/// <summary>An event to attach a passage to, found by its title and date.</summary>
public sealed record EventChoice(int Id, int TimelineId, string Title, string Date, string Timeline)
{
    /// <summary>Title first, so that two events of one day are told apart: "Wildberries responds · 15 April 2025 · Timeline".</summary>
    public string Label => $"{Title} · {Date} · {Timeline}";

    /// <summary>True when every word typed is in the title, the date or the timeline's title (any case).</summary>
    public bool Matches(string? typed) =>
        string.IsNullOrWhiteSpace(typed)
        || typed.Split(' ', StringSplitOptions.RemoveEmptyEntries).All(word => Label.Contains(word, StringComparison.OrdinalIgnoreCase));
}

/// <summary>One entry of an item's history.</summary>
public sealed record RevisionView(long Id, RevisionAction Action, string Summary, string UserName, DateTimeOffset At, bool CanRestore);

/// <summary>Creates, changes, deletes and restores events and their excerpts, with validation, concurrency checks and revisions.</summary>
public sealed class EventEditor(IDbContextFactory<TimelineDbContext> dbFactory, ReaderCache cache, TimeProvider clock)
{
    public async Task<EventEditModel?> LoadAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var ev = await WithLinks(db.Events).AsNoTracking().Include(e => e.Timeline).FirstOrDefaultAsync(e => e.Id == id, cancellationToken);
        if (ev is null)
        {
            return null;
        }

        var excerpts = await db.EventExcerpts.AsNoTracking()
            .Where(x => x.EventId == id)
            .OrderBy(x => x.Position)
            .Select(x => new AttachedExcerpt(x.ExcerptId, x.Role, x.Position, x.Excerpt.Exact, x.Excerpt.SourceId, x.Excerpt.Source.Title, x.Excerpt.Source.Outlet, x.Excerpt.Anchor, x.Differs, x.Note))
            .ToListAsync(cancellationToken);
        var snapshot = Snapshot(ev);
        var input = new EventInput
        {
            Id = ev.Id,
            TimelineId = ev.TimelineId,
            Title = ev.Title,
            Slug = ev.Slug,
            Summary = ev.Summary,
            Start = ev.Start,
            End = ev.End,
            Qualifier = ev.Qualifier,
            Tags = [.. snapshot.Tags],
            Actors = [.. snapshot.Actors],
            IsPublished = ev.IsPublished,
            Version = ev.Version,
            Original = snapshot,
        };
        return new EventEditModel(input, ev.Timeline.Slug, ev.Timeline.Title, excerpts, ev.UpdatedAt, snapshot.Media);
    }

    public async Task<SaveResult<int>> SaveAsync(EventInput input, EditorIdentity user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        input.Tags = EditValidation.CleanLabels(input.Tags);
        input.Actors = EditValidation.CleanLabels(input.Actors);
        input.Title = input.Title.Trim();
        input.Slug = input.Slug.Trim();
        input.Start = input.Start.Trim();
        input.End = string.IsNullOrWhiteSpace(input.End) ? null : input.End.Trim();
        var errors = EditValidation.Validate(input);
        if (errors.Count > 0)
        {
            return SaveResult<int>.Invalid(errors);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var timeline = await db.Timelines.FirstOrDefaultAsync(t => t.Id == input.TimelineId, cancellationToken);
        if (timeline is null)
        {
            return SaveResult<int>.Failed("The timeline of this event no longer exists (it may have been deleted).");
        }

        if (await SlugRecords.EventSlugHolderAsync(db, input.TimelineId, input.Slug, input.Id, cancellationToken) is { } holder)
        {
            errors[nameof(input.Slug)] = holder;
            return SaveResult<int>.Invalid(errors);
        }

        var now = clock.GetUtcNow();
        Event ev;
        EventSnapshot? before = null;
        if (input.Id is { } id)
        {
            var existing = await WithLinks(db.Events).FirstOrDefaultAsync(e => e.Id == id, cancellationToken);
            if (existing is null)
            {
                return SaveResult<int>.Failed("This event was deleted by another editor while you were editing. Your text is still in the form; restore the event from the trash to keep working on it.");
            }

            if (existing.Version != input.Version)
            {
                return SaveResult<int>.Conflicted(await DescribeConflictAsync(db, existing, input.Original, cancellationToken));
            }

            ev = existing;
            before = Snapshot(ev);
            db.Entry(ev).Property(e => e.Version).OriginalValue = input.Version.Value;
        }
        else
        {
            ev = new Event { Timeline = timeline, Slug = input.Slug, Title = input.Title, Start = input.Start, CreatedAt = now };
            db.Events.Add(ev);
            if (input.Passage is { } passage)
            {
                var problem = await AddPassageAsync(db, ev, passage, cancellationToken);
                if (problem is not null)
                {
                    return SaveResult<int>.Failed(problem);
                }
            }
        }

        if (before is not null)
        {
            await SlugRecords.RetireEventSlugAsync(db, ev.TimelineId, ev.Id, ev.Slug, input.Slug, now, cancellationToken);
        }

        ev.Title = input.Title;
        ev.Slug = input.Slug;
        ev.SetSummary(input.Summary);
        ev.SetDates(PartialDate.Parse(input.Start, input.Qualifier), input.End is null ? null : PartialDate.Parse(input.End));
        ev.IsPublished = input.IsPublished;
        ev.Tags = await ResolveLabelsAsync(db.Tags, input.Tags, (name, slug) => new Tag { Name = name, Slug = slug }, cancellationToken);
        ev.Actors = await ResolveLabelsAsync(db.Actors, input.Actors, (name, slug) => new Actor { Name = name, Slug = slug }, cancellationToken);

        var after = Snapshot(ev);
        // Readers are told of changes to an event they could already read and still can: drafts never show notices.
        var notice = before is { IsPublished: true } && after.IsPublished ? NoticeFor(input.Change, input.ChangeNote, user, now) : null;
        if (before is not null && RevisionLog.Serialize(before) == RevisionLog.Serialize(after) && notice is null)
        {
            return SaveResult<int>.Ok(ev.Id);
        }

        if (notice is not null)
        {
            ev.Notices.Add(notice);
        }

        ev.Version = Guid.NewGuid();
        ev.UpdatedAt = now;
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            RevisionLog.Record(db, RevisionSubject.Event, ev.Id, ev.TimelineId, before is null ? RevisionAction.Created : RevisionAction.Updated,
                (before is null ? $"Created “{ev.Title}”" : Describe(before, after)) + NoticeSummary(notice), user, before, after, now);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            await using var fresh = await dbFactory.CreateDbContextAsync(cancellationToken);
            var current = await WithLinks(fresh.Events).AsNoTracking().FirstAsync(e => e.Id == ev.Id, cancellationToken);
            return SaveResult<int>.Conflicted(await DescribeConflictAsync(fresh, current, input.Original, cancellationToken));
        }

        await cache.EvictTimelineAsync(timeline.Slug, cancellationToken);
        return SaveResult<int>.Ok(ev.Id);
    }

    /// <summary>Moves an event to the trash; it disappears for readers and can be restored.</summary>
    public Task<SaveResult<int>> DeleteAsync(int id, EditorIdentity user, CancellationToken cancellationToken = default) =>
        SetDeletedAsync(id, deleted: true, user, cancellationToken);

    /// <summary>Brings an event back from the trash.</summary>
    public Task<SaveResult<int>> RestoreFromTrashAsync(int id, EditorIdentity user, CancellationToken cancellationToken = default) =>
        SetDeletedAsync(id, deleted: false, user, cancellationToken);

    /// <summary>The event's revisions, newest first.</summary>
    public Task<IReadOnlyList<RevisionView>> HistoryAsync(int id, CancellationToken cancellationToken = default) =>
        new RevisionHistory(dbFactory).ListAsync(RevisionSubject.Event, id, cancellationToken);

    /// <summary>Reads one revision's snapshot of the event (the state after that change).</summary>
    public async Task<EventSnapshot?> RevisionSnapshotAsync(int eventId, long revisionId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var json = await db.Revisions.AsNoTracking()
            .Where(r => r.Id == revisionId && r.Subject == RevisionSubject.Event && r.SubjectId == eventId)
            .Select(r => r.After)
            .FirstOrDefaultAsync(cancellationToken);
        return RevisionLog.Deserialize<EventSnapshot>(json);
    }

    /// <summary>
    /// Tells readers of a change made to a published event outside its form (its passages): an update or a correction
    /// with its public note, recorded in the event's history.
    /// </summary>
    public async Task<SaveResult<int>> AddNoticeAsync(int eventId, PublicChange change, string? note, EditorIdentity user, CancellationToken cancellationToken = default)
    {
        var errors = new FieldErrors();
        if (change == PublicChange.None)
        {
            errors[nameof(EventInput.Change)] = "Choose whether this is an update or a correction.";
        }

        EditValidation.Notice(errors, nameof(EventInput.ChangeNote), change, note);
        if (errors.Count > 0)
        {
            return SaveResult<int>.Invalid(errors);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var ev = await WithLinks(db.Events).Include(e => e.Timeline).FirstOrDefaultAsync(e => e.Id == eventId, cancellationToken);
        if (ev is null)
        {
            return SaveResult<int>.Failed("This event was deleted by another editor while you were editing.");
        }

        if (!ev.IsPublished)
        {
            return SaveResult<int>.Failed("This event is a draft: readers have not seen it, so there is nothing to tell them. Publish it first.");
        }

        var now = clock.GetUtcNow();
        var notice = NoticeFor(change, note, user, now)!;
        ev.Notices.Add(notice);
        ev.UpdatedAt = now;
        RevisionLog.Record(db, RevisionSubject.Event, ev.Id, ev.TimelineId, RevisionAction.Updated,
            (notice.Kind == NoticeKind.Correction ? "Told readers of a correction" : "Told readers of an update") + (notice.Note is { } text ? $": “{text}”" : ""),
            user, Snapshot(ev), Snapshot(ev), now);
        await db.SaveChangesAsync(cancellationToken);
        await cache.EvictTimelineAsync(ev.Timeline.Slug, cancellationToken);
        return SaveResult<int>.Ok(ev.Id);
    }

    private static EventNotice? NoticeFor(PublicChange change, string? note, EditorIdentity user, DateTimeOffset now) => change switch
    {
        PublicChange.Update => new EventNotice { Kind = NoticeKind.Update, Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim(), At = now, UserName = user.UserName },
        PublicChange.Correction => new EventNotice { Kind = NoticeKind.Correction, Note = note!.Trim(), At = now, UserName = user.UserName },
        _ => null,
    };

    private static string NoticeSummary(EventNotice? notice) => notice switch
    {
        null => "",
        { Kind: NoticeKind.Correction } => $"; correction for readers: “{notice.Note}”",
        { Note: { } note } => $"; update for readers: “{note}”",
        _ => "; marked as an update for readers",
    };

    /// <summary>Makes the event as it was after a given revision; this is itself recorded as a new revision.</summary>
    public async Task<SaveResult<int>> RestoreRevisionAsync(int eventId, long revisionId, EditorIdentity user, CancellationToken cancellationToken = default)
    {
        var snapshot = await RevisionSnapshotAsync(eventId, revisionId, cancellationToken);
        if (snapshot is null)
        {
            return SaveResult<int>.Failed("That revision cannot be restored: it holds no state of this event.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var ev = await WithLinks(db.Events).Include(e => e.Timeline).FirstOrDefaultAsync(e => e.Id == eventId, cancellationToken);
        if (ev is null)
        {
            return SaveResult<int>.Failed("This event is in the trash: restore it from there first.");
        }

        var before = Snapshot(ev);
        var slugTaken = await SlugRecords.EventSlugHolderAsync(db, ev.TimelineId, snapshot.Slug, ev.Id, cancellationToken) is not null;
        ev.Title = snapshot.Title;
        if (!slugTaken)
        {
            await SlugRecords.RetireEventSlugAsync(db, ev.TimelineId, ev.Id, ev.Slug, snapshot.Slug, clock.GetUtcNow(), cancellationToken);
            ev.Slug = snapshot.Slug;
        }
        ev.SetSummary(snapshot.Summary);
        ev.SetDates(PartialDate.Parse(snapshot.Start, snapshot.Qualifier), snapshot.End is null ? null : PartialDate.Parse(snapshot.End));
        ev.IsPublished = snapshot.IsPublished;
        ev.Tags = await ResolveLabelsAsync(db.Tags, [.. snapshot.Tags], (name, slug) => new Tag { Name = name, Slug = slug }, cancellationToken);
        ev.Actors = await ResolveLabelsAsync(db.Actors, [.. snapshot.Actors], (name, slug) => new Actor { Name = name, Slug = slug }, cancellationToken);
        var existingExcerpts = await db.Excerpts.Where(x => snapshot.Excerpts.Select(s => s.ExcerptId).Contains(x.Id)).Select(x => x.Id).ToListAsync(cancellationToken);
        var media = snapshot.Media;
        var imageKept = media?.ImageId is { } imageId && await db.MediaImages.AnyAsync(i => i.Id == imageId, cancellationToken);
        ev.MediaImageId = imageKept ? media!.ImageId : null;
        ev.MediaUrl = media?.Url;
        ev.MediaAlt = imageKept ? media!.Alt : null;
        ev.MediaCaption = media?.Caption;
        ev.MediaCredit = media?.Credit;
        ev.Excerpts.Clear();
        foreach (var link in snapshot.Excerpts.Where(l => existingExcerpts.Contains(l.ExcerptId)).OrderBy(l => l.Position))
        {
            ev.Excerpts.Add(new EventExcerpt { EventId = ev.Id, ExcerptId = link.ExcerptId, Role = link.Role, Position = link.Position, Differs = link.Differs, Note = link.Note });
        }

        return await CommitAsync(db, ev, before, RevisionAction.Restored, $"Restored the version of revision #{revisionId}", user, cancellationToken);
    }

    /// <summary>Attaches the passage [start, end) of a source to an event; the excerpt keeps quote, prefix, suffix and position.</summary>
    public async Task<SaveResult<int>> AttachAsync(int eventId, int sourceId, int start, int end, ExcerptRole role, EditorIdentity user, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var ev = await WithLinks(db.Events).Include(e => e.Timeline).FirstOrDefaultAsync(e => e.Id == eventId, cancellationToken);
        if (ev is null)
        {
            return SaveResult<int>.Failed("That event no longer exists (it may be in the trash).");
        }

        var before = Snapshot(ev);
        var problem = await AddPassageAsync(db, ev, new PassageChoice(sourceId, start, end, role), cancellationToken);
        if (problem is not null)
        {
            return SaveResult<int>.Failed(problem);
        }

        var link = ev.Excerpts[^1];
        var result = await CommitAsync(db, ev, before, RevisionAction.Updated, $"Attached a passage of “{link.Excerpt.Source.Title}” ({RoleNames.Of(role)})", user, cancellationToken);
        return result.Succeeded ? SaveResult<int>.Ok(link.Excerpt.Id) : result;
    }

    /// <summary>
    /// Adds the passage to the event's links (not saved): the stored excerpt of exactly that passage when there is one,
    /// else a new one with its quote, prefix, suffix and position. Returns what is wrong with the passage, or null.
    /// </summary>
    private async Task<string?> AddPassageAsync(TimelineDbContext db, Event ev, PassageChoice passage, CancellationToken cancellationToken)
    {
        var source = await db.Sources.FirstOrDefaultAsync(s => s.Id == passage.SourceId, cancellationToken);
        if (source is null)
        {
            return "That source no longer exists.";
        }

        var (start, end) = TrimSelection(source.Text, passage.Start, passage.End);
        if (start < 0 || end > source.Text.Length || start >= end)
        {
            return "Select a passage of the source text first.";
        }

        if (end - start > Limits.Quote)
        {
            return $"That passage is {end - start:N0} characters long; an excerpt can hold up to {Limits.Quote:N0}. Select a shorter passage.";
        }

        var excerpt = await db.Excerpts.FirstOrDefaultAsync(x => x.SourceId == source.Id && x.Start == start && x.End == end && x.Anchor != AnchorStatus.Broken, cancellationToken);
        if (excerpt is not null && ev.Excerpts.Any(l => l.ExcerptId == excerpt.Id))
        {
            return "This passage is already attached to the event.";
        }

        if (excerpt is null)
        {
            excerpt = NewExcerpt(source, start, end, clock.GetUtcNow());
            db.Excerpts.Add(excerpt);
        }
        else
        {
            excerpt.Source = source;
        }

        ev.Excerpts.Add(new EventExcerpt { Event = ev, Excerpt = excerpt, Role = passage.Role, Position = ev.Excerpts.Count == 0 ? 0 : ev.Excerpts.Max(l => l.Position) + 1 });
        return null;
    }

    public Task<SaveResult<int>> SetRoleAsync(int eventId, int excerptId, ExcerptRole role, EditorIdentity user, CancellationToken cancellationToken = default) =>
        ChangeLinksAsync(eventId, user, $"Marked a passage as {role.ToString().ToLowerInvariant()}", ev =>
        {
            var link = ev.Excerpts.FirstOrDefault(l => l.ExcerptId == excerptId);
            if (link is null)
            {
                return "That passage is no longer attached to this event.";
            }

            link.Role = role;
            return null;
        }, cancellationToken);

    /// <summary>
    /// Records what a disputing passage differs in and the editor's note naming it, which readers see beside the
    /// passages. The note is one sentence: at most <see cref="Limits.DisputeNote"/> characters.
    /// </summary>
    public async Task<SaveResult<int>> SetDisputeAsync(int eventId, int excerptId, Difference? differs, string? note, EditorIdentity user, CancellationToken cancellationToken = default)
    {
        note = string.IsNullOrWhiteSpace(note) ? null : string.Join(' ', note.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (note is { Length: > Limits.DisputeNote })
        {
            var errors = new FieldErrors { ["Note"] = $"The note is {note.Length} characters long; keep it to one sentence of at most {Limits.DisputeNote}." };
            return SaveResult<int>.Invalid(errors);
        }

        return await ChangeLinksAsync(eventId, user, "Noted what a disputing passage differs in", ev =>
        {
            var link = ev.Excerpts.FirstOrDefault(l => l.ExcerptId == excerptId);
            if (link is null)
            {
                return "That passage is no longer attached to this event.";
            }

            if (link.Role != ExcerptRole.Disputes)
            {
                return "Only a passage that disputes the event says what differs: mark it as disputing first.";
            }

            link.Differs = differs;
            link.Note = note;
            return null;
        }, cancellationToken);
    }

    public Task<SaveResult<int>> MoveAsync(int eventId, int excerptId, int offset, EditorIdentity user, CancellationToken cancellationToken = default) =>
        ChangeLinksAsync(eventId, user, "Reordered passages", ev =>
        {
            var ordered = ev.Excerpts.OrderBy(l => l.Position).ToList();
            var index = ordered.FindIndex(l => l.ExcerptId == excerptId);
            if (index < 0)
            {
                return "That passage is no longer attached to this event.";
            }

            var target = Math.Clamp(index + offset, 0, ordered.Count - 1);
            var link = ordered[index];
            ordered.RemoveAt(index);
            ordered.Insert(target, link);
            for (var i = 0; i < ordered.Count; i++)
            {
                ordered[i].Position = i;
            }

            return null;
        }, cancellationToken);

    public Task<SaveResult<int>> DetachAsync(int eventId, int excerptId, EditorIdentity user, CancellationToken cancellationToken = default) =>
        ChangeLinksAsync(eventId, user, "Detached a passage", ev =>
        {
            var link = ev.Excerpts.FirstOrDefault(l => l.ExcerptId == excerptId);
            if (link is null)
            {
                return "That passage is no longer attached to this event.";
            }

            ev.Excerpts.Remove(link);
            return null;
        }, cancellationToken);

    /// <summary>Every event an excerpt can be attached to, in timeline order.</summary>
    public async Task<IReadOnlyList<EventChoice>> ChoicesAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Events.AsNoTracking().OrderBy(e => e.Timeline.Title).ThenBy(e => e.SortKey)
            .Select(e => new { e.Id, e.TimelineId, e.Title, e.Start, e.Qualifier, Timeline = e.Timeline.Title }).ToListAsync(cancellationToken);
        return [.. rows.Select(r => new EventChoice(r.Id, r.TimelineId, r.Title, PartialDate.Parse(r.Start, r.Qualifier).ToDisplayString(), r.Timeline))];
    }

    /// <summary>Tag and actor names already in use, for autocomplete.</summary>
    public async Task<(IReadOnlyList<string> Tags, IReadOnlyList<string> Actors)> LabelsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // Names are unique in the database; Distinct keeps the inputs whole even for data written before that was so.
        var tags = await db.Tags.AsNoTracking().Select(t => t.Name).Distinct().OrderBy(n => n).ToListAsync(cancellationToken);
        var actors = await db.Actors.AsNoTracking().Select(a => a.Name).Distinct().OrderBy(n => n).ToListAsync(cancellationToken);
        return (tags, actors);
    }

    internal static EventSnapshot Snapshot(Event ev) => new(
        ev.Title, ev.Slug, ev.Summary, ev.Start, ev.End, ev.Qualifier,
        [.. ev.Tags.Select(t => t.Name).Order(StringComparer.OrdinalIgnoreCase)],
        [.. ev.Actors.Select(a => a.Name).Order(StringComparer.OrdinalIgnoreCase)],
        ev.IsPublished,
        [.. ev.Excerpts.OrderBy(l => l.Position).Select(l => new ExcerptLinkSnapshot(l.ExcerptId, l.Role, l.Position, l.Excerpt?.Exact ?? "", l.Differs, l.Note))],
        ev.MediaImageId is null && ev.MediaUrl is null ? null : new MediaSnapshot(ev.MediaImageId, ev.MediaUrl, ev.MediaAlt, ev.MediaCaption, ev.MediaCredit));

    /// <summary>
    /// Sets the event's media: an image (a new upload, re-encoded and stored in the same transaction, or the current
    /// image with new texts; alt text required) or a link to a video or post (http or https only). Bad input changes
    /// nothing: a file that is not an image, or too large, is refused with a message at its field.
    /// </summary>
    public async Task<SaveResult<int>> SetMediaAsync(int eventId, MediaInput input, byte[]? upload, EditorIdentity user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new FieldErrors();
        string? Clean(string text, string field)
        {
            var value = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
            if (value.Length > Limits.MediaText)
            {
                errors[field] = $"Keep it to {Limits.MediaText} characters (it is {value.Length}).";
            }

            return value.Length == 0 ? null : value;
        }

        var caption = Clean(input.Caption, nameof(input.Caption));
        var credit = Clean(input.Credit, nameof(input.Credit));
        var alt = input.IsLink ? null : Clean(input.Alt, nameof(input.Alt));
        var url = input.IsLink ? input.Url.Trim() : null;
        if (input.IsLink && !EditValidation.IsWebUrl(url))
        {
            errors[nameof(input.Url)] = "Enter the address of the video or post, starting with https:// or http://.";
        }
        else if (url is { Length: > Limits.Url })
        {
            errors[nameof(input.Url)] = $"That address is longer than {Limits.Url:N0} characters.";
        }

        if (!input.IsLink && alt is null)
        {
            errors[nameof(input.Alt)] = "Describe the image for readers who cannot see it (alt text is required).";
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var ev = await WithLinks(db.Events).Include(e => e.Timeline).FirstOrDefaultAsync(e => e.Id == eventId, cancellationToken);
        if (ev is null)
        {
            return SaveResult<int>.Failed("That event no longer exists (it may be in the trash).");
        }

        if (!input.IsLink && upload is null && ev.MediaImageId is null)
        {
            errors["Image"] = "Choose an image file to upload.";
        }

        Media.EncodedImage? encoded = null;
        if (!input.IsLink && upload is not null)
        {
            (encoded, var problem) = Media.ImageRenditions.Encode(upload);
            if (problem is not null)
            {
                errors["Image"] = problem;
            }
        }

        if (errors.Count > 0)
        {
            return SaveResult<int>.Invalid(errors);
        }

        var before = Snapshot(ev);
        if (encoded is not null)
        {
            var image = new MediaImage { Width = encoded.Width, Height = encoded.Height, CreatedAt = clock.GetUtcNow(), Renditions = [.. encoded.Renditions] };
            db.MediaImages.Add(image);
            ev.MediaImage = image;
        }
        else if (input.IsLink)
        {
            ev.MediaImageId = null;
        }

        ev.MediaUrl = url;
        ev.MediaAlt = alt;
        ev.MediaCaption = caption;
        ev.MediaCredit = credit;
        var summary = encoded is not null ? "Added an image" : input.IsLink ? "Set a link to a video or post" : "Changed the image's texts";
        return await CommitAsync(db, ev, before, RevisionAction.Updated, summary, user, cancellationToken);
    }

    /// <summary>Takes the image or link off the event; the image stays stored for the event's history.</summary>
    public Task<SaveResult<int>> RemoveMediaAsync(int eventId, EditorIdentity user, CancellationToken cancellationToken = default) =>
        ChangeLinksAsync(eventId, user, "Removed the media", ev =>
        {
            if (ev.MediaImageId is null && ev.MediaUrl is null)
            {
                return "This event has no image or link to remove.";
            }

            (ev.MediaImageId, ev.MediaUrl, ev.MediaAlt, ev.MediaCaption, ev.MediaCredit) = (null, null, null, null, null);
            return null;
        }, cancellationToken);

    /// <summary>Lists the fields that differ between two states of an event, for conflict messages and revision summaries.</summary>
    internal static List<FieldChange> Diff(EventSnapshot? before, EventSnapshot after)
    {
        var changes = new List<FieldChange>();
        void Compare(string field, string? a, string? b)
        {
            if (!string.Equals(a ?? "", b ?? "", StringComparison.Ordinal))
            {
                changes.Add(new FieldChange(field, a ?? "", b ?? ""));
            }
        }

        Compare("Title", before?.Title, after.Title);
        Compare("Slug", before?.Slug, after.Slug);
        Compare("Summary", before?.Summary, after.Summary);
        Compare("Date", before is null ? null : DateText(before), DateText(after));
        Compare("Tags", before is null ? null : string.Join(", ", before.Tags), string.Join(", ", after.Tags));
        Compare("Actors", before is null ? null : string.Join(", ", before.Actors), string.Join(", ", after.Actors));
        Compare("Status", before is null ? null : Status(before.IsPublished), Status(after.IsPublished));
        Compare("Passages", before is null ? null : LinksText(before), LinksText(after));
        Compare("Media", before is null ? null : MediaText(before.Media), MediaText(after.Media));
        return changes;
    }

    private static string DateText(EventSnapshot s) =>
        PartialDate.Parse(s.Start, s.Qualifier).ToDisplayString() + (s.End is null ? "" : " – " + PartialDate.Parse(s.End).ToDisplayString());

    private static string Status(bool published) => published ? "published" : "draft";

    internal static string MediaText(MediaSnapshot? media) => media switch
    {
        null => "",
        { ImageId: { } id } => $"image #{id}: “{media.Alt}”" + (media.Caption is null ? "" : $", caption “{media.Caption}”") + (media.Credit is null ? "" : $", credit {media.Credit}"),
        _ => $"link {media.Url}" + (media.Caption is null ? "" : $", caption “{media.Caption}”") + (media.Credit is null ? "" : $", credit {media.Credit}"),
    };

    private static string LinksText(EventSnapshot s) =>
        string.Join("; ", s.Excerpts.Select(x => $"{RoleNames.Of(x.Role)}: {(x.Quote.Length > 60 ? x.Quote[..60] + "…" : x.Quote)}"
            + (x.Role == ExcerptRole.Disputes && (x.Differs is not null || x.Note is not null) ? $" (differs in {(x.Differs is { } d ? RoleNames.Of(d) : "?")}: {x.Note})" : "")));

    private static string Describe(EventSnapshot before, EventSnapshot after)
    {
        var fields = Diff(before, after).Select(c => c.Field.ToLowerInvariant()).ToList();
        return fields.Count == 0 ? "No visible change" : $"Changed {string.Join(", ", fields)}";
    }

    private static IQueryable<Event> WithLinks(IQueryable<Event> events) =>
        events.Include(e => e.Tags).Include(e => e.Actors).Include(e => e.Excerpts).ThenInclude(l => l.Excerpt).AsSplitQuery();

    /// <summary>A new excerpt of [start, end) of the source, with its quote, prefix, suffix and position.</summary>
    internal static Excerpt NewExcerpt(Source source, int start, int end, DateTimeOffset now)
    {
        var (quote, position) = QuoteAnchor.Describe(source.Text, start, end);
        return new Excerpt
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
    }

    internal static (int Start, int End) TrimSelection(string text, int start, int end)
    {
        start = Math.Max(0, start);
        end = Math.Min(text.Length, end);
        while (start < end && char.IsWhiteSpace(text[start]))
        {
            start++;
        }

        while (end > start && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        return (start, end);
    }

    private static async Task<ConflictInfo> DescribeConflictAsync(TimelineDbContext db, Event current, EventSnapshot? original, CancellationToken cancellationToken)
    {
        var last = await db.Revisions.AsNoTracking()
            .Where(r => r.Subject == RevisionSubject.Event && r.SubjectId == current.Id)
            .OrderByDescending(r => r.Id)
            .Select(r => new { r.UserName, r.At })
            .FirstOrDefaultAsync(cancellationToken);
        var changes = original is null ? [new FieldChange("Event", "", "changed")] : Diff(original, Snapshot(current));
        return new ConflictInfo(last?.UserName ?? "another editor", last?.At ?? current.UpdatedAt, changes);
    }

    /// <summary>
    /// The label rows for these names: an existing row when one is the same label (<see cref="EditValidation.LabelKey"/>:
    /// any case, accents or spacing), whatever the client sent, or a new row. A new label whose slug another label already
    /// holds (names in other scripts all have the slug "item") gets the first free numbered slug ("item-2").
    /// </summary>
    internal static async Task<List<T>> ResolveLabelsAsync<T>(DbSet<T> set, List<string> names, Func<string, string, T> create, CancellationToken cancellationToken)
        where T : class, ILabel
    {
        var wanted = EditValidation.CleanLabels(names).Select(n => (Name: n, Slug: Slug.From(n, Limits.Slug), Key: EditValidation.LabelKey(n))).ToList();
        var candidates = new List<T>();
        foreach (var slug in wanted.Select(w => w.Slug).Distinct())
        {
            // The rows under this slug and its numbered variants: the label itself may be one of them.
            var numbered = slug + "-";
            candidates.AddRange(await set.Where(x => EF.Property<string>(x, "Slug") == slug || EF.Property<string>(x, "Slug").StartsWith(numbered)).ToListAsync(cancellationToken));
        }

        var labels = new List<T>();
        var taken = new HashSet<string>(candidates.Select(c => c.Slug), StringComparer.Ordinal);
        foreach (var (name, slug, key) in wanted)
        {
            var label = candidates.FirstOrDefault(c => EditValidation.LabelKey(c.Name) == key);
            if (label is null)
            {
                var free = slug;
                for (var n = 2; taken.Contains(free) || await set.AnyAsync(x => EF.Property<string>(x, "Slug") == free, cancellationToken); n++)
                {
                    var suffix = $"-{n}";
                    free = string.Concat(slug.AsSpan(0, Math.Min(slug.Length, Limits.Slug - suffix.Length)), suffix);
                }

                taken.Add(free);
                label = create(name, free);
                candidates.Add(label);
            }

            labels.Add(label);
        }

        return labels;
    }

    private async Task<SaveResult<int>> SetDeletedAsync(int id, bool deleted, EditorIdentity user, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var ev = await WithLinks(db.Events.IgnoreQueryFilters()).Include(e => e.Timeline).FirstOrDefaultAsync(e => e.Id == id, cancellationToken);
        if (ev is null || ev.IsDeleted == deleted)
        {
            return ev is null ? SaveResult<int>.Failed("That event does not exist.") : SaveResult<int>.Ok(id);
        }

        var snapshot = Snapshot(ev);
        ev.IsDeleted = deleted;
        ev.Version = Guid.NewGuid();
        ev.UpdatedAt = clock.GetUtcNow();
        RevisionLog.Record(db, RevisionSubject.Event, ev.Id, ev.TimelineId, deleted ? RevisionAction.Deleted : RevisionAction.Restored,
            deleted ? $"Moved “{ev.Title}” to the trash" : $"Restored “{ev.Title}” from the trash", user, snapshot, snapshot, ev.UpdatedAt);
        await db.SaveChangesAsync(cancellationToken);
        await cache.EvictTimelineAsync(ev.Timeline.Slug, cancellationToken);
        return SaveResult<int>.Ok(id);
    }

    private async Task<SaveResult<int>> ChangeLinksAsync(int eventId, EditorIdentity user, string summary, Func<Event, string?> change, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var ev = await WithLinks(db.Events).Include(e => e.Timeline).FirstOrDefaultAsync(e => e.Id == eventId, cancellationToken);
        if (ev is null)
        {
            return SaveResult<int>.Failed("That event no longer exists (it may be in the trash).");
        }

        var before = Snapshot(ev);
        if (change(ev) is { } problem)
        {
            return SaveResult<int>.Failed(problem);
        }

        return await CommitAsync(db, ev, before, RevisionAction.Updated, summary, user, cancellationToken);
    }

    private async Task<SaveResult<int>> CommitAsync(TimelineDbContext db, Event ev, EventSnapshot before, RevisionAction action, string summary, EditorIdentity user, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        ev.Version = Guid.NewGuid();
        ev.UpdatedAt = now;
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            var after = Snapshot(ev);
            RevisionLog.Record(db, RevisionSubject.Event, ev.Id, ev.TimelineId, action, summary, user, before, after, now);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return SaveResult<int>.Failed("Another editor changed this event at the same moment. Reload to see their change, then try again.");
        }

        await cache.EvictTimelineAsync(ev.Timeline.Slug, cancellationToken);
        return SaveResult<int>.Ok(ev.Id);
    }
}
