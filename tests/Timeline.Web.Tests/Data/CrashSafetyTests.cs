using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Timeline.Web.Tests.Infrastructure;

namespace Timeline.Web.Tests.Data;

/// <summary>
/// A large write killed with SIGKILL half-way leaves a sound database: the generator's timeline is there whole or not
/// at all, <c>PRAGMA integrity_check</c> is ok, and the app starts on it again.
/// </summary>
public sealed class CrashSafetyTests : IDisposable
{
    private readonly string databasePath = TimelineAppFactory.NewDatabasePath();

    public void Dispose() => TimelineAppFactory.DeleteDatabase(databasePath);

    [Fact]
    public async Task Killing_the_generator_mid_write_leaves_the_database_whole_and_the_timeline_all_or_nothing()
    {
        // A first run migrates the database, so that the killed run is busy writing rows, not creating tables.
        Assert.Equal(0, await RunToEndAsync("users", "add", "first@example.org"));
        var app = typeof(Program).Assembly.Location;
        var start = Start(app, "generate", "--events", "60000", "--excerpts", "120000", "--sources", "400", "--slug", "killed");
        using var generator = Process.Start(start)!;
        var wal = databasePath + "-wal";

        // Kill it once its transaction is well under way (its log has grown), or let it finish if it is that fast.
        SpinWait.SpinUntil(() => generator.HasExited || (File.Exists(wal) && new FileInfo(wal).Length > 8_000_000), TimeSpan.FromMinutes(3));
        var killed = !generator.HasExited;
        generator.Kill(entireProcessTree: true);
        await generator.WaitForExitAsync();

        Assert.Equal("ok", Scalar("PRAGMA integrity_check;"));
        var events = (long)Scalar("SELECT COUNT(*) FROM Events e JOIN Timelines t ON t.Id = e.TimelineId WHERE t.Slug = 'killed';")!;
        Assert.True(events is 0 or 60000, $"{events} events of the killed timeline: a write was half kept");
        Assert.Equal(killed ? 0L : 60000L, events);

        // The app starts again on the database, and a command still works.
        Assert.Equal(0, await RunToEndAsync("users", "add", "second@example.org"));
        Assert.Equal(2L, Scalar("SELECT COUNT(*) FROM AspNetUsers;"));
    }

    private object? Scalar(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={databasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private ProcessStartInfo Start(string app, params string[] args)
    {
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

        start.Environment["ConnectionStrings__Timeline"] = $"Data Source={databasePath}";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        return start;
    }

    private async Task<int> RunToEndAsync(params string[] args)
    {
        using var process = Process.Start(Start(typeof(Program).Assembly.Location, args))!;
        await process.StandardInput.WriteLineAsync("a-strong-password-9");
        process.StandardInput.Close();
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode;
    }
}
