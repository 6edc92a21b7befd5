using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Timeline.Web.Data;
using Timeline.Web.Tests.Infrastructure;

namespace Timeline.E2E;

/// <summary>
/// The reference deployment on loopback: two instances of the app on one real PostgreSQL and one real Redis, with
/// Debian's nginx in front running deploy/nginx.conf as operators are told to. Reads come mostly from nginx's cache;
/// an editor signs in and saves through nginx (its sticky upstream and the WebSocket of the editor's circuit), and
/// the edit shows on both instances at once and through nginx's cache within the lifetime the app states
/// (s-maxage plus stale-while-revalidate).
/// </summary>
public sealed class BehindNginxTests(NginxFixture deployment) : IClassFixture<NginxFixture>
{
    [Fact]
    public async Task A_burst_of_reads_is_answered_mostly_from_nginxs_cache()
    {
        var timeline = await deployment.Arrange.TimelineAsync("Burst");
        await deployment.Arrange.EventAsync(timeline.Id, "Read by many", "Readers arrive all at once.", published: true);
        using var reader = new HttpClient { BaseAddress = deployment.Address };
        var statuses = new List<string>();
        for (var i = 0; i < 200; i++)
        {
            using var response = await reader.GetAsync(new Uri($"/t/{timeline.Slug}", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            statuses.Add(response.Headers.TryGetValues("X-Cache-Status", out var values) ? values.Single() : "none");
        }

        // The first read fills the cache; within the page's lifetime every other one is a hit, and at worst a read or
        // two near its end is answered from the cache while a fresh copy is fetched (UPDATING, STALE).
        Assert.Equal("MISS", statuses[0]);
        Assert.True(statuses.Count(s => s == "HIT") >= 180, string.Join(", ", statuses.GroupBy(s => s).Select(g => $"{g.Key} {g.Count()}")));
    }

    [Fact]
    public async Task An_editor_signs_in_and_saves_through_nginx_and_readers_see_the_edit_within_the_stated_lifetime()
    {
        var timeline = await deployment.Arrange.TimelineAsync("Through nginx");
        var eventId = await deployment.Arrange.EventAsync(timeline.Id, "Edited behind a proxy", "Before the edit.", published: true);
        var eventPage = await deployment.ReaderPathAsync(eventId);
        using var reader = new HttpClient { BaseAddress = deployment.Address };
        // The reader's copy is in nginx's cache before the save.
        Assert.Contains("Before the edit.", await reader.GetStringAsync(eventPage), StringComparison.Ordinal);
        using (var cached = await reader.GetAsync(eventPage))
        {
            Assert.Equal("HIT", cached.Headers.GetValues("X-Cache-Status").Single());
        }

        var email = await deployment.Arrange.EditorAsync();
        await using (var session = await deployment.OpenAsync())
        {
            var page = session.Page;
            await page.GotoAsync("/account/login");
            await page.Locator("#email").PressSequentiallyAsync(email, new() { Delay = 20 });
            await page.Locator("#password").PressSequentiallyAsync(Arranger.Password, new() { Delay = 20 });
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(new Regex("/edit$"));
            await page.GotoAsync($"/edit/events/{eventId}");
            await Assertions.Expect(page.GetByTestId("event-state")).ToHaveTextAsync("Published: readers see it");
            await EditorJourneyTests.TypeAsync(page.Locator("#event-summary"), " Saved through nginx.");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
            await Assertions.Expect(page.GetByTestId("save-status")).ToContainTextAsync("Saved. Readers see the change now.");
        }

        const string Edited = "Before the edit. Saved through nginx.";
        // Straight on either instance: at once, whichever of them the editor's circuit was on.
        foreach (var instance in deployment.Instances)
        {
            using var direct = new HttpClient { BaseAddress = instance };
            Assert.Contains(Edited, await direct.GetStringAsync(eventPage), StringComparison.Ordinal);
        }

        // Through nginx's cache: once its copy has aged past s-maxage, the next read revalidates and a later one gets the
        // edit. The bound is the stated lifetime (s-maxage plus stale-while-revalidate) with room for a loaded machine:
        // what it catches is a cache that keeps a page by rules of its own (nginx's proxy_cache_valid, a default TTL).
        var lifetime = deployment.StatedLifetime();
        using var deadline = new CancellationTokenSource(lifetime + TimeSpan.FromSeconds(30));
        try
        {
            while (!(await reader.GetStringAsync(eventPage, deadline.Token)).Contains(Edited, StringComparison.Ordinal))
            {
                await Task.Delay(TimeSpan.FromSeconds(1), deadline.Token);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            Assert.Fail($"nginx still served the copy from before the save {lifetime.TotalSeconds + 30} s after it (stated: {lifetime.TotalSeconds} s).");
        }
    }
}

/// <summary>PostgreSQL, Redis, two app instances on loopback ports and nginx with the reference config; all stopped at the end.</summary>
public sealed class NginxFixture : IAsyncLifetime
{
    private static readonly string[] NginxLocations = ["/usr/sbin/nginx", "/usr/bin/nginx"];
    private readonly string work = Path.Combine(Path.GetTempPath(), "timeline-e2e", $"nginx-{Guid.NewGuid():N}");
    private readonly List<InstanceFactory> instances = [];
    private RedisServer? redis;
    private string? database;
    private Process? nginx;
    private IPlaywright? playwright;
    private IBrowser? browser;
    private string? publicCacheControl;

    public Uri Address { get; private set; } = null!;

    public IReadOnlyList<Uri> Instances => [.. instances.Select(i => i.ClientOptions.BaseAddress)];

    public Arranger Arrange => new(instances[0].Services);

    public async Task InitializeAsync()
    {
        var nginxBin = NginxLocations.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("nginx is not installed: tests/run installs Debian's nginx package (apt-get install nginx).");
        redis = await RedisServer.StartAsync();
        database = PostgresServer.Instance.CreateDatabase();
        for (var i = 0; i < 2; i++)
        {
            var instance = new InstanceFactory(database, redis.Configuration);
            instance.UseKestrel(0);
            instances.Add(instance);
        }

        await Task.WhenAll(instances.Select(i => Task.Run(i.StartServer)));

        Directory.CreateDirectory(work);
        // nginx's workers run as an unprivileged user when it is started as root: they read and write its cache here.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(work, (UnixFileMode)0b111_101_101);
        }

        var port = FreePort();
        var config = File.ReadAllText(Path.Combine(RepositoryRoot(), "deploy", "nginx.conf"))
            .Replace("__UPSTREAM_1__", Instances[0].Authority, StringComparison.Ordinal)
            .Replace("__UPSTREAM_2__", Instances[1].Authority, StringComparison.Ordinal)
            .Replace("__LISTEN__", $"127.0.0.1:{port}", StringComparison.Ordinal)
            .Replace("__CACHE__", Path.Combine(work, "cache"), StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(work, "nginx.conf"), config);
        var start = new ProcessStartInfo(nginxBin) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { "-p", work, "-c", Path.Combine(work, "nginx.conf"), "-g", $"daemon off; pid {work}/nginx.pid; error_log {work}/error.log;" })
        {
            start.ArgumentList.Add(arg);
        }

        nginx = Process.Start(start)!;
        Address = new Uri($"http://127.0.0.1:{port}");
        await WaitForNginxAsync();

        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
    }

    /// <summary>A browser context on nginx's address; dispose it to close it.</summary>
    public async Task<BrowserSession> OpenAsync()
    {
        var context = await browser!.NewContextAsync(new BrowserNewContextOptions { BaseURL = Address.ToString(), ViewportSize = new() { Width = 1280, Height = 900 } });
        context.SetDefaultTimeout(30_000);
        return new BrowserSession(context, await context.NewPageAsync());
    }

    /// <summary>The reader's address of an event: its timeline's and its own slug.</summary>
    public async Task<Uri> ReaderPathAsync(int eventId)
    {
        await using var scope = instances[0].Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<TimelineDbContext>>().CreateDbContextAsync();
        var e = await db.Events.Where(x => x.Id == eventId).Select(x => new { Timeline = x.Timeline.Slug, x.Slug }).SingleAsync();
        return new Uri($"/t/{e.Timeline}/e/{e.Slug}", UriKind.Relative);
    }

    /// <summary>How long a shared cache may serve a copy, as the app's Cache-Control says: s-maxage plus stale-while-revalidate.</summary>
    public TimeSpan StatedLifetime()
    {
        var header = System.Net.Http.Headers.CacheControlHeaderValue.Parse(publicCacheControl);
        var revalidate = header.Extensions.Single(e => e.Name == "stale-while-revalidate").Value;
        return header.SharedMaxAge!.Value + TimeSpan.FromSeconds(int.Parse(revalidate!, System.Globalization.CultureInfo.InvariantCulture));
    }

    public async Task DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.DisposeAsync();
        }

        playwright?.Dispose();
        if (nginx is not null)
        {
            if (!nginx.HasExited)
            {
                nginx.Kill(entireProcessTree: true);
                await nginx.WaitForExitAsync();
            }

            nginx.Dispose();
        }

        foreach (var instance in instances)
        {
            await instance.DisposeAsync();
        }

        if (redis is not null)
        {
            await redis.DisposeAsync();
        }

        if (database is not null)
        {
            PostgresServer.Instance.DropDatabase(database);
        }

        if (Directory.Exists(work))
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private async Task WaitForNginxAsync()
    {
        using var client = new HttpClient { BaseAddress = Address };
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if (nginx!.HasExited)
            {
                break;
            }

            try
            {
                using var response = await client.GetAsync(new Uri($"/t/{Arranger.SeededSlug}", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    publicCacheControl = response.Headers.CacheControl!.ToString();
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }

        var log = Path.Combine(work, "error.log");
        throw new InvalidOperationException($"nginx did not start: {(nginx!.HasExited ? await nginx.StandardError.ReadToEndAsync() : "")} {(File.Exists(log) ? await File.ReadAllTextAsync(log) : "")}");
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "deploy", "nginx.conf")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("deploy/nginx.conf not found above the test's folder.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>One instance: the app on a loopback port, on the shared PostgreSQL database and Redis.</summary>
    private sealed class InstanceFactory(string connectionString, string redisConfiguration) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            builder.UseStaticWebAssets();
            builder.UseSetting("Database:Provider", "postgres");
            builder.UseSetting("ConnectionStrings:Timeline", connectionString);
            builder.UseSetting("Redis:Configuration", redisConfiguration);
            builder.UseSetting("DetailedErrors", "true");
            builder.UseSetting("RateLimits:ReadsPerMinute", "100000");
            // nginx is the proxy whose X-Forwarded-For the app believes, as in the reference deployment.
            builder.UseSetting("ForwardedHeaders:KnownProxies:0", "127.0.0.1");
        }
    }
}
