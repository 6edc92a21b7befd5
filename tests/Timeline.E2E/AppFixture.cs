using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;

namespace Timeline.E2E;

/// <summary>The app on a real loopback port with its own SQLite file, and one headless Debian Chromium for all tests.</summary>
/// <remarks>
/// Tests that change data arrange their own timeline, source and accounts through <see cref="Arrange"/>, so the seeded
/// timeline that the reader tests count is never written to. Every browser context a test opens is closed by the test
/// (<see cref="BrowserSession"/>), so no editor circuit outlives the test that opened it.
/// </remarks>
public sealed class AppFixture : IAsyncLifetime, IDisposable
{
    private readonly string databasePath = Path.Combine(Path.GetTempPath(), "timeline-e2e", $"{Guid.NewGuid():N}.db");
    private IPlaywright? playwright;
    private KestrelFactory? factory;

    public IBrowser Browser { get; private set; } = null!;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The running app's services, to arrange data (accounts, events) the way the app itself would.</summary>
    public IServiceProvider Services => factory!.Services;

    /// <summary>Creates the data a test owns: editors, timelines, sources and events.</summary>
    public Arranger Arrange => new(Services);

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(databasePath)!);
        factory = new KestrelFactory(databasePath);
        factory.UseKestrel(0);
        factory.StartServer();
        BaseAddress = factory.ClientOptions.BaseAddress;

        // CI shares two cores with the app and the browser: give assertions room before calling a wait a failure.
        Assertions.SetDefaultExpectTimeout(15_000);
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
    }

    /// <summary>A fresh, isolated browser context and page; dispose it (<c>await using</c>) to close the context.</summary>
    public async Task<BrowserSession> OpenAsync(int width = 1280, int height = 900, ColorScheme scheme = ColorScheme.Light, bool javaScript = true)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            ColorScheme = scheme,
            JavaScriptEnabled = javaScript,
        });
        context.SetDefaultTimeout(30_000);
        return new BrowserSession(context, await context.NewPageAsync());
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        playwright?.Dispose();
        if (factory is not null)
        {
            await factory.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { databasePath, databasePath + "-wal", databasePath + "-shm" })
        {
            File.Delete(file);
        }
    }

    public void Dispose() => factory?.Dispose();

    private sealed class KestrelFactory(string databasePath) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            // Serve the build's static web assets (site CSS, MudBlazor) as in Development, so pages look as readers see them.
            builder.UseStaticWebAssets();
            builder.UseSetting("ConnectionStrings:Timeline", $"Data Source={databasePath}");
            // Circuit errors reach the browser console with their details, which the tests report on failure.
            builder.UseSetting("DetailedErrors", "true");
            // Every browser of the suite signs in from the same loopback address, many times a minute.
            builder.UseSetting("Accounts:SignIn:PerClientPerMinute", "10000");
            builder.UseSetting("RateLimits:ReadsPerMinute", "100000");
        }
    }
}

/// <summary>A browser context with one page, closed when disposed so that nothing it opened (an editor circuit) outlives the test.</summary>
public sealed class BrowserSession(IBrowserContext context, IPage page) : IAsyncDisposable
{
    public IBrowserContext Context { get; } = context;

    public IPage Page { get; } = page;

    public async ValueTask DisposeAsync() => await Context.CloseAsync();
}

[CollectionDefinition(Name)]
public sealed class AppGroup : ICollectionFixture<AppFixture>
{
    public const string Name = "app";
}
