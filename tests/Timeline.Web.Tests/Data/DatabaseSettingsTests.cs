using System.Net;
using System.Net.Sockets;
using Timeline.Web.Tests.Infrastructure;

namespace Timeline.Web.Tests.Data;

/// <summary>A database setting that cannot work stops the app with one sentence that says what to fix, never a stack trace.</summary>
public sealed class DatabaseSettingsTests
{
    public static TheoryData<string, string?, string> BadSettings => new()
    {
        { "mysql", "Data Source=x.db", "Database:Provider is 'mysql'" },
        { "postgres", null, "ConnectionStrings:Timeline is not set" },
        { "postgres", "Data Source=data/timeline.db", "is not a PostgreSQL connection string" },
        { "postgres", "Database=timeline;Username=timeline", "names no PostgreSQL server" },
        { "postgres", $"Host=127.0.0.1;Port={UnusedPort()};Username=timeline;Database=timeline;Timeout=5", "cannot be reached" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public async Task The_server_refuses_to_start_with_a_clear_message(string provider, string? connectionString, string message)
    {
        var result = await AppProcess.RunAsync(Settings(provider, connectionString), "");

        Assert.Equal(1, result.Exit);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_command_on_an_unreachable_postgres_says_so_and_changes_nothing()
    {
        var result = await AppProcess.RunAsync(
            Settings("postgres", $"Host=127.0.0.1;Port={UnusedPort()};Username=timeline;Database=timeline;Timeout=5"), "", "backup", "-");

        Assert.Equal(1, result.Exit);
        Assert.Contains("cannot be reached", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.All, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Settings(string provider, string? connectionString) => new()
    {
        ["Database__Provider"] = provider,
        // An empty value unsets what appsettings gives.
        ["ConnectionStrings__Timeline"] = connectionString ?? "",
    };

    /// <summary>A port nothing listens on: taken from the system, then let go.</summary>
    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
