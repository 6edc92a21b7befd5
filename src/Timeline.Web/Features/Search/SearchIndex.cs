using Microsoft.EntityFrameworkCore;
using Timeline.Web.Data;

namespace Timeline.Web.Features.Search;

/// <summary>
/// The full-text indexes (SQLite FTS5, migration Search) as a whole. Triggers keep them in step with each write; after
/// rows were written in bulk (a restore) they are rebuilt from the tables, so what search finds is what the tables hold.
/// PostgreSQL's index is made of generated columns of the tables themselves (migration Postgres/Search): nothing to rebuild.
/// </summary>
public static class SearchIndex
{
    // FTS5's own command: an external-content index re-reads its content table.
    private static readonly string[] Rebuild =
    [
        """INSERT INTO "SearchEvents"("SearchEvents") VALUES ('rebuild');""",
        """INSERT INTO "SearchExcerpts"("SearchExcerpts") VALUES ('rebuild');""",
        """INSERT INTO "SearchSources"("SearchSources") VALUES ('rebuild');""",
    ];

    /// <summary>Re-indexes every event, passage and source, inside the caller's transaction when there is one.</summary>
    public static async Task RebuildAsync(TimelineDbContext db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (!db.Database.IsSqlite())
        {
            return;
        }

        foreach (var sql in Rebuild)
        {
            await db.Database.ExecuteSqlRawAsync(sql, cancellationToken);
        }
    }
}
