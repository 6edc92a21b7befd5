using System.Net;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using Timeline.Web.Data;
using Timeline.Web.Features.Accounts;
using Timeline.Web.Features.Editing;
using Timeline.Web.Infrastructure;
using Timeline.Web.Tests.Infrastructure;

namespace Timeline.Web.Tests.ScaleOut;

/// <summary>
/// Two instances of the app on one database and one real Redis, as behind a load balancer, started at the same moment
/// on an empty database: they migrate and seed it once, the reader cache is the shared Redis store, an edit saved on
/// the first is what the second serves at once (its pages and what it keeps in memory alike), and a sign-in cookie from
/// the first is good on the second. On SQLite (one file on one machine) and on PostgreSQL.
/// </summary>
public abstract class TwoInstancesTests(DatabaseProvider provider) : IAsyncLifetime, IDisposable
{
    private const string Slug = "north-korean-workers-in-russia";
    private RedisServer redis = null!;
    private TimelineAppFactory first = null!;
    private TimelineAppFactory second = null!;

    public async Task InitializeAsync()
    {
        redis = await RedisServer.StartAsync();
        var settings = new Dictionary<string, string> { ["Redis:Configuration"] = redis.Configuration };
        first = new TimelineAppFactory { Provider = provider, Settings = settings };
        // The second opens the first's database (which neither has made yet) and keeps it when it is disposed.
        second = provider == DatabaseProvider.Postgres
            ? new TimelineAppFactory { Provider = provider, Settings = settings, PostgresDatabase = first.ConnectionString, DeleteDatabaseOnDispose = false }
            : new TimelineAppFactory { Provider = provider, Settings = settings, DatabasePath = first.DatabasePath, DeleteDatabaseOnDispose = false };
        using var together = new Barrier(2);
        await Task.WhenAll(
            Task.Run(() => { together.SignalAndWait(); return first.Server; }),
            Task.Run(() => { together.SignalAndWait(); return second.Server; }));
    }

    public void Dispose()
    {
        second?.Dispose();
        first?.Dispose();
        GC.SuppressFinalize(this);
    }

    public async Task DisposeAsync()
    {
        await second.DisposeAsync();
        await first.DisposeAsync();
        await redis.DisposeAsync();
    }

    [Fact]
    public async Task Started_together_they_migrate_and_seed_the_database_once()
    {
        await first.WithDbAsync(async db =>
        {
            Assert.Equal(db.Database.GetMigrations().Count(), (await db.Database.GetAppliedMigrationsAsync()).Count());
            Assert.Equal(1, await db.Timelines.CountAsync());
            Assert.Equal(5, await db.Sources.CountAsync());
        });
        Assert.Equal(HttpStatusCode.OK, (await second.CreateClient().GetAsync(new Uri($"/t/{Slug}", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task The_reader_cache_is_one_store_in_redis()
    {
        foreach (var instance in new[] { first, second })
        {
            var store = Assert.IsType<TieredOutputCacheStore>(instance.Services.GetRequiredService<IOutputCacheStore>());
            Assert.Contains("Redis", store.Shared.GetType().Name, StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.OK, (await first.CreateClient().GetAsync(new Uri($"/t/{Slug}", UriKind.Relative))).StatusCode);

        var server = first.Services.GetRequiredService<IConnectionMultiplexer>().GetServers().Single();
        Assert.NotEmpty(server.Keys(pattern: $"{SharedCache.InstanceName}*").ToList());
    }

    [Fact]
    public async Task An_edit_saved_on_one_instance_is_served_by_the_other_at_once()
    {
        var readerOnSecond = second.CreateClient();
        var before = await readerOnSecond.GetStringAsync(new Uri($"/t/{Slug}", UriKind.Relative));
        // Twice, so that the second instance serves it from the cache and keeps the timeline's digest in memory.
        Assert.Equal(before, await readerOnSecond.GetStringAsync(new Uri($"/t/{Slug}", UriKind.Relative)));
        var newTitle = $"Workers abroad {Guid.NewGuid():N}"[..24];
        int eventId = 0;
        await first.WithDbAsync(async db => eventId = await db.Events.Where(e => e.Timeline.Slug == Slug && e.IsPublished).OrderBy(e => e.Id).Select(e => e.Id).FirstAsync());

        // An event's title (the cached page) and the timeline's own title (the digest each instance keeps in memory).
        await using (var scope = first.Services.CreateAsyncScope())
        {
            var editor = new EditorIdentity(null, "scale-out test");
            var events = scope.ServiceProvider.GetRequiredService<EventEditor>();
            var model = (await events.LoadAsync(eventId))!;
            model.Input.Title = "Edited on the first instance";
            Assert.True((await events.SaveAsync(model.Input, editor)).Succeeded);

            var timelines = scope.ServiceProvider.GetRequiredService<TimelineEditor>();
            var timelineId = 0;
            await first.WithDbAsync(async db => timelineId = await db.Timelines.Where(t => t.Slug == Slug).Select(t => t.Id).FirstAsync());
            var timeline = (await timelines.LoadAsync(timelineId))!;
            timeline.Title = newTitle;
            Assert.True((await timelines.SaveAsync(timeline, editor)).Succeeded);
        }

        var after = await readerOnSecond.GetStringAsync(new Uri($"/t/{Slug}", UriKind.Relative));
        Assert.Contains("Edited on the first instance", after, StringComparison.Ordinal);
        Assert.Contains(newTitle, after, StringComparison.Ordinal);
        var api = await readerOnSecond.GetStringAsync(new Uri($"/api/timelines/{Slug}", UriKind.Relative));
        Assert.Contains("Edited on the first instance", api, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_instance_serves_its_copy_from_memory_until_the_generation_moves_even_if_the_announcement_is_lost()
    {
        var eventId = await FirstPublishedEventAsync();
        var title = $"Kept {Guid.NewGuid():N}"[..17];
        await first.WithDbAsync(db => db.Events.Where(e => e.Id == eventId).ExecuteUpdateAsync(e => e.SetProperty(x => x.Title, title)));
        await first.Services.GetRequiredService<ReaderCache>().EvictTimelineAsync(Slug);
        var readerOnSecond = second.CreateClient();
        var page = new Uri($"/t/{Slug}", UriKind.Relative);
        Assert.Contains(title, await readerOnSecond.GetStringAsync(page), StringComparison.Ordinal);

        // The shared store emptied and the title changed behind the app's back: the second instance still answers from
        // its memory, not from Redis and not by a render.
        await EmptySharedStoreAsync();
        var changed = $"Changed {Guid.NewGuid():N}"[..20];
        await first.WithDbAsync(db => db.Events.Where(e => e.Id == eventId).ExecuteUpdateAsync(e => e.SetProperty(x => x.Title, changed)));
        var fromMemory = await readerOnSecond.GetStringAsync(page);
        Assert.Contains(title, fromMemory, StringComparison.Ordinal);
        Assert.DoesNotContain(changed, fromMemory, StringComparison.Ordinal);

        // A save on the first instance whose announcement never arrives (the generation is raised, nothing is evicted or
        // announced): the second no longer trusts its copy.
        await first.Services.GetRequiredService<ISharedEvictions>().BumpAsync(Slug);
        await EmptySharedStoreAsync();
        Assert.Contains(changed, await readerOnSecond.GetStringAsync(page), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_page_rendered_while_a_save_lands_is_kept_nowhere()
    {
        var store = first.Services.GetRequiredService<IOutputCacheStore>();
        var http = first.Services.GetRequiredService<Microsoft.AspNetCore.Http.IHttpContextAccessor>();
        var key = $"test-render-{Guid.NewGuid():N}";
        http.HttpContext = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        try
        {
            // The lookup misses (the render starts), a save lands on the other instance, the render is stored.
            Assert.Null(await store.GetAsync(key, CancellationToken.None));
            await second.Services.GetRequiredService<ISharedEvictions>().BumpAsync(Slug);
            await store.SetAsync(key, [1, 2, 3], [ReaderCache.TimelineTag(Slug)], TimeSpan.FromMinutes(1), CancellationToken.None);

            // Neither this instance's memory nor Redis has it.
            http.HttpContext = new Microsoft.AspNetCore.Http.DefaultHttpContext();
            Assert.Null(await store.GetAsync(key, CancellationToken.None));
            Assert.Null(await ((TieredOutputCacheStore)store).Shared.GetAsync(key, CancellationToken.None));

            // Without a save in between, it is kept.
            await store.SetAsync(key, [1, 2, 3], [ReaderCache.TimelineTag(Slug)], TimeSpan.FromMinutes(1), CancellationToken.None);
            Assert.Equal([1, 2, 3], await store.GetAsync(key, CancellationToken.None));
        }
        finally
        {
            http.HttpContext = null;
        }
    }

    private async Task<int> FirstPublishedEventAsync()
    {
        var found = 0;
        await first.WithDbAsync(async db => found = await db.Events.Where(e => e.Timeline.Slug == Slug && e.IsPublished)
            .OrderBy(e => e.Id).Select(e => e.Id).FirstAsync());
        return found;
    }

    private async Task EmptySharedStoreAsync()
    {
        var redisServer = first.Services.GetRequiredService<IConnectionMultiplexer>().GetServers().Single();
        var database = first.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        foreach (var key in redisServer.Keys(pattern: $"{SharedCache.InstanceName}*").ToList())
        {
            if (!key.ToString().StartsWith($"{SharedCache.InstanceName}generation", StringComparison.Ordinal))
            {
                await database.KeyDeleteAsync(key);
            }
        }
    }

    [Fact]
    public async Task Failed_sign_ins_count_on_every_instance_and_a_wait_lifted_on_one_is_lifted_on_all()
    {
        var email = await first.CreateUserAsync(Roles.Editor);
        var guesserOnSecond = second.CreateClient();
        for (var i = 0; i < 5; i++)
        {
            Assert.Contains("do not match", await (await TimelineAppFactory.SignInAsync(guesserOnSecond, email, $"wrong-{i}")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // The same address now waits on the first instance too, even with the right password, and admins there see it.
        var onFirst = first.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using (var refused = await TimelineAppFactory.SignInAsync(onFirst, email, "integration-pass-1"))
        {
            Assert.Contains("Too many failed attempts for this email from here", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        await using (var scope = first.Services.CreateAsyncScope())
        {
            var rows = await scope.ServiceProvider.GetRequiredService<AccountAdmin>().ListAsync();
            Assert.True(rows.Single(r => r.Email == email).IsThrottled);
        }

        // Lifted on the second, lifted on the first.
        await second.Services.GetRequiredService<SignInThrottle>().ClearAsync(email);
        using var accepted = await TimelineAppFactory.SignInAsync(onFirst, email, "integration-pass-1");
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
    }

    [Fact]
    public async Task A_sign_in_on_one_instance_is_good_on_the_other()
    {
        var email = await first.CreateUserAsync(Roles.Editor);
        // One browser's cookies, sent to whichever instance the load balancer picks.
        var cookies = new CookieContainer();
        var onFirst = first.CreateDefaultClient(new CookieContainerHandler(cookies));
        Assert.Equal(HttpStatusCode.Redirect, (await TimelineAppFactory.SignInAsync(onFirst, email, "integration-pass-1")).StatusCode);

        var onSecond = second.CreateDefaultClient(new CookieContainerHandler(cookies));
        using var response = await onSecond.GetAsync(new Uri("/edit", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(email, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}

public sealed class TwoInstancesOnSqliteTests() : TwoInstancesTests(DatabaseProvider.Sqlite);

public sealed class TwoInstancesOnPostgresTests() : TwoInstancesTests(DatabaseProvider.Postgres);
