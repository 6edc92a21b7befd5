using Microsoft.EntityFrameworkCore;
using Timeline.Domain;
using Timeline.Web.Data;
using Timeline.Web.Infrastructure;

namespace Timeline.Web.Features.Editing;

/// <summary>A source in the editor's list.</summary>
public sealed record SourceRow(int Id, string Title, string Outlet, string? PublishedOn, int Excerpts, int BrokenExcerpts);

/// <summary>A source with its excerpts, for the editor's source view.</summary>
public sealed record SourceEditModel(SourceInput Input, IReadOnlyList<SourceExcerpt> Excerpts);

/// <summary>An excerpt of the source being edited and the events it backs.</summary>
public sealed record SourceExcerpt(int Id, int Start, int End, string Exact, AnchorStatus Anchor, IReadOnlyList<string> Events);

/// <summary>Where a phrase occurs in a source: the keyboard route to picking an excerpt.</summary>
public sealed record PhraseMatch(int Start, int End, string Before, string Match, string After);

/// <summary>Adds and edits sources; a changed text re-anchors every excerpt and reports which moved or broke.</summary>
public sealed class SourceEditor(IDbContextFactory<TimelineDbContext> dbFactory, ReaderCache cache, TimeProvider clock)
{
    public async Task<IReadOnlyList<SourceRow>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Sources.AsNoTracking().OrderByDescending(s => s.PublishedOn).ThenBy(s => s.Title)
            .Select(s => new SourceRow(s.Id, s.Title, s.Outlet, s.PublishedOn, s.Excerpts.Count, s.Excerpts.Count(x => x.Anchor == AnchorStatus.Broken)))
            .ToListAsync(cancellationToken);
    }

    public async Task<SourceEditModel?> LoadAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var input = await db.Sources.AsNoTracking().Where(s => s.Id == id)
            .Select(s => new SourceInput { Id = s.Id, Title = s.Title, Outlet = s.Outlet, Author = s.Author, PublishedOn = s.PublishedOn, Url = s.Url, Language = s.Language, Provenance = s.Provenance, CapturedOn = EditValidation.FormatCapturedOn(s.CapturedOn), Text = s.Text, Version = s.Version })
            .FirstOrDefaultAsync(cancellationToken);
        if (input is null)
        {
            return null;
        }

        var excerpts = await db.Excerpts.AsNoTracking().Where(x => x.SourceId == id).OrderBy(x => x.Start)
            .Select(x => new SourceExcerpt(x.Id, x.Start, x.End, x.Exact, x.Anchor, x.Events.Select(l => l.Event.Title).ToList()))
            .ToListAsync(cancellationToken);
        return new SourceEditModel(input, excerpts);
    }

    /// <summary>Finds a phrase in a source's text (ignoring case), with a little context around each match.</summary>
    public static IReadOnlyList<PhraseMatch> Find(string text, string phrase, int max = 20)
    {
        ArgumentNullException.ThrowIfNull(text);
        var matches = new List<PhraseMatch>();
        if (string.IsNullOrWhiteSpace(phrase))
        {
            return matches;
        }

        phrase = phrase.Trim();
        var at = 0;
        while (matches.Count < max && (at = text.IndexOf(phrase, at, StringComparison.OrdinalIgnoreCase)) >= 0)
        {
            var end = at + phrase.Length;
            var from = Math.Max(0, at - 50);
            var to = Math.Min(text.Length, end + 50);
            matches.Add(new PhraseMatch(at, end, text[from..at], text[at..end], text[end..to]));
            at = end;
        }

        return matches;
    }

    public Task<SaveResult<SourceSaved>> SaveAsync(SourceInput input, EditorIdentity user, CancellationToken cancellationToken = default) =>
        SaveAsync(input, user, restoredFrom: null, cancellationToken);

    /// <summary>
    /// Makes the source as it was after a given revision, through the same save as an edit (so a restored text
    /// re-anchors every passage quoted from it); this is itself recorded as a new revision.
    /// </summary>
    public async Task<SaveResult<SourceSaved>> RestoreRevisionAsync(int sourceId, long revisionId, EditorIdentity user, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var json = await db.Revisions.AsNoTracking()
            .Where(r => r.Id == revisionId && r.Subject == RevisionSubject.Source && r.SubjectId == sourceId)
            .Select(r => r.After).FirstOrDefaultAsync(cancellationToken);
        if (RevisionLog.Deserialize<SourceSnapshot>(json) is not { } snapshot)
        {
            return SaveResult<SourceSaved>.Failed("That revision cannot be restored: it holds no state of this source.");
        }

        var version = await db.Sources.Where(s => s.Id == sourceId).Select(s => (Guid?)s.Version).FirstOrDefaultAsync(cancellationToken);
        if (version is null)
        {
            return SaveResult<SourceSaved>.Failed("This source is in the trash: restore it from there first.");
        }

        var input = new SourceInput
        {
            Id = sourceId,
            Title = snapshot.Title,
            Outlet = snapshot.Outlet,
            Author = snapshot.Author,
            PublishedOn = snapshot.PublishedOn,
            Url = snapshot.Url,
            Language = snapshot.Language,
            Provenance = snapshot.Provenance,
            CapturedOn = snapshot.CapturedOn,
            Text = snapshot.Text,
            Version = version,
        };
        return await SaveAsync(input, user, revisionId, cancellationToken);
    }

    private async Task<SaveResult<SourceSaved>> SaveAsync(SourceInput input, EditorIdentity user, long? restoredFrom, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        input.Title = input.Title.Trim();
        input.Outlet = input.Outlet.Trim();
        input.Author = string.IsNullOrWhiteSpace(input.Author) ? null : input.Author.Trim();
        input.PublishedOn = string.IsNullOrWhiteSpace(input.PublishedOn) ? null : input.PublishedOn.Trim();
        input.Url = string.IsNullOrWhiteSpace(input.Url) ? null : input.Url.Trim();
        input.Language = input.Language.Trim();
        input.Provenance = string.IsNullOrWhiteSpace(input.Provenance) ? null : input.Provenance.Trim();
        input.CapturedOn = string.IsNullOrWhiteSpace(input.CapturedOn) ? null : input.CapturedOn.Trim();
        var errors = EditValidation.Validate(input, clock.GetUtcNow());
        if (errors.Count > 0)
        {
            return SaveResult<SourceSaved>.Invalid(errors);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        Source source;
        SourceSnapshot? before = null;
        if (input.Id is { } id)
        {
            var existing = await db.Sources.Include(s => s.Excerpts).FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
            if (existing is null)
            {
                return SaveResult<SourceSaved>.Failed("This source was deleted by another editor while you were editing.");
            }

            if (existing.Version != input.Version)
            {
                var last = await db.Revisions.AsNoTracking().Where(r => r.Subject == RevisionSubject.Source && r.SubjectId == id)
                    .OrderByDescending(r => r.Id).Select(r => new { r.UserName, r.At }).FirstOrDefaultAsync(cancellationToken);
                return SaveResult<SourceSaved>.Conflicted(new ConflictInfo(last?.UserName ?? "another editor", last?.At ?? existing.UpdatedAt, Changes(input, existing)));
            }

            source = existing;
            before = Snapshot(source);
            db.Entry(source).Property(s => s.Version).OriginalValue = input.Version.Value;
        }
        else
        {
            source = new Source { Title = input.Title, Outlet = input.Outlet, Text = input.Text, CreatedAt = now };
            db.Sources.Add(source);
        }

        var textChanged = before is not null && before.Text != input.Text;
        source.Title = input.Title;
        source.Outlet = input.Outlet;
        source.Author = input.Author;
        source.PublishedOn = input.PublishedOn is null ? null : PartialDate.Parse(input.PublishedOn).ToIso();
        source.Url = input.Url;
        source.Language = input.Language;
        source.Provenance = input.Provenance;
        source.CapturedOn = EditValidation.ParseCapturedOn(input.CapturedOn);
        source.Text = input.Text;
        source.Version = Guid.NewGuid();
        source.UpdatedAt = now;
        var outcomes = textChanged ? Reanchor(source) : [.. source.Excerpts.Select(x => new ReanchorOutcome(x.Id, x.Exact, x.Anchor, 1))];

        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            var summary = restoredFrom is { } from ? $"Restored the version of revision #{from}" + (textChanged ? $": {outcomes.Count(o => o.Status == AnchorStatus.Broken)} passages broke" : "")
                : before is null ? $"Added source “{source.Title}”"
                : textChanged ? $"Edited the text: {outcomes.Count(o => o.Status == AnchorStatus.Moved)} passages moved, {outcomes.Count(o => o.Status == AnchorStatus.Approximate)} changed, {outcomes.Count(o => o.Status == AnchorStatus.Broken)} broke"
                : "Changed the source's details";
            var action = restoredFrom is not null ? RevisionAction.Restored : before is null ? RevisionAction.Created : RevisionAction.Updated;
            RevisionLog.Record(db, RevisionSubject.Source, source.Id, null, action, summary, user, before, Snapshot(source), now);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return SaveResult<SourceSaved>.Failed("Another editor changed this source at the same moment. Reload to see their change.");
        }

        await EvictCitingTimelinesAsync(db, source.Id, cancellationToken);
        return SaveResult<SourceSaved>.Ok(new SourceSaved(source.Id, outcomes));
    }

    public Task<SaveResult<int>> DeleteAsync(int id, EditorIdentity user, CancellationToken cancellationToken = default) => SetDeletedAsync(id, true, user, cancellationToken);

    public Task<SaveResult<int>> RestoreFromTrashAsync(int id, EditorIdentity user, CancellationToken cancellationToken = default) => SetDeletedAsync(id, false, user, cancellationToken);

    /// <summary>Finds every excerpt again in the source's new text; a passage that changed takes the text's new wording.</summary>
    private static List<ReanchorOutcome> Reanchor(Source source)
    {
        var outcomes = new List<ReanchorOutcome>();
        foreach (var excerpt in source.Excerpts)
        {
            var result = QuoteAnchor.Anchor(source.Text, new TextQuoteSelector(excerpt.Exact, excerpt.Prefix, excerpt.Suffix), new TextPositionSelector(excerpt.Start, excerpt.End));
            excerpt.Anchor = result.Status;
            if (result.IsFound)
            {
                var (quote, position) = QuoteAnchor.Describe(source.Text, result.Start, result.End);
                excerpt.Exact = quote.Exact;
                excerpt.Prefix = quote.Prefix;
                excerpt.Suffix = quote.Suffix;
                excerpt.Start = position.Start;
                excerpt.End = position.End;
            }

            outcomes.Add(new ReanchorOutcome(excerpt.Id, excerpt.Exact, result.Status, result.Similarity));
        }

        return outcomes;
    }

    internal static SourceSnapshot Snapshot(Source s) =>
        new(s.Title, s.Outlet, s.Author, s.PublishedOn, s.Url, s.Language, s.Text, s.Provenance, EditValidation.FormatCapturedOn(s.CapturedOn));

    private static List<FieldChange> Changes(SourceInput mine, Source current)
    {
        var changes = new List<FieldChange>();
        void Compare(string field, string? a, string? b)
        {
            if ((a ?? "") != (b ?? ""))
            {
                changes.Add(new FieldChange(field, a ?? "", b ?? ""));
            }
        }

        Compare("Title", mine.Title, current.Title);
        Compare("Outlet", mine.Outlet, current.Outlet);
        Compare("Author", mine.Author, current.Author);
        Compare("Published", mine.PublishedOn, current.PublishedOn);
        Compare("URL", mine.Url, current.Url);
        Compare("About this copy", mine.Provenance, current.Provenance);
        Compare("Captured on", mine.CapturedOn, EditValidation.FormatCapturedOn(current.CapturedOn));
        Compare("Text", mine.Text.Length > 80 ? $"{mine.Text.Length:N0} characters" : mine.Text, current.Text.Length > 80 ? $"{current.Text.Length:N0} characters" : current.Text);
        return changes;
    }

    private async Task<SaveResult<int>> SetDeletedAsync(int id, bool deleted, EditorIdentity user, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var source = await db.Sources.IgnoreQueryFilters().FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (source is null)
        {
            return SaveResult<int>.Failed("That source does not exist.");
        }

        var snapshot = Snapshot(source);
        source.IsDeleted = deleted;
        source.Version = Guid.NewGuid();
        source.UpdatedAt = clock.GetUtcNow();
        RevisionLog.Record(db, RevisionSubject.Source, id, null, deleted ? RevisionAction.Deleted : RevisionAction.Restored,
            deleted ? $"Moved source “{source.Title}” to the trash" : $"Restored source “{source.Title}”", user, snapshot, snapshot, source.UpdatedAt);
        await db.SaveChangesAsync(cancellationToken);
        await EvictCitingTimelinesAsync(db, id, cancellationToken);
        return SaveResult<int>.Ok(id);
    }

    private async Task EvictCitingTimelinesAsync(TimelineDbContext db, int sourceId, CancellationToken cancellationToken)
    {
        var slugs = await db.EventExcerpts.IgnoreQueryFilters().Where(l => l.Excerpt.SourceId == sourceId)
            .Select(l => l.Event.Timeline.Slug).Distinct().ToListAsync(cancellationToken);
        foreach (var slug in slugs)
        {
            await cache.EvictTimelineAsync(slug, cancellationToken);
        }
    }
}
