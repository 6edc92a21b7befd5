using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Timeline.Domain;
using Timeline.Web.Data;

namespace Timeline.Web.Features.Editing;

/// <summary>One field a revision changed, as a word-by-word diff of its value before and after.</summary>
public sealed record FieldDiff(string Field, IReadOnlyList<DiffPiece> Pieces);

/// <summary>
/// The history of any item — timeline, event or source — newest first, and what each revision changed, field by field,
/// read from the JSON snapshots every save records. Restoring is each editor's own (it knows its rules).
/// </summary>
public sealed class RevisionHistory(IDbContextFactory<TimelineDbContext> dbFactory)
{
    public async Task<IReadOnlyList<RevisionView>> ListAsync(RevisionSubject subject, int id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Revisions.AsNoTracking()
            .Where(r => r.Subject == subject && r.SubjectId == id)
            .OrderByDescending(r => r.Id)
            .Select(r => new RevisionView(r.Id, r.Action, r.Summary, r.UserName, r.At, r.After != null))
            .ToListAsync(cancellationToken);
    }

    /// <summary>The fields one revision changed: its state before against its state after, each as a word diff.</summary>
    public async Task<IReadOnlyList<FieldDiff>> ChangesAsync(RevisionSubject subject, int id, long revisionId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var revision = await db.Revisions.AsNoTracking()
            .Where(r => r.Id == revisionId && r.Subject == subject && r.SubjectId == id)
            .Select(r => new { r.Before, r.After })
            .FirstOrDefaultAsync(cancellationToken);
        if (revision is null)
        {
            return [];
        }

        var before = Fields(subject, revision.Before);
        var after = Fields(subject, revision.After);
        var names = after.Select(f => f.Field).Concat(before.Select(f => f.Field)).Distinct();
        var diffs = new List<FieldDiff>();
        foreach (var name in names)
        {
            var old = before.FirstOrDefault(f => f.Field == name).Value ?? "";
            var now = after.FirstOrDefault(f => f.Field == name).Value ?? "";
            if (old != now)
            {
                diffs.Add(new FieldDiff(name, WordDiff.Compute(old, now)));
            }
        }

        return diffs;
    }

    /// <summary>A snapshot's fields in the order the editor shows them, each as readable text; empty for no snapshot.</summary>
    internal static IReadOnlyList<(string Field, string Value)> Fields(RevisionSubject subject, string? json)
    {
        if (json is null)
        {
            return [];
        }

        switch (subject)
        {
            case RevisionSubject.Event when RevisionLog.Deserialize<EventSnapshot>(json) is { } e:
                return
                [
                    ("Title", e.Title), ("Slug", e.Slug), ("Summary", e.Summary), ("Date", DateText(e.Start, e.Qualifier, e.End)),
                    ("Tags", string.Join(", ", e.Tags)), ("Actors", string.Join(", ", e.Actors)), ("Status", Status(e.IsPublished)),
                    ("Passages", string.Join("\n", e.Excerpts.Select(x => $"{RoleNames.Of(x.Role)}: “{x.Quote}”"
                        + (x.Role == ExcerptRole.Disputes && (x.Differs is not null || x.Note is not null) ? $" (differs in {(x.Differs is { } d ? RoleNames.Of(d) : "?")}: {x.Note})" : "")))),
                    ("Media", EventEditor.MediaText(e.Media)),
                ];
            case RevisionSubject.Timeline when IsEras(json) && RevisionLog.Deserialize<ErasSnapshot>(json) is { } eras:
                return [("Eras", string.Join("\n", eras.Eras.Select(era => $"{era.Name}: {era.Start} – {era.End}")))];
            case RevisionSubject.Timeline when RevisionLog.Deserialize<TimelineSnapshot>(json) is { } t:
                return [("Title", t.Title), ("Slug", t.Slug), ("Description", t.Description), ("Status", Status(t.IsPublished))];
            case RevisionSubject.Source when RevisionLog.Deserialize<SourceSnapshot>(json) is { } s:
                return
                [
                    ("Title", s.Title), ("Outlet", s.Outlet), ("Author", s.Author ?? ""), ("Published on", s.PublishedOn ?? ""),
                    ("URL", s.Url ?? ""), ("Language", s.Language), ("About this copy", s.Provenance ?? ""),
                    ("Captured on", s.CapturedOn ?? ""), ("Text", s.Text),
                ];
            default:
                return [];
        }
    }

    /// <summary>Timeline revisions hold either the timeline's details or its eras; the eras' snapshot is the one with "eras".</summary>
    internal static bool IsEras(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("eras", out _);
    }

    private static string DateText(string start, DateQualifier qualifier, string? end) =>
        PartialDate.Parse(start, qualifier).ToDisplayString() + (end is null ? "" : " – " + PartialDate.Parse(end).ToDisplayString());

    private static string Status(bool published) => published ? "published" : "draft";
}
