using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Timeline.Web.Tests.Infrastructure;

namespace Timeline.Web.Tests.Data;

/// <summary>
/// The README's online backup: <c>VACUUM INTO</c> on the live database, while the app serves it, gives a file the app
/// opens as it was, with every row and the full-text index.
/// </summary>
public sealed class OnlineBackupTests : IDisposable
{
    private readonly TimelineAppFactory app = new();
    private readonly string backup = TimelineAppFactory.NewDatabasePath();

    public void Dispose()
    {
        app.Dispose();
        TimelineAppFactory.DeleteDatabase(backup);
    }

    [Fact]
    public async Task A_backup_taken_while_the_app_runs_restores_into_an_app_with_the_same_data()
    {
        var live = await app.CreateClient().GetStringAsync(new Uri("/api/timelines/north-korean-workers-in-russia", UriKind.Relative));
        (int Events, int Excerpts, int Revisions) before = default;
        await app.WithDbAsync(async db => before = (await db.Events.CountAsync(), await db.Excerpts.CountAsync(), await db.Revisions.CountAsync()));

        await using (var connection = new SqliteConnection($"Data Source={app.DatabasePath}"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "VACUUM INTO $path;";
            command.Parameters.AddWithValue("$path", backup);
            await command.ExecuteNonQueryAsync();
        }

        await using var restored = new TimelineAppFactory { DatabasePath = backup, DeleteDatabaseOnDispose = false };
        var client = restored.CreateClient();
        Assert.Equal(live, await client.GetStringAsync(new Uri("/api/timelines/north-korean-workers-in-russia", UriKind.Relative)));
        (int Events, int Excerpts, int Revisions) after = default;
        await restored.WithDbAsync(async db => after = (await db.Events.CountAsync(), await db.Excerpts.CountAsync(), await db.Revisions.CountAsync()));
        Assert.Equal(before, after);
        var search = await client.GetAsync(new Uri("/search?q=Wildberries", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, search.StatusCode);
        Assert.Contains("Wildberries", await search.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await restored.WithDbAsync(async db =>
            Assert.Equal("ok", await db.Database.SqlQueryRaw<string>("PRAGMA integrity_check").ToListAsync() is [var result] ? result : "several answers"));
    }
}
