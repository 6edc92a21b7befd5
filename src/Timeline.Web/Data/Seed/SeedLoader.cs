using System.Reflection;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Timeline.Domain;

namespace Timeline.Web.Data.Seed;

/// <summary>Loads the seeded timeline (five articles on North Korean labour in Russia) into a database with no timeline.</summary>
public sealed partial class SeedLoader(IDbContextFactory<TimelineDbContext> dbFactory, TimeProvider clock, ILogger<SeedLoader> logger)
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Adds the seed to a database that holds no timeline at all; safe to run at every start. A database with any
    /// timeline, even deleted, is never seeded: the seeded one may have been renamed by its editors (its slug is then
    /// another), or the site's own timelines imported before its first start, and seeding again would collide with their
    /// tags, actors and sources. On a database seeded before sources had a capture date, fills it in
    /// (<see cref="FillCaptureDatesAsync"/>).
    /// </summary>
    public async Task EnsureSeededAsync(CancellationToken cancellationToken = default)
    {
        var seed = ReadSeed();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.Timelines.IgnoreQueryFilters().AnyAsync(cancellationToken))
        {
            await FillCaptureDatesAsync(db, seed, cancellationToken);
            return;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var sources = seed.Sources.ToDictionary(s => s.Key, s => new Source
        {
            Title = s.Title,
            Outlet = s.Outlet,
            Author = s.Author,
            PublishedOn = s.PublishedOn is null ? null : PartialDate.Parse(s.PublishedOn).ToIso(),
            Url = s.Url,
            Language = s.Language ?? "en",
            Provenance = s.Provenance,
            CapturedOn = s.CapturedOn,
            Text = ReadResource($"Timeline.Seed.Sources.{s.File}"),
            CreatedAt = now,
            UpdatedAt = now,
        });
        db.Sources.AddRange(sources.Values);

        var timeline = new TimelineEntity
        {
            Slug = seed.Timeline.Slug,
            Title = seed.Timeline.Title,
            IsPublished = true,
            CreatedAt = now,
            UpdatedAt = now,
        };
        timeline.SetDescription(seed.Timeline.Description);
        db.Timelines.Add(timeline);

        var tags = new Dictionary<string, Tag>(StringComparer.OrdinalIgnoreCase);
        var actors = new Dictionary<string, Actor>(StringComparer.OrdinalIgnoreCase);
        var excerpts = new Dictionary<(string Source, string Quote), Excerpt>();
        foreach (var e in seed.Events)
        {
            var ev = new Event
            {
                Timeline = timeline,
                Slug = e.Slug,
                Title = e.Title,
                Start = "",
                IsPublished = true,
                CreatedAt = now,
                UpdatedAt = now,
            };
            ev.SetSummary(e.Summary);
            var qualifier = PartialDate.TryParseQualifier(e.Qualifier, out var q) ? q : DateQualifier.Exact;
            ev.SetDates(PartialDate.Parse(e.Start, qualifier), e.End is null ? null : PartialDate.Parse(e.End));
            ev.Tags = [.. e.Tags.Select(name => GetOrAdd(tags, name, n => new Tag { Name = n, Slug = Slug.From(n) }))];
            ev.Actors = [.. e.Actors.Select(name => GetOrAdd(actors, name, n => new Actor { Name = n, Slug = Slug.From(n) }))];
            var position = 0;
            foreach (var x in e.Excerpts)
            {
                var source = sources[x.Source];
                var excerpt = GetOrAdd(excerpts, (x.Source, x.Quote), _ => NewExcerpt(source, x.Quote, now));
                ev.Excerpts.Add(new EventExcerpt
                {
                    Excerpt = excerpt,
                    Role = ParseRole(x.Role),
                    Position = position++,
                    Differs = x.Differs is null ? null : ParseDifference(x.Differs),
                    Note = x.Note,
                });
            }

            db.Events.Add(ev);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        LogSeeded(logger, timeline.Slug, seed.Events.Count, sources.Count);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded timeline {Slug} with {Events} events from {Sources} sources")]
    private static partial void LogSeeded(ILogger logger, string slug, int events, int sources);

    [LoggerMessage(Level = LogLevel.Information, Message = "Gave {Sources} seeded sources the day their text was captured")]
    private static partial void LogCaptureDates(ILogger logger, int sources);

    /// <summary>
    /// Gives the seeded sources of a database seeded before the SourceCapturedOn migration the capture date the seed now
    /// states. Only a source whose text is still the seed file's, byte for byte, and that has no date yet is given one:
    /// that text is the very copy the date is about. An edited text is a later copy, of a day nobody recorded, and a
    /// date an editor set is theirs; both are left alone. Nothing an editor wrote changes, so no revision is recorded.
    /// </summary>
    private async Task FillCaptureDatesAsync(TimelineDbContext db, SeedFile seed, CancellationToken cancellationToken)
    {
        var filled = 0;
        foreach (var s in seed.Sources.Where(s => s.CapturedOn is not null))
        {
            var text = ReadResource($"Timeline.Seed.Sources.{s.File}");
            filled += await db.Sources.IgnoreQueryFilters()
                .Where(x => x.CapturedOn == null && x.Text == text)
                .ExecuteUpdateAsync(u => u.SetProperty(x => x.CapturedOn, s.CapturedOn), cancellationToken);
        }

        if (filled > 0)
        {
            LogCaptureDates(logger, filled);
        }
    }

    private static Excerpt NewExcerpt(Source source, string quote, DateTimeOffset now)
    {
        var described = QuoteAnchor.DescribeUnique(source.Text, quote)
            ?? throw new InvalidOperationException($"Seed quote is not a unique passage of \"{source.Title}\": {quote}");
        return new Excerpt
        {
            Source = source,
            Exact = described.Quote.Exact,
            Prefix = described.Quote.Prefix,
            Suffix = described.Quote.Suffix,
            Start = described.Position.Start,
            End = described.Position.End,
            Anchor = AnchorStatus.AtPosition,
            CreatedAt = now,
        };
    }

    private static ExcerptRole ParseRole(string? role) =>
        Enum.TryParse<ExcerptRole>(role, ignoreCase: true, out var parsed) ? parsed
        : throw new InvalidOperationException($"Unknown excerpt role in seed: {role}");

    private static Difference ParseDifference(string differs) =>
        Enum.TryParse<Difference>(differs, ignoreCase: true, out var parsed) ? parsed
        : throw new InvalidOperationException($"Unknown difference in seed: {differs}");

    private static TValue GetOrAdd<TKey, TValue>(Dictionary<TKey, TValue> map, TKey key, Func<TKey, TValue> create)
        where TKey : notnull
    {
        if (!map.TryGetValue(key, out var value))
        {
            value = create(key);
            map[key] = value;
        }

        return value;
    }

    internal static SeedFile ReadSeed() =>
        JsonSerializer.Deserialize<SeedFile>(ReadResource("Timeline.Seed.seed.json"), JsonOptions)
        ?? throw new InvalidOperationException("The seed file is empty.");

    internal static string ReadResource(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Missing embedded seed resource {name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

internal sealed record SeedFile(SeedTimeline Timeline, List<SeedSource> Sources, List<SeedEvent> Events);

internal sealed record SeedTimeline(string Slug, string Title, string? Description);

/// <summary>A seeded source; <see cref="CapturedOn"/> is the day its file entered the project (see NOTES.md).</summary>
internal sealed record SeedSource(
    string Key, string File, string Title, string Outlet, string? Author, string? PublishedOn, string? Url, string? Language, string? Provenance,
    DateOnly? CapturedOn = null);

internal sealed record SeedEvent(
    string Slug, string Title, string? Summary, string Start, string? End, string? Qualifier,
    List<string> Tags, List<string> Actors, List<SeedExcerpt> Excerpts);

internal sealed record SeedExcerpt(string Source, string Quote, string? Role, string? Differs, string? Note);
