using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Timeline.Web.Features.Editing;
using Timeline.Web.Data;
using Timeline.Web.Tests.Infrastructure;

namespace Timeline.Web.Tests.Newsroom;

/// <summary>
/// Corrections in public: a change to a published event saved as a correction or an update shows readers the note and
/// the date on the event, beside its date in the timeline and in the timeline's corrections list; a small fix shows
/// nothing; drafts never show any.
/// </summary>
public class CorrectionTests : IDisposable
{
    private const string Slug = "north-korean-workers-in-russia";
    private const string EventSlug = "un-resolution-2375";
    private const string Note = "An earlier version gave the date of the vote as 12 September.";
    private static readonly EditorIdentity Editor = new(null, "editor@example.org");
    private readonly TimelineAppFactory app;

    public CorrectionTests()
        : this(DatabaseProvider.Sqlite)
    {
    }

    /// <summary>For the same tests on another engine.</summary>
    protected CorrectionTests(DatabaseProvider provider) => app = new TimelineAppFactory { Provider = provider };

    public void Dispose()
    {
        app.Dispose();
        GC.SuppressFinalize(this);
    }

    private async Task<int> EventIdAsync(string slug)
    {
        var id = 0;
        await app.WithDbAsync(db =>
        {
            id = db.Events.Single(e => e.TimelineId == 1 && e.Slug == slug).Id;
            return Task.CompletedTask;
        });
        return id;
    }

    private async Task<SaveResult<int>> EditAsync(int id, PublicChange change, string? note, Action<EventInput>? edit = null)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var events = scope.ServiceProvider.GetRequiredService<EventEditor>();
        var input = (await events.LoadAsync(id))!.Input;
        input.Summary += " (Checked.)";
        edit?.Invoke(input);
        input.Change = change;
        input.ChangeNote = note;
        return await events.SaveAsync(input, Editor);
    }

    private static async Task<string> GetAsync(HttpClient client, string path) => await client.GetStringAsync(new Uri(path, UriKind.Relative));

    [Fact]
    public async Task A_correction_shows_its_note_and_date_on_the_event_in_the_timeline_and_in_the_corrections_list()
    {
        var client = app.CreateClient();
        // Cached before the correction: the save must evict these.
        Assert.DoesNotContain(Note, await GetAsync(client, $"/t/{Slug}/e/{EventSlug}"), StringComparison.Ordinal);
        Assert.Contains("No event of this timeline has been corrected", await GetAsync(client, $"/t/{Slug}/corrections"), StringComparison.Ordinal);
        var id = await EventIdAsync(EventSlug);

        var saved = await EditAsync(id, PublicChange.Correction, Note);

        Assert.True(saved.Succeeded, string.Join("; ", saved.Errors.Values) + saved.Problem);
        var today = DateTimeOffset.UtcNow.UtcDateTime.ToString("d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture);
        var page = await GetAsync(client, $"/t/{Slug}/e/{EventSlug}");
        Assert.Contains("Corrections and updates", page, StringComparison.Ordinal);
        Assert.Contains(Note, page, StringComparison.Ordinal);
        Assert.Contains($"Corrected <time datetime=\"{DateTimeOffset.UtcNow:yyyy-MM-dd}\">{today}</time>", page, StringComparison.Ordinal);
        Assert.Contains($"Corrected <time", await GetAsync(client, $"/t/{Slug}"), StringComparison.Ordinal);
        var list = await GetAsync(client, $"/t/{Slug}/corrections");
        Assert.Contains(Note, list, StringComparison.Ordinal);
        Assert.Contains($"/t/{Slug}/e/{EventSlug}", list, StringComparison.Ordinal);

        // The embed says so beside the date, and the API carries the notice.
        Assert.Contains($"Corrected {today}", await GetAsync(client, $"/embed/t/{Slug}/e/{EventSlug}"), StringComparison.Ordinal);
        using (var api = System.Text.Json.JsonDocument.Parse(await GetAsync(client, $"/api/timelines/{Slug}")))
        {
            var ev = api.RootElement.GetProperty("events").EnumerateArray().Single(e => e.GetProperty("slug").GetString() == EventSlug);
            Assert.StartsWith($"{DateTimeOffset.UtcNow:yyyy-MM-dd}T", ev.GetProperty("updated").GetString(), StringComparison.Ordinal);
            var notice = Assert.Single(ev.GetProperty("notices").EnumerateArray());
            Assert.Equal("correction", notice.GetProperty("kind").GetString());
            Assert.Equal(Note, notice.GetProperty("note").GetString());
        }

        // The history says so too.
        await using var scope = app.Services.CreateAsyncScope();
        var history = await scope.ServiceProvider.GetRequiredService<EventEditor>().HistoryAsync(id);
        Assert.Contains(history, r => r.Summary.Contains(Note, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_update_says_updated_with_the_date_and_a_small_fix_shows_nothing()
    {
        var client = app.CreateClient();
        var fixedId = await EventIdAsync("us-sanctions-genco");
        Assert.True((await EditAsync(fixedId, PublicChange.None, "ignored: no notice for a small fix")).Succeeded);
        Assert.DoesNotContain("Updated <time", await GetAsync(client, $"/t/{Slug}/e/us-sanctions-genco"), StringComparison.Ordinal);
        Assert.DoesNotContain("ignored", await GetAsync(client, $"/t/{Slug}/corrections"), StringComparison.Ordinal);
        Assert.Contains("No event of this timeline has been corrected", await GetAsync(client, $"/t/{Slug}/corrections"), StringComparison.Ordinal);

        var updatedId = await EventIdAsync(EventSlug);
        Assert.True((await EditAsync(updatedId, PublicChange.Update, null)).Succeeded);
        var page = await GetAsync(client, $"/t/{Slug}/e/{EventSlug}");
        Assert.Contains("Updated <time", page, StringComparison.Ordinal);
        Assert.Contains("was updated.", await GetAsync(client, $"/t/{Slug}/corrections"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Drafts_never_show_corrections()
    {
        var client = app.CreateClient();
        await using var scope = app.Services.CreateAsyncScope();
        var events = scope.ServiceProvider.GetRequiredService<EventEditor>();
        var draft = await events.SaveAsync(new EventInput { TimelineId = 1, Title = "A draft", Slug = "a-draft", Start = "2025-05" }, Editor);
        Assert.True((await EditAsync(draft.Value, PublicChange.Correction, "A draft's correction")).Succeeded);
        var refused = await events.AddNoticeAsync(draft.Value, PublicChange.Correction, "A draft's correction", Editor);
        Assert.False(refused.Succeeded);
        Assert.Contains("draft", refused.Problem, StringComparison.Ordinal);

        // Published later, it shows no notice from its draft days.
        Assert.True((await EditAsync(draft.Value, PublicChange.None, null, input => input.IsPublished = true)).Succeeded);
        Assert.DoesNotContain("A draft's correction", await GetAsync(client, $"/t/{Slug}/e/a-draft"), StringComparison.Ordinal);

        // A corrected event that is unpublished takes its notices out of the list with it.
        var id = await EventIdAsync(EventSlug);
        Assert.True((await EditAsync(id, PublicChange.Correction, Note)).Succeeded);
        Assert.Contains(Note, await GetAsync(client, $"/t/{Slug}/corrections"), StringComparison.Ordinal);
        Assert.True((await EditAsync(id, PublicChange.None, null, input => input.IsPublished = false)).Succeeded);
        Assert.DoesNotContain(Note, await GetAsync(client, $"/t/{Slug}/corrections"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_correction_without_its_note_or_with_a_long_one_is_refused_and_nothing_changes()
    {
        var id = await EventIdAsync(EventSlug);

        var missing = await EditAsync(id, PublicChange.Correction, "  ");
        var tooLong = await EditAsync(id, PublicChange.Correction, new string('x', 201));
        var twoLines = await EditAsync(id, PublicChange.Update, "One line\nand another");

        Assert.Contains("Say in one line what was wrong", missing.Errors["ChangeNote"], StringComparison.Ordinal);
        Assert.Contains("at most 200 characters", tooLong.Errors["ChangeNote"], StringComparison.Ordinal);
        Assert.Contains("one line", twoLines.Errors["ChangeNote"], StringComparison.Ordinal);
        await app.WithDbAsync(db =>
        {
            Assert.Empty(db.EventNotices);
            Assert.DoesNotContain("(Checked.)", db.Events.Single(e => e.Id == id).Summary, StringComparison.Ordinal);
            return Task.CompletedTask;
        });
    }

    [Fact]
    public async Task A_passage_change_can_be_told_as_a_correction_on_its_own()
    {
        var client = app.CreateClient();
        var id = await EventIdAsync(EventSlug);
        await using var scope = app.Services.CreateAsyncScope();
        var events = scope.ServiceProvider.GetRequiredService<EventEditor>();

        var told = await events.AddNoticeAsync(id, PublicChange.Correction, "An earlier version quoted the wrong article.", Editor);

        Assert.True(told.Succeeded, told.Problem);
        Assert.Contains("An earlier version quoted the wrong article.", await GetAsync(client, $"/t/{Slug}/e/{EventSlug}"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri($"/t/{Slug}/corrections", UriKind.Relative))).StatusCode);
    }
}

/// <summary>Corrections readers can see, on PostgreSQL.</summary>
public sealed class CorrectionTestsOnPostgres() : CorrectionTests(DatabaseProvider.Postgres);
