using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Timeline.Web.Data;
using Timeline.Web.Features.Editing;
using Timeline.Web.Tests.Infrastructure;

namespace Timeline.Web.Tests.Search;

/// <summary>The index follows every edit at once, and readers never find what they may not see.</summary>
public class SearchIndexTests : IDisposable
{
    private const int SeedTimelineId = 1;
    private static readonly EditorIdentity Editor = new(null, "editor@example.org");
    private static readonly string[] SearchTables = ["SearchEvents", "SearchExcerpts", "SearchSources"];
    private static readonly string[] TriggerActions = ["Delete", "Insert", "Update"];
    private readonly TimelineAppFactory app;

    public SearchIndexTests()
        : this(DatabaseProvider.Sqlite)
    {
    }

    /// <summary>For the same tests on another engine.</summary>
    protected SearchIndexTests(DatabaseProvider provider) => app = new TimelineAppFactory { Provider = provider };

    public void Dispose()
    {
        app.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task A_draft_event_is_never_found_until_it_is_published()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var events = scope.ServiceProvider.GetRequiredService<EventEditor>();
        var saved = await events.SaveAsync(new EventInput { TimelineId = SeedTimelineId, Title = "Quokkafish draft hearing", Slug = "quokkafish-draft", Start = "2025-05" }, Editor);
        Assert.True(saved.Succeeded);

        Assert.Contains("Nothing matches", await SearchAsync("quokkafish"), StringComparison.Ordinal);

        var model = (await events.LoadAsync(saved.Value))!;
        model.Input.IsPublished = true;
        Assert.True((await events.SaveAsync(model.Input, Editor)).Succeeded);

        Assert.Contains("href=\"/t/north-korean-workers-in-russia/e/quokkafish-draft\"", await SearchAsync("quokkafish"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Passages_cited_only_by_a_draft_are_not_found()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var sources = scope.ServiceProvider.GetRequiredService<SourceEditor>();
        var events = scope.ServiceProvider.GetRequiredService<EventEditor>();
        var source = await sources.SaveAsync(new SourceInput { Title = "Private memo", Outlet = "Desk", Text = "The marmosetline clause was never published anywhere else." }, Editor);
        var draft = await events.SaveAsync(new EventInput { TimelineId = SeedTimelineId, Title = "Memo event", Slug = "memo-event", Start = "2025-05" }, Editor);
        Assert.True((await events.AttachAsync(draft.Value, source.Value!.Id, 4, 30, ExcerptRole.Supports, Editor)).Succeeded);

        Assert.Contains("Nothing matches", await SearchAsync("marmosetline"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unpublished_timeline_disappears_from_search_with_its_passages_and_sources()
    {
        Assert.Contains("<mark>2375</mark>", await SearchAsync("2375"), StringComparison.Ordinal);
        await using var scope = app.Services.CreateAsyncScope();
        var timelines = scope.ServiceProvider.GetRequiredService<TimelineEditor>();
        var input = (await timelines.LoadAsync(SeedTimelineId))!;
        input.IsPublished = false;
        Assert.True((await timelines.SaveAsync(input, Editor)).Succeeded);

        foreach (var query in new[] { "2375", "student visas", "Wildberries" })
        {
            Assert.Contains("Nothing matches", await SearchAsync(query), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_edited_title_is_found_at_once_and_the_old_words_no_longer_find_it()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var events = scope.ServiceProvider.GetRequiredService<EventEditor>();
        var id = await EventIdAsync("un-resolution-2375");
        var model = (await events.LoadAsync(id))!;
        model.Input.Title = "Security Council adopts the wombatville resolution";
        Assert.True((await events.SaveAsync(model.Input, Editor)).Succeeded);

        Assert.Contains("<mark>wombatville</mark>", await SearchAsync("wombatville"), StringComparison.Ordinal);
        Assert.DoesNotContain("Security Council adopts Resolution 2375", await SearchAsync("adopts"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_event_in_the_trash_is_not_found_and_comes_back_when_restored()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var events = scope.ServiceProvider.GetRequiredService<EventEditor>();
        var id = await EventIdAsync("un-resolution-2375");
        Assert.True((await events.DeleteAsync(id, Editor)).Succeeded);

        Assert.DoesNotContain("/e/un-resolution-2375\"", await SearchAsync("Resolution 2375"), StringComparison.Ordinal);

        Assert.True((await events.RestoreFromTrashAsync(id, Editor)).Succeeded);
        Assert.Contains("/e/un-resolution-2375\"", await SearchAsync("Resolution 2375"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_changed_source_text_is_searched_as_it_now_reads()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var sources = scope.ServiceProvider.GetRequiredService<SourceEditor>();
        var model = (await sources.LoadAsync(1))!;
        model.Input.Text += "\n\nAn added closing line mentions the capybaraport inquiry.";
        Assert.True((await sources.SaveAsync(model.Input, Editor)).Succeeded);

        Assert.Contains("href=\"/sources/1\"", await SearchAsync("capybaraport"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Titles_from_editors_are_shown_as_text_never_as_markup()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var events = scope.ServiceProvider.GetRequiredService<EventEditor>();
        var saved = await events.SaveAsync(new EventInput
        {
            TimelineId = SeedTimelineId, Title = "<script>alert(1)</script> pangolinade", Slug = "pangolinade", Start = "2025-05",
            Summary = "<img src=x onerror=alert(2)> pangolinade **bold**", IsPublished = true,
        }, Editor);
        Assert.True(saved.Succeeded);

        var html = await SearchAsync("pangolinade");

        Assert.DoesNotContain("<script>alert(1)", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img src=x", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; <mark>pangolinade</mark>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_search_trigger_survives_the_migrations()
    {
        app.CreateClient();
        if (app.Provider == DatabaseProvider.Postgres)
        {
            // PostgreSQL's index is a generated column of each table, with its GIN index (migration Postgres/Search).
            var indexes = new List<string>();
            await app.WithDbAsync(async db => indexes = await db.Database.SqlQueryRaw<string>(
                """SELECT indexname AS "Value" FROM pg_indexes WHERE indexdef LIKE '%USING gin ("SearchVector")%' ORDER BY indexname""").ToListAsync());
            Assert.Equal(["IX_Events_SearchVector", "IX_Excerpts_SearchVector", "IX_Sources_SearchVector"], indexes);
            return;
        }

        // A later migration that rebuilds Events, Excerpts or Sources (SQLite's way to alter a column) drops their triggers.
        await using var connection = new SqliteConnection($"Data Source={app.DatabasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'Search%' ORDER BY name";
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }

        var expected = SearchTables.SelectMany(t => TriggerActions.Select(a => $"{t}_After{a}")).Order(StringComparer.Ordinal);
        Assert.Equal(expected, names);
    }

    private async Task<string> SearchAsync(string query) =>
        await app.CreateClient().GetStringAsync(new Uri($"/search?q={Uri.EscapeDataString(query)}", UriKind.Relative));

    private async Task<int> EventIdAsync(string slug)
    {
        var id = 0;
        await app.WithDbAsync(async db => id = await db.Events.Where(e => e.Slug == slug).Select(e => e.Id).SingleAsync());
        return id;
    }
}

/// <summary>The index follows every edit, on PostgreSQL.</summary>
public sealed class SearchIndexTestsOnPostgres() : SearchIndexTests(DatabaseProvider.Postgres);
