using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;
using Timeline.Web.Data.Seed;

namespace Timeline.Web.Data;

/// <summary>Registers the database and prepares it at start-up.</summary>
public static class DataExtensions
{
    public const string ProviderSetting = "Database:Provider";

    private const string DefaultConnectionString = "Data Source=data/timeline.db";

    // Any fixed number: the key of the session lock that lets one instance at a time prepare a PostgreSQL database.
    private const long PrepareLockKey = 0x54696d656c696e65; // "Timeline"

    /// <summary>Registers the database of the <c>Database:Provider</c> setting; a setting that cannot work is refused with a <see cref="DatabaseSetupException"/>.</summary>
    public static IHostApplicationBuilder AddTimelineData(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var provider = ReadProvider(builder.Configuration);
        var configured = builder.Configuration.GetConnectionString("Timeline");
        if (provider == DatabaseProvider.Postgres)
        {
            var connectionString = PostgresConnectionString(configured);
            builder.Services.AddDbContextFactory<PostgresTimelineDbContext>(options => options.UseNpgsql(connectionString));
            // The app asks for the base type everywhere; on PostgreSQL it gets the derived one, which owns the PostgreSQL migrations.
            builder.Services.AddSingleton<IDbContextFactory<TimelineDbContext>>(
                services => new BaseContextFactory<PostgresTimelineDbContext>(services.GetRequiredService<IDbContextFactory<PostgresTimelineDbContext>>()));
            builder.Services.AddScoped<TimelineDbContext>(services => services.GetRequiredService<PostgresTimelineDbContext>());
        }
        else
        {
            var connectionString = ResolveSqlitePath(configured ?? DefaultConnectionString, builder.Environment.ContentRootPath);
            builder.Services.AddDbContextFactory<TimelineDbContext>(options => options.UseSqlite(connectionString));
        }

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
        await using var prepareLock = await TakePrepareLockAsync(factory, cancellationToken);
        await using (var db = await factory.CreateDbContextAsync(cancellationToken))
        {
            // EF Core first reads the history table, and logs a failed command when it is not there yet (an empty
            // PostgreSQL database): operators would see an error line on a first start that went well. Made first.
            await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync(cancellationToken);
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

    /// <summary>The <c>Database:Provider</c> setting: <c>sqlite</c> (the default) or <c>postgres</c>.</summary>
    internal static DatabaseProvider ReadProvider(IConfiguration configuration)
    {
        var value = configuration[ProviderSetting]?.Trim();
        return value?.ToLowerInvariant() switch
        {
            null or "" or "sqlite" => DatabaseProvider.Sqlite,
            "postgres" or "postgresql" => DatabaseProvider.Postgres,
            _ => throw new DatabaseSetupException(
                $"The setting {ProviderSetting} is '{value}', which is not a database this app runs on: use 'sqlite' (the default) or 'postgres'."),
        };
    }

    /// <summary>PostgreSQL has no default database: its connection string must be given, and must be one Npgsql reads.</summary>
    internal static string PostgresConnectionString(string? configured)
    {
        if (string.IsNullOrWhiteSpace(configured))
        {
            throw new DatabaseSetupException(
                $"{ProviderSetting} is 'postgres' but ConnectionStrings:Timeline is not set: give the server's connection string, "
                + "for example ConnectionStrings__Timeline='Host=db;Database=timeline;Username=timeline;Password=...'.");
        }

        NpgsqlConnectionStringBuilder csb;
        try
        {
            csb = new NpgsqlConnectionStringBuilder(configured);
        }
        catch (ArgumentException ex)
        {
            throw new DatabaseSetupException(
                $"{ProviderSetting} is 'postgres' but ConnectionStrings:Timeline is not a PostgreSQL connection string ({ex.Message}). "
                + "Is it still the SQLite file's 'Data Source=...'? Give the server's, for example 'Host=db;Database=timeline;Username=timeline;Password=...'.", ex);
        }

        if (string.IsNullOrEmpty(csb.Host))
        {
            throw new DatabaseSetupException(
                "ConnectionStrings:Timeline names no PostgreSQL server (Host=...). Is it still the SQLite file's 'Data Source=...'?");
        }

        return csb.ConnectionString;
    }

    /// <summary>
    /// On PostgreSQL, one instance at a time prepares the database: EF Core's own migration lock covers the migrations,
    /// but not the creation of its history table on an empty database, the backfills nor the seed, which two instances
    /// starting together would otherwise both insert. The others wait here, then find it prepared. A session lock on a
    /// connection of its own, released when it closes, even if the process dies.
    /// </summary>
    private static async Task<IAsyncDisposable?> TakePrepareLockAsync(IDbContextFactory<TimelineDbContext> factory, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        if (!db.Database.IsNpgsql())
        {
            return await TakeSqliteLockAsync(db.Database.GetConnectionString(), cancellationToken);
        }

        // Not pooled: a pooled connection keeps its session, and with it the lock, after it is given back.
        var csb = new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString()) { Pooling = false };
        var connection = new NpgsqlConnection(csb.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", connection) { CommandTimeout = 0 };
            command.Parameters.AddWithValue("key", PrepareLockKey);
            await command.ExecuteNonQueryAsync(cancellationToken);
            return new PrepareLock(connection);
        }
        catch (NpgsqlException ex)
        {
            await connection.DisposeAsync();
            throw new DatabaseSetupException(
                $"The PostgreSQL database of ConnectionStrings:Timeline cannot be reached: {ex.Message}", ex);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// On SQLite the same, for instances sharing one file on one machine: an exclusive lock on a file beside the
    /// database (<c>timeline.db.lock</c>; <see cref="FileShare.None"/> is an <c>flock</c> on Linux), released when it is
    /// closed or the process dies. The file is left in place, so that no instance ever locks a file another just removed.
    /// </summary>
    private static async Task<IAsyncDisposable?> TakeSqliteLockAsync(string? connectionString, CancellationToken cancellationToken)
    {
        var csb = new SqliteConnectionStringBuilder(connectionString);
        if (csb.Mode == SqliteOpenMode.Memory || string.IsNullOrEmpty(csb.DataSource) || csb.DataSource == ":memory:")
        {
            return null;
        }

        var path = Path.GetFullPath(csb.DataSource) + ".lock";
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another instance is preparing the database: wait for it, then find the database prepared.
                await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
            }
        }
    }

    /// <summary>Lets the next instance prepare: the lock is released, then its connection closed.</summary>
    private sealed class PrepareLock(NpgsqlConnection connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", connection);
                command.Parameters.AddWithValue("key", PrepareLockKey);
                await command.ExecuteNonQueryAsync();
            }
            finally
            {
                // Closing ends the session, which releases the lock in any case.
                await connection.DisposeAsync();
            }
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

    /// <summary>Hands out the provider's derived context where the app asks for <see cref="TimelineDbContext"/>.</summary>
    private sealed class BaseContextFactory<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<TimelineDbContext>
        where TContext : TimelineDbContext
    {
        public TimelineDbContext CreateDbContext() => inner.CreateDbContext();

        public async Task<TimelineDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
            await inner.CreateDbContextAsync(cancellationToken);
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
