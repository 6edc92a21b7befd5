using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using Timeline.Web.Features.Editing;
using Timeline.Web.Infrastructure;
using Timeline.Web.Tests.Infrastructure;

namespace Timeline.Web.Tests.ScaleOut;

/// <summary>
/// Redis is a cache: while it is down an instance keeps serving, from its own memory and its own renders, without asking
/// Redis anything, and says so on /healthz; its own saves show at once; when Redis is back it is used again.
/// </summary>
/// <remarks>
/// The instance's Redis client is given a 45-second timeout, so a call to Redis during the outage would hold the read
/// past the reader's 30-second deadline, which no render comes near: the test fails on any such call instead of passing
/// slowly.
/// </remarks>
public sealed class RedisOutageTests : IAsyncLifetime, IDisposable
{
    private const string Slug = "north-korean-workers-in-russia";
    private static readonly Uri Page = new($"/t/{Slug}", UriKind.Relative);
    private RedisServer redis = null!;
    private TimelineAppFactory app = null!;

    public async Task InitializeAsync()
    {
        redis = await RedisServer.StartAsync();
        app = new TimelineAppFactory
        {
            Settings = new Dictionary<string, string> { ["Redis:Configuration"] = $"{redis.Configuration},asyncTimeout=45000,syncTimeout=45000" },
        };
        _ = app.Server;
    }

    public void Dispose()
    {
        app?.Dispose();
        GC.SuppressFinalize(this);
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        await redis.DisposeAsync();
    }

    [Fact]
    public async Task While_redis_is_down_an_instance_caches_alone_and_shows_its_own_saves_then_uses_redis_again()
    {
        var reader = app.CreateClient();
        reader.Timeout = TimeSpan.FromSeconds(30);
        var multiplexer = app.Services.GetRequiredService<IConnectionMultiplexer>();
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync(Page)).StatusCode);
        Assert.Equal("Healthy", await reader.GetStringAsync(new Uri("/healthz", UriKind.Relative)));

        await redis.DisposeAsync();
        await UntilAsync(() => !multiplexer.IsConnected, "the client never saw Redis go");
        Assert.Equal("Degraded", await reader.GetStringAsync(new Uri("/healthz", UriKind.Relative)));

        // A render, kept in this instance's memory: a change made behind the app's back does not show on the next read.
        var eventId = 0;
        await app.WithDbAsync(async db => eventId = await db.Events.Where(e => e.Timeline.Slug == Slug && e.IsPublished).OrderBy(e => e.Id).Select(e => e.Id).FirstAsync());
        await app.WithDbAsync(db => db.Events.Where(e => e.Id == eventId).ExecuteUpdateAsync(e => e.SetProperty(x => x.Title, "Rendered during the outage")));
        Assert.Contains("Rendered during the outage", await reader.GetStringAsync(Page), StringComparison.Ordinal);
        await app.WithDbAsync(db => db.Events.Where(e => e.Id == eventId).ExecuteUpdateAsync(e => e.SetProperty(x => x.Title, "Changed behind the app")));
        Assert.DoesNotContain("Changed behind the app", await reader.GetStringAsync(Page), StringComparison.Ordinal);

        // An editor's save on this instance shows at once.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var events = scope.ServiceProvider.GetRequiredService<EventEditor>();
            var model = (await events.LoadAsync(eventId))!;
            model.Input.Title = "Saved during the outage";
            Assert.True((await events.SaveAsync(model.Input, new EditorIdentity(null, "outage test"))).Succeeded);
        }

        Assert.Contains("Saved during the outage", await reader.GetStringAsync(Page), StringComparison.Ordinal);

        // Redis back (empty, as after a restart): the instance uses it again, and no longer the copies it made alone.
        redis = await RedisServer.StartAsync(redis.Port);
        await UntilAsync(() => multiplexer.IsConnected, "the client never reconnected");
        Assert.Equal("Healthy", await reader.GetStringAsync(new Uri("/healthz", UriKind.Relative)));
        await app.WithDbAsync(db => db.Events.Where(e => e.Id == eventId).ExecuteUpdateAsync(e => e.SetProperty(x => x.Title, "Read through Redis again")));
        Assert.Contains("Read through Redis again", await reader.GetStringAsync(Page), StringComparison.Ordinal);
        Assert.NotEmpty(multiplexer.GetServers().Single().Keys(pattern: $"{SharedCache.InstanceName}*").ToList());
    }

    private static async Task UntilAsync(Func<bool> condition, string failure)
    {
        for (var attempt = 0; attempt < 600 && !condition(); attempt++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }

        Assert.True(condition(), failure);
    }
}

/// <summary>
/// An instance started while Redis is down (it came up later in a deployment, or is being restarted) starts and serves,
/// caching alone, and once Redis is reachable it uses it and listens for the other instances' evictions.
/// </summary>
public sealed class RedisDownAtStartTests : IAsyncLifetime, IDisposable
{
    private readonly int port = FreePort();
    private RedisServer? redis;
    private TimelineAppFactory app = null!;

    public Task InitializeAsync()
    {
        app = new TimelineAppFactory
        {
            Settings = new Dictionary<string, string> { ["Redis:Configuration"] = $"127.0.0.1:{port},asyncTimeout=45000,syncTimeout=45000" },
        };
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        app?.Dispose();
        GC.SuppressFinalize(this);
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        if (redis is not null)
        {
            await redis.DisposeAsync();
        }
    }

    [Fact]
    public async Task It_starts_and_serves_then_listens_for_evictions_once_redis_is_up()
    {
        var reader = app.CreateClient();
        reader.Timeout = TimeSpan.FromSeconds(30);
        Assert.Equal("Degraded", await reader.GetStringAsync(new Uri("/healthz", UriKind.Relative)));
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync(new Uri("/t/north-korean-workers-in-russia", UriKind.Relative))).StatusCode);

        redis = await RedisServer.StartAsync(port);
        var multiplexer = app.Services.GetRequiredService<IConnectionMultiplexer>();
        var server = multiplexer.GetServer(multiplexer.GetEndPoints().Single());
        for (var attempt = 0; attempt < 600 && !(multiplexer.IsConnected && await server.SubscriptionSubscriberCountAsync(SharedCache.Evictions) == 1); attempt++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }

        Assert.Equal(1, await server.SubscriptionSubscriberCountAsync(SharedCache.Evictions));
        Assert.Equal("Healthy", await reader.GetStringAsync(new Uri("/healthz", UriKind.Relative)));
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
