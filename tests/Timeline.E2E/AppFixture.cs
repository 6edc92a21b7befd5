using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;

namespace Timeline.E2E;

/// <summary>The app on a real loopback port with its own SQLite file, and one headless Debian Chromium for all tests.</summary>
public sealed class AppFixture : IAsyncLifetime, IDisposable
{
    private readonly string databasePath = Path.Combine(Path.GetTempPath(), "timeline-e2e", $"{Guid.NewGuid():N}.db");
    private IPlaywright? playwright;
    private KestrelFactory? factory;

    public IBrowser Browser { get; private set; } = null!;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The running app's services, to arrange data (accounts, events) the way the app itself would.</summary>
    public IServiceProvider Services => factory!.Services;

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

    /// <summary>A fresh, isolated browser context and page at a given viewport.</summary>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        return await context.NewPageAsync();
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
        }
    }
}

[CollectionDefinition(Name)]
public sealed class AppGroup : ICollectionFixture<AppFixture>
{
    public const string Name = "app";
}
