using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Timeline.Web.Data;
using Timeline.Web.Features.Search;
using Timeline.Web.Tests.Infrastructure;

namespace Timeline.Web.Tests.Data;

/// <summary>
/// The same app on PostgreSQL (Database:Provider=postgres) as on SQLite: the same seed, pages and search results, and
/// instances that start together on one database prepare it once.
/// </summary>
public sealed class PostgresTests(PostgresAppFactory postgres, TimelineAppFactory sqlite) : IClassFixture<PostgresAppFactory>, IClassFixture<TimelineAppFactory>
{
    private const string Slug = "north-korean-workers-in-russia";

    // The searches the search tests make of the seed, and a few more: words, phrases, a prefix, other scripts, numbers.
    public static TheoryData<string> Searches => new()
    {
        "Resolution 2375", "student visas", "\"student visas\"", "\"visas student\"", "Wildberries", "2375", "sanctions",
        "workers Russia", "Kore", "labour", "Россия", "북한", "construction sites", "\"North Korean\"", "Sanctions NEAR/3 workers",
        "AND OR NOT", "visa", "2019",
    };

    [Fact]
    public async Task The_database_is_migrated_with_its_own_migrations_and_seeded()
    {
        postgres.CreateClient();
        await postgres.WithDbAsync(async db =>
        {
            Assert.True(db.Database.IsNpgsql());
            Assert.IsType<PostgresTimelineDbContext>(db);
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            Assert.Contains(await db.Database.GetAppliedMigrationsAsync(), m => m.EndsWith("_Search", StringComparison.Ordinal));
            Assert.Equal(5, await db.Sources.CountAsync());
        });
        Assert.Equal(await CountsAsync(sqlite), await CountsAsync(postgres));
    }

    [Fact]
    public async Task Each_engines_migrations_are_at_the_same_model()
    {
        // A model change needs a migration in both sets (scripts/add-migration NAME): one set alone fails here.
        await postgres.WithDbAsync(db => Task.Run(() => Assert.False(db.Database.HasPendingModelChanges(), "PostgreSQL's migrations lag the model: run scripts/add-migration NAME postgres")));
        await sqlite.WithDbAsync(db => Task.Run(() => Assert.False(db.Database.HasPendingModelChanges(), "SQLite's migrations lag the model: run scripts/add-migration NAME sqlite")));
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/t/" + Slug)]
    [InlineData("/t/" + Slug + "/e/un-resolution-2375")]
    [InlineData("/sources/1")]
    [InlineData("/api/timelines/" + Slug)]
    [InlineData("/embed/t/" + Slug)]
    public async Task Reader_pages_and_the_api_answer_as_on_sqlite(string path)
    {
        var onPostgres = await postgres.CreateClient().GetAsync(new Uri(path, UriKind.Relative));
        var onSqlite = await sqlite.CreateClient().GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, onPostgres.StatusCode);
        Assert.Equal(onSqlite.StatusCode, onPostgres.StatusCode);
        Assert.Equal(Normalise(await onSqlite.Content.ReadAsStringAsync()), Normalise(await onPostgres.Content.ReadAsStringAsync()));
    }

    [Theory]
    [MemberData(nameof(Searches))]
    public async Task Search_finds_the_same_results_with_the_same_words_marked(string text)
    {
        var query = SearchQuery.Parse(text);
        var onSqlite = await SearchAllAsync(sqlite, query);
        var onPostgres = await SearchAllAsync(postgres, query);

        // The same hits; the order within them follows each engine's ranking (bm25, ts_rank), which differ in detail.
        Assert.Equal(onSqlite.Keys.Order(StringComparer.Ordinal), onPostgres.Keys.Order(StringComparer.Ordinal));
        foreach (var (url, hit) in onSqlite)
        {
            Assert.Equal(hit.TitleHtml, onPostgres[url].TitleHtml);
            // Each engine cuts its snippet around a match of its own choosing, so the snippets differ; a marked word is
            // always one that was searched for.
            Assert.All(Marked(onPostgres[url].SnippetHtml), word => Assert.Contains(Words(word), w => IsSearched(query, w)));
        }
    }

    [Fact]
    public async Task The_seed_searches_find_something_on_postgres()
    {
        var html = await postgres.CreateClient().GetStringAsync(new Uri("/search?q=Resolution+2375", UriKind.Relative));

        Assert.Contains($"href=\"/t/{Slug}/e/un-resolution-2375\"", html, StringComparison.Ordinal);
        Assert.Contains("<mark>Resolution 2375</mark>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_instances_starting_together_on_an_empty_database_migrate_and_seed_it_once()
    {
        var database = PostgresServer.Instance.CreateDatabase();
        try
        {
            await using var first = new PostgresAppFactory { PostgresDatabase = database, DeleteDatabaseOnDispose = false };
            await using var second = new PostgresAppFactory { PostgresDatabase = database, DeleteDatabaseOnDispose = false };

            await Task.WhenAll(Task.Run(() => first.CreateClient()), Task.Run(() => second.CreateClient()));

            await first.WithDbAsync(async db =>
            {
                Assert.Equal(1, await db.Timelines.CountAsync(t => t.Slug == Slug));
                Assert.Equal(5, await db.Sources.CountAsync());
                Assert.Equal(db.Database.GetMigrations().Count(), (await db.Database.GetAppliedMigrationsAsync()).Count());
            });
            Assert.Equal(await CountsAsync(sqlite), await CountsAsync(second));
        }
        finally
        {
            PostgresServer.Instance.DropDatabase(database);
        }
    }

    private static async Task<Dictionary<string, SearchHit>> SearchAllAsync(TimelineAppFactory app, SearchQuery query)
    {
        var search = app.Services.GetRequiredService<SearchService>();
        var hits = new Dictionary<string, SearchHit>(StringComparer.Ordinal);
        for (var page = 1; ; page++)
        {
            var results = await search.SearchAsync(query, null, page);
            foreach (var hit in results.Hits)
            {
                hits[hit.Url] = hit;
            }

            if (page * SearchService.PageSize >= results.Total)
            {
                Assert.Equal(results.Total, hits.Count);
                return hits;
            }
        }
    }

    private static IEnumerable<string> Marked(string html) =>
        System.Text.RegularExpressions.Regex.Matches(html, "<mark>(.*?)</mark>").Select(m => WebUtility.HtmlDecode(m.Groups[1].Value));

    private static string[] Words(string text) => text.Split((char[])[' ', ',', '.', '-', '\'', '’'], StringSplitOptions.RemoveEmptyEntries);

    private static bool IsSearched(SearchQuery query, string word) =>
        query.Terms.SelectMany(t => t.Split(' ')).Any(t => word.StartsWith(t, StringComparison.OrdinalIgnoreCase));

    private static async Task<string> CountsAsync(TimelineAppFactory app)
    {
        var counts = "";
        await app.WithDbAsync(async db => counts = string.Join(',',
            await db.Timelines.CountAsync(), await db.Events.IgnoreQueryFilters().CountAsync(), await db.Sources.CountAsync(),
            await db.Excerpts.CountAsync(), await db.EventExcerpts.CountAsync(), await db.Tags.CountAsync(), await db.Actors.CountAsync(),
            await db.Eras.CountAsync()));
        return counts;
    }

    /// <summary>Pages carry a per-request nonce and antiforgery token; all else must be equal.</summary>
    private static string Normalise(string body) =>
        System.Text.RegularExpressions.Regex.Replace(body, "nonce=\"[^\"]*\"|nonce-[A-Za-z0-9+/=]+|CfDJ[A-Za-z0-9+/=_-]+", "");
}
