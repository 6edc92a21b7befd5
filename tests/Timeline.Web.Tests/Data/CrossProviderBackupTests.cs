using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Timeline.Web.Data;
using Timeline.Web.Features.Backup;
using Timeline.Web.Features.Editing;
using Timeline.Web.Tests.Infrastructure;

namespace Timeline.Web.Tests.Data;

/// <summary>A backup is the way from SQLite to PostgreSQL and back: every row crosses, and the new database takes new rows.</summary>
public sealed class CrossProviderBackupTests(TimelineAppFactory sqlite) : IClassFixture<TimelineAppFactory>
{
    private const string Slug = "north-korean-workers-in-russia";

    [Fact]
    public async Task A_sqlite_backup_restores_into_postgres_serves_the_same_pages_takes_new_events_and_comes_back_to_sqlite()
    {
        var fromSqlite = await BackupAsync(sqlite);
        var database = PostgresServer.Instance.CreateDatabase();
        var path = TimelineAppFactory.NewDatabasePath();
        try
        {
            await using (var db = new PostgresTimelineDbContext(new DbContextOptionsBuilder<PostgresTimelineDbContext>().UseNpgsql(database).Options))
            {
                await db.Database.MigrateAsync();
                var restored = await BackupRestorer.RestoreAsync(db, new MemoryStream(fromSqlite), CancellationToken.None);
                Assert.Null(restored.Problem);
            }

            await using var postgres = new PostgresAppFactory { PostgresDatabase = database, DeleteDatabaseOnDispose = false };
            var page = $"/t/{Slug}";
            Assert.Equal(
                await sqlite.CreateClient().GetStringAsync(new Uri(page, UriKind.Relative)),
                await postgres.CreateClient().GetStringAsync(new Uri(page, UriKind.Relative)),
                new NonceInsensitiveComparer());
            Assert.Contains("<mark>", await postgres.CreateClient().GetStringAsync(new Uri("/search?q=Resolution+2375", UriKind.Relative)), StringComparison.Ordinal);

            // The identity sequences were moved past the restored ids: a new event is not refused as a duplicate.
            await using (var scope = postgres.Services.CreateAsyncScope())
            {
                var saved = await scope.ServiceProvider.GetRequiredService<EventEditor>().SaveAsync(
                    new EventInput { TimelineId = 1, Title = "Added after the move", Slug = "added-after-the-move", Start = "2025-06" },
                    new EditorIdentity(null, "editor@example.org"));
                Assert.True(saved.Succeeded);
            }

            var fromPostgres = await BackupAsync(postgres);
            await using (var db = DatabaseRows.Open(path))
            {
                await db.Database.MigrateAsync();
                var restored = await BackupRestorer.RestoreAsync(db, new MemoryStream(fromPostgres), CancellationToken.None);
                Assert.Null(restored.Problem);
                Assert.Equal(1, await db.Events.IgnoreQueryFilters().CountAsync(e => e.Slug == "added-after-the-move"));
            }

            var before = DatabaseRows.Read(sqlite.DatabasePath);
            var after = DatabaseRows.Read(path);
            foreach (var (table, rows) in before.Rows.Where(t => t.Key is not ("Events" or "Revisions" or "__EFMigrationsHistory")))
            {
                Assert.Equal(rows.Count, after.Rows[table].Count);
            }
        }
        finally
        {
            PostgresServer.Instance.DropDatabase(database);
            TimelineAppFactory.DeleteDatabase(path);
        }
    }

    private static async Task<byte[]> BackupAsync(TimelineAppFactory app)
    {
        using var file = new MemoryStream();
        await app.WithDbAsync(async db => await BackupWriter.WriteAsync(
            db, includeSecrets: true, DateTimeOffset.UtcNow, async (bytes, ct) => await file.WriteAsync(bytes, ct), CancellationToken.None));
        return file.ToArray();
    }

    /// <summary>Pages carry a per-request nonce and protected state; all else must be equal.</summary>
    private sealed class NonceInsensitiveComparer : IEqualityComparer<string>
    {
        public bool Equals(string? x, string? y) => Normalise(x) == Normalise(y);

        public int GetHashCode(string obj) => Normalise(obj).GetHashCode(StringComparison.Ordinal);

        private static string Normalise(string? body) =>
            System.Text.RegularExpressions.Regex.Replace(body ?? "", "nonce=\"[^\"]*\"|nonce-[A-Za-z0-9+/=]+|CfDJ[A-Za-z0-9+/=_-]+", "");
    }
}
