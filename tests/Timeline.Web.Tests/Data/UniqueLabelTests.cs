using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Timeline.Web.Data;
using Timeline.Web.Tests.Infrastructure;

namespace Timeline.Web.Tests.Data;

/// <summary>
/// A tag or actor name exists once: names written twice outside the editor are merged by the migration (their events
/// kept), and the database refuses a second row of a name from then on.
/// </summary>
public sealed class UniqueLabelTests : IDisposable
{
    private readonly string path = TimelineAppFactory.NewDatabasePath();

    public void Dispose() => TimelineAppFactory.DeleteDatabase(path);

    [Fact]
    public async Task Names_written_twice_are_merged_into_one_with_all_their_events_and_a_third_is_refused()
    {
        await using var db = new TimelineDbContext(new DbContextOptionsBuilder<TimelineDbContext>().UseSqlite($"Data Source={path}").Options);
        var migrator = db.GetService<IMigrator>();
        var before = db.Database.GetMigrations().Last(m => m.EndsWith("_EventSearchTriggers", StringComparison.Ordinal));
        await migrator.MigrateAsync(before);
        await db.Database.ExecuteSqlRawAsync("""
            INSERT INTO Timelines (Id, Slug, Title, Description, DescriptionHtml, IsPublished, IsDeleted, Version, CreatedAt, UpdatedAt)
                VALUES (1, 't', 'T', '', '', 1, 0, '00000000-0000-0000-0000-000000000000', '2026-01-01', '2026-01-01');
            INSERT INTO Events (Id, TimelineId, Slug, Title, Summary, SummaryHtml, Start, Qualifier, SortKey, FirstDay, LastDay, IsPublished, IsDeleted, Version, CreatedAt, UpdatedAt)
                VALUES (1, 1, 'a', 'A', '', '', '2020', 'Exact', 0, 1, 2, 1, 0, '00000000-0000-0000-0000-000000000000', '2026-01-01', '2026-01-01'),
                       (2, 1, 'b', 'B', '', '', '2021', 'Exact', 0, 1, 2, 1, 0, '00000000-0000-0000-0000-000000000000', '2026-01-01', '2026-01-01');
            INSERT INTO Tags (Id, Name, Slug) VALUES (1, 'labour', 'labour'), (2, 'labour', 'labour-2'), (3, 'visas', 'visas');
            INSERT INTO EventTags (EventsId, TagsId) VALUES (1, 1), (1, 2), (2, 2), (2, 3);
            INSERT INTO Actors (Id, Name, Slug) VALUES (1, 'Wildberries', 'wildberries'), (2, 'Wildberries', 'wildberries-2');
            INSERT INTO EventActors (EventsId, ActorsId) VALUES (2, 2);
            """);

        await migrator.MigrateAsync();

        var tags = await db.Tags.Include(t => t.Events).OrderBy(t => t.Id).ToListAsync();
        Assert.Equal(["labour", "visas"], tags.Select(t => t.Name));
        Assert.Equal([1, 2], tags[0].Events.Select(e => e.Id).Order());
        var actor = Assert.Single(await db.Actors.Include(a => a.Events).ToListAsync());
        Assert.Equal(1, actor.Id);
        Assert.Equal(2, Assert.Single(actor.Events).Id);

        var refused = await Assert.ThrowsAsync<SqliteException>(() => db.Database.ExecuteSqlRawAsync("INSERT INTO Tags (Name, Slug) VALUES ('visas', 'visas-2');"));
        Assert.Equal(19, refused.SqliteErrorCode); // SQLITE_CONSTRAINT
    }
}
