using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Timeline.Domain;
using Timeline.Web.Data;
using Timeline.Web.Features.Editing;
using Timeline.Web.Tests.Infrastructure;

namespace Timeline.Web.Tests.Editing;

/// <summary>The rules that protect the data, exercised through the editor's services on a real database.</summary>
public class EditingServiceTests : IAsyncLifetime, IDisposable
{
    private static readonly EditorIdentity Ada = new("ada-id", "ada@example.org");
    private static readonly EditorIdentity Bo = new("bo-id", "bo@example.org");
    private readonly TimelineAppFactory app;

    public EditingServiceTests()
        : this(DatabaseProvider.Sqlite)
    {
    }

    /// <summary>For the same tests on another engine.</summary>
    protected EditingServiceTests(DatabaseProvider provider) => app = new TimelineAppFactory { Provider = provider };
    private AsyncServiceScope scope;

    private EventEditor Events => scope.ServiceProvider.GetRequiredService<EventEditor>();

    private SourceEditor Sources => scope.ServiceProvider.GetRequiredService<SourceEditor>();

    private TimelineEditor Timelines => scope.ServiceProvider.GetRequiredService<TimelineEditor>();

    public Task InitializeAsync()
    {
        scope = app.Services.CreateAsyncScope();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await scope.DisposeAsync();

    public void Dispose()
    {
        app.Dispose();
        GC.SuppressFinalize(this);
    }

    [Theory]
    [InlineData("2019-02-30", null, "Start", "not a date")]
    [InlineData("2019-13", null, "Start", "Month must be between 1 and 12")]
    [InlineData("", null, "Start", "Enter a date")]
    [InlineData("2020-05", "2019", "End", "before the start")]
    public async Task Bad_dates_are_refused_at_their_field_and_nothing_is_saved(string start, string? end, string field, string message)
    {
        var before = await CountEventsAsync();

        var result = await Events.SaveAsync(NewEvent(start: start, end: end), Ada);

        Assert.False(result.Succeeded);
        Assert.Contains(message, result.Errors[field], StringComparison.Ordinal);
        Assert.Equal(before, await CountEventsAsync());
    }

    [Fact]
    public async Task Empty_title_and_bad_slug_are_refused()
    {
        var result = await Events.SaveAsync(NewEvent(title: "  ", slug: "Not A Slug"), Ada);

        Assert.Contains("title", result.Errors["Title"], StringComparison.Ordinal);
        Assert.Contains("lowercase", result.Errors["Slug"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_slug_already_used_in_the_timeline_is_refused()
    {
        var result = await Events.SaveAsync(NewEvent(slug: "un-resolution-2375"), Ada);

        Assert.Contains("already uses this slug", result.Errors["Slug"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Text_over_the_stated_limit_is_refused()
    {
        var result = await Events.SaveAsync(NewEvent(title: new string('x', Limits.Title + 1)), Ada);

        Assert.Contains("under 200 characters", result.Errors["Title"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Creating_and_changing_an_event_records_revisions_with_who_and_what()
    {
        var id = (await Events.SaveAsync(NewEvent(), Ada)).Value;
        var loaded = await Events.LoadAsync(id);
        loaded!.Input.Title = "A better title";
        loaded.Input.Tags = ["sanctions", "new tag"];
        Assert.True((await Events.SaveAsync(loaded.Input, Bo)).Succeeded);

        var history = await Events.HistoryAsync(id);

        Assert.Equal(2, history.Count);
        Assert.Equal(RevisionAction.Updated, history[0].Action);
        Assert.Equal("bo@example.org", history[0].UserName);
        Assert.Contains("title", history[0].Summary, StringComparison.Ordinal);
        Assert.Equal(RevisionAction.Created, history[1].Action);
        Assert.Equal("ada@example.org", history[1].UserName);
        Assert.Equal(["new tag", "sanctions"], (await Events.LoadAsync(id))!.Input.Tags);
    }

    [Fact]
    public async Task The_later_of_two_saves_is_refused_and_told_what_the_other_changed()
    {
        var id = (await Events.SaveAsync(NewEvent(), Ada)).Value;
        var first = (await Events.LoadAsync(id))!.Input;
        var second = (await Events.LoadAsync(id))!.Input;

        first.Title = "Ada's title";
        Assert.True((await Events.SaveAsync(first, Ada)).Succeeded);
        second.Summary = "Bo's summary";
        var result = await Events.SaveAsync(second, Bo);

        Assert.NotNull(result.Conflict);
        Assert.Equal("ada@example.org", result.Conflict.ChangedBy);
        var change = Assert.Single(result.Conflict.Changes);
        Assert.Equal("Title", change.Field);
        Assert.Equal("Ada's title", change.After);
        Assert.Equal("Ada's title", (await Events.LoadAsync(id))!.Input.Title);
        Assert.Equal("", (await Events.LoadAsync(id))!.Input.Summary);
    }

    [Fact]
    public async Task Restoring_a_revision_brings_back_the_old_state_as_a_new_revision()
    {
        var id = (await Events.SaveAsync(NewEvent(summary: "Old words."), Ada)).Value;
        var loaded = (await Events.LoadAsync(id))!.Input;
        loaded.Summary = "New words.";
        await Events.SaveAsync(loaded, Ada);
        var created = (await Events.HistoryAsync(id))[^1];

        var result = await Events.RestoreRevisionAsync(id, created.Id, Bo);

        Assert.True(result.Succeeded);
        Assert.Equal("Old words.", (await Events.LoadAsync(id))!.Input.Summary);
        Assert.Equal(RevisionAction.Restored, (await Events.HistoryAsync(id))[0].Action);
    }

    [Fact]
    public async Task Deleted_events_go_to_the_trash_and_come_back()
    {
        var id = (await Events.SaveAsync(NewEvent(), Ada)).Value;

        await Events.DeleteAsync(id, Ada);
        Assert.Null(await Events.LoadAsync(id));
        var trash = await scope.ServiceProvider.GetRequiredService<EditorOverview>().TrashAsync();
        Assert.Contains(trash, t => t.Subject == RevisionSubject.Event && t.Id == id);

        await Events.RestoreFromTrashAsync(id, Bo);
        Assert.NotNull(await Events.LoadAsync(id));
    }

    [Fact]
    public async Task Attaching_a_selection_stores_exact_prefix_suffix_and_position()
    {
        var (sourceId, text) = await SourceAsync("The Moscow Times");
        const string passage = "A 2017 UN Security Council resolution bans North Korean workers from earning income abroad.";
        var start = text.IndexOf(passage, StringComparison.Ordinal);
        var eventId = (await Events.SaveAsync(NewEvent(), Ada)).Value;

        // Whitespace around a mouse selection is trimmed.
        var result = await Events.AttachAsync(eventId, sourceId, start - 1, start + passage.Length + 1, ExcerptRole.Disputes, Ada);

        Assert.True(result.Succeeded, result.Problem);
        await app.WithDbAsync(async db =>
        {
            var excerpt = await db.Excerpts.SingleAsync(x => x.Id == result.Value);
            Assert.Equal(passage, excerpt.Exact);
            Assert.Equal(start, excerpt.Start);
            Assert.Equal(start + passage.Length, excerpt.End);
            Assert.Equal(text[(start - excerpt.Prefix.Length)..start], excerpt.Prefix);
            Assert.StartsWith(excerpt.Suffix, text[excerpt.End..], StringComparison.Ordinal);
            Assert.Equal(ExcerptRole.Disputes, (await db.EventExcerpts.SingleAsync(l => l.EventId == eventId)).Role);
        });
    }

    [Fact]
    public async Task Excerpts_can_be_reordered_re_roled_and_detached()
    {
        var (sourceId, text) = await SourceAsync("The Moscow Times");
        var eventId = (await Events.SaveAsync(NewEvent(), Ada)).Value;
        var a = (await Events.AttachAsync(eventId, sourceId, 0, 0 + FirstWordsLength(text, 0), ExcerptRole.Supports, Ada)).Value;
        var bStart = text.IndexOf("Earlier this week", StringComparison.Ordinal);
        var b = (await Events.AttachAsync(eventId, sourceId, bStart, bStart + 17, ExcerptRole.Supports, Ada)).Value;

        await Events.MoveAsync(eventId, b, -1, Ada);
        await Events.SetRoleAsync(eventId, a, ExcerptRole.Context, Ada);
        var loaded = (await Events.LoadAsync(eventId))!;
        Assert.Equal([b, a], loaded.Excerpts.Select(x => x.ExcerptId));
        Assert.Equal(ExcerptRole.Context, loaded.Excerpts[1].Role);

        await Events.DetachAsync(eventId, b, Ada);
        Assert.Equal([a], (await Events.LoadAsync(eventId))!.Excerpts.Select(x => x.ExcerptId));
    }

    [Fact]
    public async Task Editing_a_source_text_re_anchors_its_excerpts_and_reports_moved_and_broken()
    {
        var (sourceId, _) = await SourceAsync("The Moscow Times");
        var source = (await Sources.LoadAsync(sourceId))!;
        var input = source.Input;
        var removed = "A 2017 UN Security Council resolution bans North Korean workers from earning income abroad.";
        input.Text = "Editor's note: this article was updated.\n" + input.Text.Replace(removed, "", StringComparison.Ordinal);

        var result = await Sources.SaveAsync(input, Ada);

        Assert.True(result.Succeeded);
        var outcomes = result.Value!.Excerpts;
        Assert.Contains(outcomes, o => o.Status == AnchorStatus.Moved);
        var broken = Assert.Single(outcomes, o => o.Status == AnchorStatus.Broken);
        Assert.Equal(removed, broken.Quote);
        await app.WithDbAsync(async db =>
        {
            var text = (await db.Sources.SingleAsync(s => s.Id == sourceId)).Text;
            foreach (var x in await db.Excerpts.Where(x => x.SourceId == sourceId && x.Anchor != AnchorStatus.Broken).ToListAsync())
            {
                Assert.Equal(x.Exact, text[x.Start..x.End]);
            }
        });
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("ftp://example.org/a")]
    [InlineData("not a url")]
    public async Task A_source_url_that_is_not_http_or_https_is_refused(string url)
    {
        var result = await Sources.SaveAsync(new SourceInput { Title = "T", Outlet = "O", Text = "Some text.", Url = url }, Ada);

        Assert.Contains("http", result.Errors["Url"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("17/04/2025", "Enter the day the text was captured as YYYY-MM-DD")]
    [InlineData("2025-4-17", "Enter the day the text was captured as YYYY-MM-DD")]
    [InlineData("2025-04", "Give the whole day the text was captured")]
    [InlineData("2025-02-30", "2025-02-30 is not a date: February 2025 has 28 days.")]
    [InlineData("2025-13-01", "Month must be between 1 and 12.")]
    [InlineData("9999-12-31", "9999-12-31 has not come yet")]
    public async Task A_capture_date_that_is_not_a_past_day_is_refused_at_its_field_and_nothing_is_saved(string capturedOn, string message)
    {
        var title = $"Captured {Guid.NewGuid():N}";

        var result = await Sources.SaveAsync(new SourceInput { Title = title, Outlet = "O", Text = "Some text.", CapturedOn = capturedOn }, Ada);

        Assert.False(result.Succeeded);
        Assert.Contains(message, result.Errors["CapturedOn"], StringComparison.Ordinal);
        Assert.Equal([nameof(SourceInput.CapturedOn)], result.Errors.Keys);
        await app.WithDbAsync(async db => Assert.False(await db.Sources.AnyAsync(s => s.Title == title)));
    }

    [Fact]
    public async Task A_capture_date_is_saved_shown_in_the_form_and_recorded_in_the_source_history()
    {
        var id = (await Sources.SaveAsync(new SourceInput { Title = "Captured", Outlet = "O", Text = "Some text.", CapturedOn = " 2025-04-17 " }, Ada)).Value!.Id;
        var input = (await Sources.LoadAsync(id))!.Input;
        Assert.Equal("2025-04-17", input.CapturedOn);
        input.CapturedOn = "2025-04-18";

        Assert.True((await Sources.SaveAsync(input, Ada)).Succeeded);

        await app.WithDbAsync(async db => Assert.Equal(new DateOnly(2025, 4, 18), (await db.Sources.SingleAsync(s => s.Id == id)).CapturedOn));
        var history = scope.ServiceProvider.GetRequiredService<RevisionHistory>();
        var latest = (await history.ListAsync(RevisionSubject.Source, id))[0].Id;
        var change = Assert.Single(await history.ChangesAsync(RevisionSubject.Source, id, latest));
        Assert.Equal("Captured on", change.Field);
        Assert.Contains(change.Pieces, p => p.Kind == DiffKind.Added && p.Text.Contains("2025-04-18", StringComparison.Ordinal));
    }

    [Fact]
    public void A_capture_date_of_today_is_taken_wherever_the_editor_is_but_tomorrow_everywhere_is_not()
    {
        // 23:30 UTC on 2 December: already 3 December east of UTC+0, and still 2 December to the west.
        var now = new DateTimeOffset(2026, 12, 2, 23, 30, 0, TimeSpan.Zero);
        static SourceInput Captured(string day) => new() { Title = "T", Outlet = "O", Text = "Some text.", CapturedOn = day };

        Assert.Empty(EditValidation.Validate(Captured("2026-12-03"), now));
        Assert.Contains("has not come yet", EditValidation.Validate(Captured("2026-12-04"), now)["CapturedOn"], StringComparison.Ordinal);
        Assert.Empty(EditValidation.Validate(Captured("2026-12-04")));
    }

    [Fact]
    public async Task A_timeline_slug_must_be_unique()
    {
        var result = await Timelines.SaveAsync(new TimelineInput { Title = "Copy", Slug = "north-korean-workers-in-russia" }, Ada);

        Assert.Contains("already uses this slug", result.Errors["Slug"], StringComparison.Ordinal);
    }

    private static int FirstWordsLength(string text, int from) => text.IndexOf('\n', text.IndexOf("Wildberries", from, StringComparison.Ordinal)) - from;

    private static EventInput NewEvent(string title = "A new event", string? slug = null, string start = "2025-05", string? end = null, string summary = "") => new()
    {
        TimelineId = 1,
        Title = title,
        Slug = slug ?? $"new-{Guid.NewGuid():N}"[..16],
        Start = start,
        End = end,
        Summary = summary,
    };

    private async Task<int> CountEventsAsync()
    {
        var count = 0;
        await app.WithDbAsync(async db => count = await db.Events.IgnoreQueryFilters().CountAsync());
        return count;
    }

    private async Task<(int Id, string Text)> SourceAsync(string outlet)
    {
        (int, string) found = default;
        await app.WithDbAsync(async db => found = await db.Sources.Where(s => s.Outlet == outlet).Select(s => new ValueTuple<int, string>(s.Id, s.Text)).FirstAsync());
        return found;
    }
}

/// <summary>The rules that protect the data, on PostgreSQL.</summary>
public sealed class EditingServiceTestsOnPostgres() : EditingServiceTests(DatabaseProvider.Postgres);
