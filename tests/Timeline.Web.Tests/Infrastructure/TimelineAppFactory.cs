using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Timeline.Web.Data;

namespace Timeline.Web.Tests.Infrastructure;

/// <summary>
/// The real app on a real SQLite file of its own, removed when the factory is disposed; or, as
/// <see cref="PostgresAppFactory"/>, on a database of its own on the run's real PostgreSQL server.
/// </summary>
public class TimelineAppFactory : WebApplicationFactory<Program>
{
    private string? postgresConnectionString;

    /// <summary>The engine the app runs on (its <c>Database:Provider</c> setting).</summary>
    public DatabaseProvider Provider { get; init; } = DatabaseProvider.Sqlite;

    /// <summary>On PostgreSQL, another factory's database to open (for two instances on one database).</summary>
    public string? PostgresDatabase { init => postgresConnectionString = value; }

    /// <summary>The app's connection string: the SQLite file's, or the PostgreSQL database's (created on first use).</summary>
    public string ConnectionString => Provider == DatabaseProvider.Postgres
        ? postgresConnectionString ??= PostgresServer.Instance.CreateDatabase()
        : $"Data Source={DatabasePath}";

    /// <summary>The database file; set it to reopen another app's data (for restart tests).</summary>
    public string DatabasePath { get; init; } = NewDatabasePath();

    /// <summary>When false the database file outlives this factory (for restart tests); the test removes it.</summary>
    public bool DeleteDatabaseOnDispose { get; init; } = true;

    /// <summary>Further configuration for this app (a shared Redis, say), applied after the test defaults.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    public static string NewDatabasePath()
    {
        var folder = Path.Combine(Path.GetTempPath(), "timeline-tests");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, $"{Guid.NewGuid():N}.db");
    }

    public static void DeleteDatabase(string path)
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }
    }

    /// <summary>Runs work against the app's database, for arranging and checking data.</summary>
    public async Task WithDbAsync(Func<TimelineDbContext, Task> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var factory = Services.GetRequiredService<IDbContextFactory<TimelineDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        await work(db);
    }

    /// <summary>Creates an account the way the users command does and returns its email.</summary>
    public async Task<string> CreateUserAsync(string role, string password = "integration-pass-1")
    {
        var email = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@example.org";
        await using var scope = Services.CreateAsyncScope();
        var result = await Timeline.Web.Features.Accounts.UsersCommand.CreateAsync(
            scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<EditorUser>>(),
            scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.RoleManager<Microsoft.AspNetCore.Identity.IdentityRole>>(),
            email, email, password, role);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join(", ", result.Errors.Select(e => e.Description)));
        }

        return email;
    }

    /// <summary>A client without automatic redirects, signed in through the real sign-in form.</summary>
    public async Task<HttpClient> SignedInClientAsync(string email, string password = "integration-pass-1")
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var response = await SignInAsync(client, email, password);
        if (response.StatusCode != System.Net.HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Sign-in failed: {response.StatusCode}");
        }

        return client;
    }

    /// <summary>Posts the sign-in form with its antiforgery token, as a browser would.</summary>
    public static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string email, string password)
    {
        ArgumentNullException.ThrowIfNull(client);
        var form = await client.GetStringAsync(new Uri("/account/login", UriKind.Relative));
        var token = System.Text.RegularExpressions.Regex.Match(form, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["_handler"] = "login",
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });
        return await client.PostAsync(new Uri("/account/login", UriKind.Relative), content);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseEnvironment("Testing");
        // Serve the build's static web assets (site CSS, MudBlazor) as in Development, so pages look as readers see them.
        builder.UseStaticWebAssets();
        builder.UseSetting("Database:Provider", Provider.ToString().ToLowerInvariant());
        builder.UseSetting("ConnectionStrings:Timeline", ConnectionString);
        // Every test request comes from the same (unknown) address, far faster than readers: the read limit is tested
        // on its own (RateLimitTests) with a limit of its own.
        builder.UseSetting("RateLimits:ReadsPerMinute", "100000");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && DeleteDatabaseOnDispose)
        {
            RemoveDatabase();
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (DeleteDatabaseOnDispose)
        {
            RemoveDatabase();
        }

        GC.SuppressFinalize(this);
    }

    private void RemoveDatabase()
    {
        if (Provider == DatabaseProvider.Postgres)
        {
            if (postgresConnectionString is not null)
            {
                PostgresServer.Instance.DropDatabase(postgresConnectionString);
                postgresConnectionString = null;
            }
        }
        else
        {
            DeleteDatabase(DatabasePath);
        }
    }
}
