using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Timeline.Web.Tests.Infrastructure;

namespace Timeline.Web.Tests.Editing;

/// <summary>
/// The <c>users add</c> command run as an operator runs it: the app's own executable in a child process, on a real SQLite
/// file. Bad situations end with one clear sentence and exit code 1, never a stack trace, and a command never seeds.
/// </summary>
public sealed class UsersCommandProcessTests : IDisposable
{
    private const string Password = "a-strong-password-9";
    private readonly string databasePath = TimelineAppFactory.NewDatabasePath();

    public void Dispose() => TimelineAppFactory.DeleteDatabase(databasePath);

    [Fact]
    public async Task Adding_an_account_migrates_the_database_but_leaves_seeding_to_the_server()
    {
        var result = await RunAsync("users", "add", "first@example.org", "--role", "admin");

        Assert.Equal(0, result.Exit);
        Assert.Contains("Created admin first@example.org", result.Output, StringComparison.Ordinal);
        Assert.Equal(1L, Count("SELECT COUNT(*) FROM AspNetUsers"));
        Assert.Equal(0L, Count("SELECT COUNT(*) FROM Timelines"));
        AssertNoStackTrace(result);
    }

    [Fact]
    public async Task Adding_an_existing_account_says_so_and_changes_nothing()
    {
        Assert.Equal(0, (await RunAsync("users", "add", "twice@example.org")).Exit);

        var again = await RunAsync("users", "add", "TWICE@example.org", "--role", "admin");

        Assert.Equal(1, again.Exit);
        Assert.Contains("An account for TWICE@example.org already exists. Nothing was changed.", again.Output, StringComparison.Ordinal);
        Assert.Equal(1L, Count("SELECT COUNT(*) FROM AspNetUsers"));
        Assert.Equal(0L, Count("SELECT COUNT(*) FROM AspNetUserRoles ur JOIN AspNetRoles r ON r.Id = ur.RoleId WHERE r.Name = 'Admin'"));
        AssertNoStackTrace(again);
    }

    [Fact]
    public async Task A_busy_database_gives_a_clear_message_and_exit_code_1()
    {
        Assert.Equal(0, (await RunAsync("users", "add", "before@example.org")).Exit);
        await using var holder = new SqliteConnection($"Data Source={databasePath};Pooling=False");
        await holder.OpenAsync();
        await using (var begin = holder.CreateCommand())
        {
            // What a server holds while it migrates or seeds: nobody else may write until it commits.
            begin.CommandText = "BEGIN EXCLUSIVE;";
            await begin.ExecuteNonQueryAsync();
        }

        var result = await RunAsync("users", "add", "during@example.org");

        Assert.Equal(1, result.Exit);
        Assert.Contains("The database is busy", result.Output, StringComparison.Ordinal);
        AssertNoStackTrace(result);
        await using (var rollback = holder.CreateCommand())
        {
            rollback.CommandText = "ROLLBACK;";
            await rollback.ExecuteNonQueryAsync();
        }

        Assert.Equal(1L, Count("SELECT COUNT(*) FROM AspNetUsers"));
    }

    [Theory]
    [InlineData("publish", "timeline.json")]
    [InlineData("--colour", "blue")]
    [InlineData("-x")]
    [InlineData("import")]
    [InlineData("import", "timeline.json", "--into", "x")]
    [InlineData("users", "remove", "someone@example.org")]
    [InlineData("users", "add", "someone@example.org", "--colour", "blue")]
    [InlineData("users", "add", "someone@example.org", "--role", "owner")]
    [InlineData("generate", "--events", "ten")]
    public async Task An_unknown_command_or_option_prints_the_usage_and_exits_2_without_starting_the_server(params string[] args)
    {
        var result = await RunAsync(args);

        Assert.Equal(2, result.Exit);
        Assert.Contains("Usage:", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening", result.Output, StringComparison.Ordinal);
        AssertNoStackTrace(result);
        // Nothing was created: not even the database file's tables.
        Assert.False(File.Exists(databasePath) && Count("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'") > 0);
    }

    [Fact]
    public async Task Help_lists_the_commands_and_each_command_has_its_own()
    {
        var top = await RunAsync("--help");
        var add = await RunAsync("users", "add", "--help");

        Assert.Equal(0, top.Exit);
        Assert.Contains("users", top.Output, StringComparison.Ordinal);
        Assert.Contains("generate", top.Output, StringComparison.Ordinal);
        Assert.Equal(0, add.Exit);
        Assert.Contains("--role", add.Output, StringComparison.Ordinal);
        Assert.Contains("<email>", add.Output, StringComparison.Ordinal);
    }

    private static void AssertNoStackTrace((int Exit, string Output) result) =>
        Assert.DoesNotMatch(@"(?m)^\s+at \S+\(|Exception:|Unhandled", result.Output);

    private long Count(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={databasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>Runs the app's executable with a password on standard input; returns its exit code and everything it printed.</summary>
    private async Task<(int Exit, string Output)> RunAsync(params string[] args)
    {
        var app = typeof(Program).Assembly.Location;
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(app)!,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(app);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // A short busy timeout, so that the busy case answers in a second rather than SQLite's default 30.
        start.Environment["ConnectionStrings__Timeline"] = $"Data Source={databasePath};Default Timeout=1";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        using var process = Process.Start(start)!;
        await process.StandardInput.WriteLineAsync(Password);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
