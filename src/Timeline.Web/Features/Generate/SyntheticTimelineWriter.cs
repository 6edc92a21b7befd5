using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Timeline.Domain;
using Timeline.Web.Data;

namespace Timeline.Web.Features.Generate;

/// <summary>What the generator wrote.</summary>
public sealed record GenerateReport(string Slug, int Events, int Excerpts, int Sources, TimeSpan Elapsed);

/// <summary>Writes a synthetic timeline into the database in one transaction; refuses a slug that is taken.</summary>
public sealed class SyntheticTimelineWriter(IDbContextFactory<TimelineDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>Returns the report, or a problem fit to show when nothing was written.</summary>
    public async Task<(GenerateReport? Report, string? Problem)> WriteAsync(GenerateOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Problem is { } problem)
        {
            return (null, problem);
        }

        var stopwatch = Stopwatch.StartNew();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.Timelines.IgnoreQueryFilters().AnyAsync(t => t.Slug == options.Slug, cancellationToken))
        {
            return (null, $"A timeline with the slug '{options.Slug}' already exists (perhaps in the trash). Choose another with --slug.");
        }

        // Change detection over ~100,000 new entities would dominate the run; everything is added, nothing modified.
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var tags = await db.Tags.ToDictionaryAsync(t => t.Slug, StringComparer.Ordinal, cancellationToken);
        var actors = await db.Actors.ToDictionaryAsync(a => a.Slug, StringComparer.Ordinal, cancellationToken);
        var timeline = SyntheticTimeline.Build(
            options,
            clock.GetUtcNow(),
            name => GetOrAdd(tags, name, () => new Tag { Name = name, Slug = Slug.From(name) }),
            name => GetOrAdd(actors, name, () => new Actor { Name = name, Slug = Slug.From(name) }));

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Timelines.Add(timeline);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        var excerpts = timeline.Events.Sum(e => e.Excerpts.Count);
        var sources = timeline.Events.SelectMany(e => e.Excerpts).Select(l => l.Excerpt.Source).Distinct().Count();
        return (new GenerateReport(timeline.Slug, timeline.Events.Count, excerpts, sources, stopwatch.Elapsed), null);
    }

    private static T GetOrAdd<T>(Dictionary<string, T> existing, string name, Func<T> create)
    {
        var slug = Slug.From(name);
        if (!existing.TryGetValue(slug, out var value))
        {
            value = create();
            existing[slug] = value;
        }

        return value;
    }
}
