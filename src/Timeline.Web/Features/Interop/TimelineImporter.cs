using Microsoft.EntityFrameworkCore;
using Timeline.Domain;
using Timeline.Web.Data;
using Timeline.Web.Features.Editing;
using Timeline.Web.Infrastructure;

namespace Timeline.Web.Features.Interop;

/// <summary>What to call the timeline an import makes, when the file does not say or the editor chooses otherwise.</summary>
public sealed record ImportOptions(string? Title = null, string? Slug = null, string FallbackTitle = "Imported timeline");

/// <summary>
/// Writes an <see cref="ImportPlan"/> into the database as a new draft timeline, in one transaction: every event is
/// checked by the editor's own rules, every passage is found verbatim in a stored source, and either all of it lands
/// (with a revision for each thing made) or nothing does. A dry run does the same checks and rolls back, so the
/// preview shows exactly what the import will create.
/// </summary>
public sealed class TimelineImporter(IDbContextFactory<TimelineDbContext> dbFactory, ReaderCache cache, TimeProvider clock)
{
    public async Task<ImportOutcome> ImportAsync(ImportPlan plan, ImportOptions options, EditorIdentity user, bool commit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(user);
        if (plan.Problems.Count > 0)
        {
            return ImportOutcome.Refused(Listed(plan.Problems), Grouped(plan.Warnings));
        }

        var problems = new List<ImportMessage>();
        var title = FirstNonEmpty(options.Title, plan.Title, options.FallbackTitle).Trim();
        var timelineInput = new TimelineInput { Title = title, Slug = options.Slug?.Trim() ?? Slug.From(title, Limits.Slug), Description = plan.Description };
        if (timelineInput.Slug.Length == 0)
        {
            timelineInput.Slug = "timeline";
        }

        foreach (var (field, message) in EditValidation.Validate(timelineInput))
        {
            problems.Add(new ImportMessage(field switch { nameof(TimelineInput.Title) => "title", nameof(TimelineInput.Slug) => "slug", _ => "title slide text" }, message));
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (problems.Count == 0)
        {
            timelineInput.Slug = await FreeTimelineSlugAsync(db, timelineInput.Slug, explicitSlug: options.Slug is not null, problems, cancellationToken);
        }

        var now = clock.GetUtcNow();
        var timeline = new TimelineEntity { Slug = timelineInput.Slug, Title = timelineInput.Title, CreatedAt = now, UpdatedAt = now };
        timeline.SetDescription(timelineInput.Description);

        var tags = await LabelsAsync(db.Tags, plan.Events.SelectMany(e => e.Tags), (name, slug) => new Tag { Name = name, Slug = slug }, cancellationToken);
        var actors = await LabelsAsync(db.Actors, plan.Events.SelectMany(e => e.Actors), (name, slug) => new Actor { Name = name, Slug = slug }, cancellationToken);
        var sources = await SourcesAsync(db, plan, cancellationToken);
        var excerpts = new Dictionary<(int Source, int Start, int End), Excerpt>();
        var slugs = new HashSet<string>(StringComparer.Ordinal);
        var passages = 0;
        var preview = new List<ImportPreviewRow>();
        var warnings = new List<ImportMessage>(plan.Warnings);
        foreach (var planned in plan.Events)
        {
            var slug = EventSlug(planned, slugs, warnings);
            var input = new EventInput { Title = planned.Title.Trim(), Slug = slug, Summary = planned.Summary, Start = planned.Start.ToIso(), Qualifier = planned.Start.Qualifier, End = planned.End?.ToIso(), Tags = planned.Tags, Actors = planned.Actors };
            foreach (var (field, message) in EditValidation.Validate(input))
            {
                problems.Add(new ImportMessage(planned.Where, $"{FieldName(field)}: {message}"));
            }

            MediaProblems(planned, problems);
            var ev = new Event { Timeline = timeline, Slug = slug, Title = input.Title, Start = input.Start, CreatedAt = now, UpdatedAt = now };
            ev.SetDates(planned.Start, planned.End);
            ev.Tags = [.. EditValidation.CleanLabels(planned.Tags).Where(t => t.Length <= Limits.Name).Select(t => tags[EditValidation.LabelKey(t)])];
            ev.Actors = [.. EditValidation.CleanLabels(planned.Actors).Where(a => a.Length <= Limits.Name).Select(a => actors[EditValidation.LabelKey(a)])];
            ev.MediaUrl = planned.MediaUrl;
            ev.MediaCaption = planned.MediaCaption;
            ev.MediaCredit = planned.MediaCredit;
            var summary = planned.Summary;
            foreach (var passage in planned.Passages)
            {
                var excerpt = Find(passage, sources, excerpts, now, out var problem);
                if (excerpt is null)
                {
                    if (passage.Required)
                    {
                        problems.Add(new ImportMessage(passage.Where, problem!));
                    }
                    else
                    {
                        warnings.Add(new ImportMessage(passage.Where, $"{problem} It stays in the summary as a quotation; attach the passage in the editor once its source is stored."));
                        summary = string.Join("\n\n", new[] { summary, passage.Fallback }.Where(s => s.Length > 0));
                    }

                    continue;
                }

                if (ev.Excerpts.Any(l => ReferenceEquals(l.Excerpt, excerpt)))
                {
                    warnings.Add(new ImportMessage(passage.Where, "cites the same passage twice; it is attached once."));
                    continue;
                }

                if (passage.Note is { Length: > Limits.DisputeNote } note)
                {
                    problems.Add(new ImportMessage(passage.Where, $"Note: keep the note on what differs to one line of at most {Limits.DisputeNote} characters (it has {note.Length})."));
                }

                ev.Excerpts.Add(new EventExcerpt { Event = ev, Excerpt = excerpt, Role = passage.Role, Position = ev.Excerpts.Count, Differs = passage.Differs, Note = passage.Note });
                passages++;
            }

            ev.SetSummary(summary);
            if (summary.Length > Limits.Markdown)
            {
                problems.Add(new ImportMessage(planned.Where, $"text: Keep this under {Limits.Markdown:N0} characters (it has {summary.Length:N0})."));
            }

            timeline.Events.Add(ev);
            preview.Add(new ImportPreviewRow(Short(planned.Where), DateLabel(ev), ev.Title, slug, ev.Excerpts.Count, ev.MediaUrl is not null, [.. ev.Tags.Select(t => t.Name)]));
        }

        EraProblems(plan, problems);
        foreach (var era in plan.Eras)
        {
            timeline.Eras.Add(new TimelineEra { Name = era.Name.Trim(), Start = era.Start.ToIso(), End = era.End.ToIso() });
        }

        if (problems.Count > 0)
        {
            return ImportOutcome.Refused(Listed(problems), Grouped(warnings));
        }

        if (!commit)
        {
            return new ImportOutcome(false, null, timeline.Title, timeline.Slug, preview, plan.Eras.Count, passages, [], Grouped(warnings));
        }

        db.Timelines.Add(timeline);
        await db.SaveChangesAsync(cancellationToken);
        RevisionLog.Record(db, RevisionSubject.Timeline, timeline.Id, timeline.Id, RevisionAction.Created,
            $"Imported timeline “{timeline.Title}” ({timeline.Events.Count} events)", user, null, TimelineEditor.Snapshot(timeline), now);
        if (timeline.Eras.Count > 0)
        {
            RevisionLog.Record(db, RevisionSubject.Timeline, timeline.Id, timeline.Id, RevisionAction.Updated, $"Imported {timeline.Eras.Count} eras", user,
                new ErasSnapshot([]), new ErasSnapshot([.. timeline.Eras.Select(e => new EraSnapshot(e.Name, e.Start, e.End))]), now);
        }

        foreach (var ev in timeline.Events)
        {
            RevisionLog.Record(db, RevisionSubject.Event, ev.Id, timeline.Id, RevisionAction.Created, $"Imported “{ev.Title}”", user, null, EventEditor.Snapshot(ev), now);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await cache.EvictTimelineAsync(timeline.Slug, cancellationToken);
        return new ImportOutcome(true, timeline.Id, timeline.Title, timeline.Slug, preview, plan.Eras.Count, passages, [], Grouped(warnings));
    }

    /// <summary>The same note about many events said once, naming them: "events 1, 2, 4 and 3 more: its background is not kept."</summary>
    internal static List<ImportMessage> Grouped(IEnumerable<ImportMessage> warnings) =>
        [.. warnings.GroupBy(w => w.Message, StringComparer.Ordinal).Select(g => g.Count() == 1 ? g.First()
            : new ImportMessage(
                string.Join(", ", g.Take(5).Select(w => Short(w.Where))) + (g.Count() > 5 ? $" and {g.Count() - 5} more" : ""),
                g.Key))];

    /// <summary>"event 3 (“Ada Lovelace”)" → "event 3"; "line 7 (“…”)" → "line 7".</summary>
    private static string Short(string where) => where.IndexOf(" (", StringComparison.Ordinal) is > 0 and var cut ? where[..cut] : where;

    private static string FirstNonEmpty(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v)) ?? "";

    private static List<ImportMessage> Listed(List<ImportMessage> problems) =>
        problems.Count <= ImportLimits.ListedProblems ? problems
        : [.. problems.Take(ImportLimits.ListedProblems), new ImportMessage("", $"and {problems.Count - ImportLimits.ListedProblems:N0} more problems like these.")];

    private static string DateLabel(Event ev) =>
        ev.EndDate is { } end ? $"{ev.StartDate.ToDisplayString()} – {end.ToDisplayString()}" : ev.StartDate.ToDisplayString();

    private static string FieldName(string field) => field switch
    {
        nameof(EventInput.Title) => "headline",
        nameof(EventInput.Summary) => "text",
        nameof(EventInput.Start) => "start date",
        nameof(EventInput.End) => "end date",
        nameof(EventInput.Tags) => "group",
        nameof(EventInput.Slug) => "unique_id",
        _ => field,
    };

    private static async Task<string> FreeTimelineSlugAsync(TimelineDbContext db, string wanted, bool explicitSlug, List<ImportMessage> problems, CancellationToken cancellationToken)
    {
        var holder = await SlugRecords.TimelineSlugHolderAsync(db, wanted, null, cancellationToken);
        if (holder is null)
        {
            return wanted;
        }

        if (explicitSlug)
        {
            problems.Add(new ImportMessage("slug", holder));
            return wanted;
        }

        for (var n = 2; ; n++)
        {
            var suffix = $"-{n}";
            var candidate = string.Concat(wanted.AsSpan(0, Math.Min(wanted.Length, Limits.Slug - suffix.Length)), suffix);
            if (await SlugRecords.TimelineSlugHolderAsync(db, candidate, null, cancellationToken) is null)
            {
                return candidate;
            }
        }
    }

    /// <summary>The event's slug: its unique_id made a slug (else its title's), numbered when another event of the file has it.</summary>
    private static string EventSlug(PlannedEvent planned, HashSet<string> taken, List<ImportMessage> warnings)
    {
        var wanted = Slug.From(string.IsNullOrWhiteSpace(planned.Slug) ? planned.Title : planned.Slug, Limits.Slug);
        if (wanted.Length == 0)
        {
            wanted = "event";
        }

        var slug = wanted;
        for (var n = 2; !taken.Add(slug); n++)
        {
            var suffix = $"-{n}";
            slug = string.Concat(wanted.AsSpan(0, Math.Min(wanted.Length, Limits.Slug - suffix.Length)), suffix);
        }

        if (slug != wanted && !string.IsNullOrWhiteSpace(planned.Slug))
        {
            warnings.Add(new ImportMessage(planned.Where, $"its unique_id “{planned.Slug}” is used by an earlier event; it is “{slug}” here."));
        }

        return slug;
    }

    private static void MediaProblems(PlannedEvent planned, List<ImportMessage> problems)
    {
        foreach (var (name, value) in new[] { ("media caption", planned.MediaCaption), ("media credit", planned.MediaCredit) })
        {
            if (value is { Length: > Limits.MediaText })
            {
                problems.Add(new ImportMessage(planned.Where, $"{name}: Keep this under {Limits.MediaText:N0} characters (it has {value.Length:N0})."));
            }
        }
    }

    private static void EraProblems(ImportPlan plan, List<ImportMessage> problems)
    {
        if (plan.Eras.Count > TimelineEra.MaxPerTimeline)
        {
            problems.Add(new ImportMessage("eras", $"the file has {plan.Eras.Count} eras; a timeline holds at most {TimelineEra.MaxPerTimeline}."));
        }

        foreach (var era in plan.Eras)
        {
            if (era.Name.Trim().Length > TimelineEra.MaxNameLength)
            {
                problems.Add(new ImportMessage(era.Where, $"its name is {era.Name.Trim().Length} characters long; keep era names under {TimelineEra.MaxNameLength}."));
            }

            if (era.End.LatestDay < era.Start.EarliestDay)
            {
                problems.Add(new ImportMessage(era.Where, $"it ends ({era.End.ToDisplayString()}) before it starts ({era.Start.ToDisplayString()})."));
            }
        }
    }

    /// <summary>One row per distinct label of the file: the stored label when there is one, else a new one.</summary>
    private static async Task<Dictionary<string, T>> LabelsAsync<T>(DbSet<T> set, IEnumerable<string> all, Func<string, string, T> create, CancellationToken cancellationToken)
        where T : class, ILabel
    {
        var names = EditValidation.CleanLabels(all).Where(n => n.Length <= Limits.Name).ToList();
        var labels = new Dictionary<string, T>(StringComparer.Ordinal);
        // The editor's own resolver, given every name of the file at once so that two new labels never get one slug.
        var resolved = await EventEditor.ResolveLabelsAsync(set, names, create, cancellationToken);
        foreach (var (name, label) in names.Zip(resolved))
        {
            labels[EditValidation.LabelKey(name)] = label;
        }

        return labels;
    }

    /// <summary>The stored sources the file's passages name, by the address it gives.</summary>
    private static async Task<Dictionary<string, Source>> SourcesAsync(TimelineDbContext db, ImportPlan plan, CancellationToken cancellationToken)
    {
        var urls = plan.Events.SelectMany(e => e.Passages).Select(p => p.SourceUrl).Distinct(StringComparer.Ordinal).ToList();
        var found = new Dictionary<string, Source>(StringComparer.Ordinal);
        if (urls.Count == 0)
        {
            return found;
        }

        // Addresses are compared loosely (see UrlKey), so they are matched here rather than in SQL; texts are loaded only for the matches.
        var ids = urls.Select(OwnSourceId).OfType<int>().ToHashSet();
        var addresses = await db.Sources.Where(s => s.Url != null || ids.Contains(s.Id)).Select(s => new { s.Id, s.Url }).ToListAsync(cancellationToken);
        var matches = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var url in urls)
        {
            var key = UrlKey(url);
            var match = addresses.FirstOrDefault(s => s.Url is not null && UrlKey(s.Url) == key)
                ?? (OwnSourceId(url) is { } id ? addresses.FirstOrDefault(s => s.Id == id) : null);
            if (match is not null)
            {
                matches[url] = match.Id;
            }
        }

        var wanted = matches.Values.Distinct().ToList();
        var sources = await db.Sources.Include(s => s.Excerpts).Where(s => wanted.Contains(s.Id)).AsSplitQuery().ToDictionaryAsync(s => s.Id, cancellationToken);
        foreach (var (url, id) in matches)
        {
            found[url] = sources[id];
        }

        return found;
    }

    /// <summary>The id in one of our own source addresses (https://site/sources/12#x-40), which our exports write.</summary>
    private static int? OwnSourceId(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries) is ["sources", var id]
            && int.TryParse(id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : null;

    /// <summary>An address compared without its scheme, fragment, case of host, or trailing slash.</summary>
    private static string UrlKey(string url) =>
        Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri)
            ? $"{uri.Host.ToLowerInvariant()}{(uri.IsDefaultPort ? "" : ":" + uri.Port)}{uri.AbsolutePath.TrimEnd('/')}{uri.Query}"
            : url.Trim();

    private static Excerpt? Find(PlannedPassage passage, Dictionary<string, Source> sources, Dictionary<(int, int, int), Excerpt> made, DateTimeOffset now, out string? problem)
    {
        problem = null;
        var quote = passage.Quote.Trim();
        if (!sources.TryGetValue(passage.SourceUrl, out var source))
        {
            problem = $"no stored source has the address {passage.SourceUrl}; add the source (with its full text) first, then import again.";
            return null;
        }

        if (quote.Length == 0)
        {
            problem = $"the quote from {source.Outlet} is empty.";
            return null;
        }

        if (quote.Length > Limits.Quote)
        {
            problem = $"the quote from {source.Outlet} is {quote.Length:N0} characters long; a passage holds up to {Limits.Quote:N0}.";
            return null;
        }

        var start = source.Text.IndexOf(quote, StringComparison.Ordinal);
        if (start < 0)
        {
            problem = $"“{TimelineJsReader.Shorten(quote, 60)}” is not in the text of “{source.Title}” ({source.Outlet}) word for word; a passage must be the source's exact words.";
            return null;
        }

        var end = start + quote.Length;
        var key = (source.Id, start, end);
        if (made.TryGetValue(key, out var excerpt))
        {
            return excerpt;
        }

        excerpt = source.Excerpts.FirstOrDefault(x => x.Start == start && x.End == end && x.Anchor != AnchorStatus.Broken);
        excerpt ??= EventEditor.NewExcerpt(source, start, end, now);
        made[key] = excerpt;
        return excerpt;
    }
}
