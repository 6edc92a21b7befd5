using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Timeline.Web.Data.Seed;

namespace Timeline.Web.Data;

/// <summary>Registers the database and prepares it at start-up.</summary>
public static class DataExtensions
{
    private const string DefaultConnectionString = "Data Source=data/timeline.db";

    public static IHostApplicationBuilder AddTimelineData(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var connectionString = ResolveSqlitePath(
            builder.Configuration.GetConnectionString("Timeline") ?? DefaultConnectionString,
            builder.Environment.ContentRootPath);
        builder.Services.AddDbContextFactory<TimelineDbContext>(options => options.UseSqlite(connectionString));
        builder.Services.AddHealthChecks().AddDbContextCheck<TimelineDbContext>("database");
        builder.Services.AddScoped<SeedLoader>();
        return builder;
    }

    /// <summary>
    /// Applies migrations, switches SQLite to WAL, renders the Markdown of rows saved before its HTML was stored
    /// (<see cref="RenderedMarkdownBackfill"/>) and, when <paramref name="seed"/>, loads the seed into an empty database.
    /// Only the server seeds: a command run beside a starting server must not race it to insert the same rows.
    /// </summary>
    public static async Task PrepareDatabaseAsync(this IServiceProvider services, bool seed = true, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        await using var scope = services.CreateAsyncScope();
        var factory = scope.ServiceProvider.GetRequiredService<IDbContextFactory<TimelineDbContext>>();
        await using (var db = await factory.CreateDbContextAsync(cancellationToken))
        {
            await db.Database.MigrateAsync(cancellationToken);
            if (db.Database.IsSqlite())
            {
                // WAL lets readers keep reading while an editor writes.
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            }

            await RenderedMarkdownBackfill.FillAsync(db, cancellationToken: cancellationToken);
        }

        await FillEventSpansAsync(factory, cancellationToken);
        if (seed)
        {
            await scope.ServiceProvider.GetRequiredService<SeedLoader>().EnsureSeededAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Computes the derived day span of events written before it existed (migration EventSpans): the rule lives in
    /// <see cref="Timeline.Domain.PartialDate"/>, so it is applied in C# rather than re-written in SQL. Every later write
    /// sets it through <see cref="Event.SetDates"/>; on a database that has none left to fill this is one indexed query.
    /// </summary>
    private static async Task FillEventSpansAsync(IDbContextFactory<TimelineDbContext> factory, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var stale = await db.Events.IgnoreQueryFilters().Where(e => e.FirstDay == 0 && e.LastDay == 0).ToListAsync(cancellationToken);
        foreach (var e in stale)
        {
            (e.FirstDay, e.LastDay) = Event.Span(e.StartDate, e.EndDate);
        }

        if (stale.Count > 0)
        {
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    /// <summary>Relative SQLite paths are taken from the app's content root, and their folder is created.</summary>
    internal static string ResolveSqlitePath(string connectionString, string contentRoot)
    {
        var csb = new SqliteConnectionStringBuilder(connectionString);
        var path = csb.DataSource;
        if (string.IsNullOrEmpty(path) || path == ":memory:" || csb.Mode == SqliteOpenMode.Memory)
        {
            return connectionString;
        }

        if (!Path.IsPathRooted(path))
        {
            path = Path.GetFullPath(Path.Combine(contentRoot, path));
        }

        var folder = Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        csb.DataSource = path;
        return csb.ToString();
    }
}
