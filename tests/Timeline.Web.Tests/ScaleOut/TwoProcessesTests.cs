using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Timeline.Web.Data;
using Timeline.Web.Features.Accounts;
using Timeline.Web.Tests.Api;
using Timeline.Web.Tests.Infrastructure;

namespace Timeline.Web.Tests.ScaleOut;

/// <summary>
/// Two instances as an operator runs them: two processes of the app's executable, started at the same moment on one
/// empty PostgreSQL database and one Redis, sharing nothing else (no static field, no memory). They prepare the
/// database once, and an edit made through the first one's write API is what the second one serves at once, its
/// pages and its API, although it had both in its cache.
/// </summary>
public sealed class TwoProcessesTests : IAsyncLifetime
{
    private const string Slug = "north-korean-workers-in-russia";
    private static readonly TimeSpan StartUp = TimeSpan.FromMinutes(3);
    private RedisServer redis = null!;
    private string database = null!;
    private AppServerProcess first = null!;
    private AppServerProcess second = null!;

    public async Task InitializeAsync()
    {
        redis = await RedisServer.StartAsync();
        database = PostgresServer.Instance.CreateDatabase();
        var settings = new Dictionary<string, string>
        {
            ["Database__Provider"] = "postgres",
            ["ConnectionStrings__Timeline"] = database,
            ["Redis__Configuration"] = redis.Configuration,
            ["RateLimits__ReadsPerMinute"] = "100000",
        };
        first = AppServerProcess.Start(settings);
        second = AppServerProcess.Start(settings);
        await Task.WhenAll(first.WaitUntilHealthyAsync(StartUp), second.WaitUntilHealthyAsync(StartUp));
    }

    public async Task DisposeAsync()
    {
        await first.DisposeAsync();
        await second.DisposeAsync();
        await redis.DisposeAsync();
        PostgresServer.Instance.DropDatabase(database);
    }

    [Fact]
    public async Task Started_together_they_migrate_and_seed_the_database_once()
    {
        await using var arranger = new PostgresAppFactory { PostgresDatabase = database, DeleteDatabaseOnDispose = false };
        await arranger.WithDbAsync(async db =>
        {
            Assert.Equal(db.Database.GetMigrations().Count(), (await db.Database.GetAppliedMigrationsAsync()).Count());
            Assert.Equal(1, await db.Timelines.CountAsync());
            Assert.Equal(5, await db.Sources.CountAsync());
        });
        using var reader = new HttpClient { BaseAddress = second.Address };
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync(new Uri($"/t/{Slug}", UriKind.Relative))).StatusCode);

        // A first start that went well says nothing an operator would read as an error (EF Core logged a failed query
        // of its history table on an empty PostgreSQL database).
        foreach (var process in new[] { first, second })
        {
            Assert.DoesNotContain("fail:", process.Log, StringComparison.Ordinal);
            Assert.DoesNotContain("crit:", process.Log, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_edit_through_one_process_is_served_by_the_other_at_once()
    {
        // The account and its token are made through the app's own services, on the same database.
        await using var arranger = new PostgresAppFactory
        {
            PostgresDatabase = database,
            DeleteDatabaseOnDispose = false,
            Settings = new Dictionary<string, string> { ["Redis:Configuration"] = redis.Configuration },
        };
        var (_, token) = await arranger.EditorWithTokenAsync();
        var eventId = 0;
        await arranger.WithDbAsync(async db => eventId = await db.Events
            .Where(e => e.Timeline.Slug == Slug && e.IsPublished).OrderBy(e => e.Id).Select(e => e.Id).FirstAsync());

        using var reader = new HttpClient { BaseAddress = second.Address };
        var page = new Uri($"/t/{Slug}", UriKind.Relative);
        var api = new Uri($"/api/timelines/{Slug}", UriKind.Relative);
        // Read twice on the second, so that it has the page and the API in the cache and the timeline's digest in memory.
        for (var i = 0; i < 2; i++)
        {
            Assert.DoesNotContain("Edited through the first process", await reader.GetStringAsync(page), StringComparison.Ordinal);
            Assert.DoesNotContain("Edited through the first process", await reader.GetStringAsync(api), StringComparison.Ordinal);
        }

        using var writer = new HttpClient { BaseAddress = first.Address };
        writer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.Secret);
        var current = await writer.GetFromJsonAsync<JsonElement>(new Uri($"/api/events/{eventId}", UriKind.Relative));
        using var saved = await writer.PutAsJsonAsync(new Uri($"/api/events/{eventId}", UriKind.Relative), new
        {
            title = "Edited through the first process",
            slug = current.GetProperty("slug").GetString(),
            summary = current.GetProperty("summary").GetString(),
            start = current.GetProperty("start").GetString(),
            end = current.GetProperty("end").GetString(),
            qualifier = current.GetProperty("qualifier").GetString(),
            tags = current.GetProperty("tags"),
            actors = current.GetProperty("actors"),
            version = current.GetProperty("version").GetString(),
        });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);

        Assert.Contains("Edited through the first process", await reader.GetStringAsync(page), StringComparison.Ordinal);
        Assert.Contains("Edited through the first process", await reader.GetStringAsync(api), StringComparison.Ordinal);
    }
}
