using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Timeline.Web.Data;
using Timeline.Web.Features.Editing;
using Timeline.Web.Tests.Infrastructure;

namespace Timeline.Web.Tests.Editing;

/// <summary>
/// A disputing passage carries what it differs in and a note naming it: saved with a revision, refused when too long
/// or on a passage that does not dispute, and shown to readers beside the passages and in the disagreements list.
/// </summary>
public sealed class DisputeNoteTests : IAsyncLifetime, IDisposable
{
    private static readonly EditorIdentity Ada = new("ada-id", "ada@example.org");
    private readonly TimelineAppFactory app = new();
    private AsyncServiceScope scope;

    private EventEditor Events => scope.ServiceProvider.GetRequiredService<EventEditor>();

    public Task InitializeAsync()
    {
        scope = app.Services.CreateAsyncScope();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await scope.DisposeAsync();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task A_note_on_a_disputing_passage_is_saved_recorded_and_shown_to_readers_beside_it()
    {
        var (slug, eventId, disputing, supporting) = await PublishedDisputeAsync();
        const string Note = "The Test Gazette gives 500 workers; the Test Herald gives 5,000.";

        var result = await Events.SetDisputeAsync(eventId, disputing, Difference.Figure, "  The Test Gazette gives 500 workers;\n the Test Herald gives 5,000.  ", Ada);

        Assert.True(result.Succeeded, result.Problem);
        var loaded = (await Events.LoadAsync(eventId))!;
        var link = loaded.Excerpts.Single(x => x.ExcerptId == disputing);
        Assert.Equal(Difference.Figure, link.Differs);
        Assert.Equal(Note, link.Note);
        Assert.Null(loaded.Excerpts.Single(x => x.ExcerptId == supporting).Note);
        var history = await Events.HistoryAsync(eventId);
        Assert.Equal("Noted what a disputing passage differs in", history[0].Summary);

        var page = await app.CreateClient().GetStringAsync(new Uri($"/t/{slug}/e/dispute-event", UriKind.Relative));
        var text = WebUtility.HtmlDecode(page);
        Assert.Contains("They differ on the figure", text, StringComparison.Ordinal);
        Assert.Contains("What differs: the figure</strong>. <span class=\"dispute-note__text\">" + Note + "</span>", text, StringComparison.Ordinal);

        var list = WebUtility.HtmlDecode(await app.CreateClient().GetStringAsync(new Uri($"/t/{slug}/disagreements", UriKind.Relative)));
        Assert.Contains(Note, list, StringComparison.Ordinal);

        var timeline = WebUtility.HtmlDecode(await app.CreateClient().GetStringAsync(new Uri($"/t/{slug}", UriKind.Relative)));
        Assert.Contains("Sources disagree on the figure", timeline, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_note_over_one_sentence_is_refused_and_nothing_changes()
    {
        var (_, eventId, disputing, _) = await PublishedDisputeAsync();
        await Events.SetDisputeAsync(eventId, disputing, Difference.Date, "The first note.", Ada);

        var result = await Events.SetDisputeAsync(eventId, disputing, Difference.Figure, new string('x', Limits.DisputeNote + 1), Ada);

        Assert.False(result.Succeeded);
        Assert.Contains("at most 200", result.Errors["Note"], StringComparison.Ordinal);
        var link = (await Events.LoadAsync(eventId))!.Excerpts.Single(x => x.ExcerptId == disputing);
        Assert.Equal(Difference.Date, link.Differs);
        Assert.Equal("The first note.", link.Note);
    }

    [Fact]
    public async Task Only_a_disputing_passage_takes_a_note()
    {
        var (_, eventId, _, supporting) = await PublishedDisputeAsync();

        var result = await Events.SetDisputeAsync(eventId, supporting, Difference.Figure, "A note.", Ada);

        Assert.False(result.Succeeded);
        Assert.Contains("mark it as disputing first", result.Problem, StringComparison.Ordinal);
        Assert.Null((await Events.LoadAsync(eventId))!.Excerpts.Single(x => x.ExcerptId == supporting).Note);
    }

    [Fact]
    public async Task Restoring_a_revision_brings_back_the_note_it_had()
    {
        var (_, eventId, disputing, _) = await PublishedDisputeAsync();
        await Events.SetDisputeAsync(eventId, disputing, Difference.Wording, "First wording note.", Ada);
        var first = (await Events.HistoryAsync(eventId))[0].Id;
        await Events.SetDisputeAsync(eventId, disputing, Difference.Fact, "Second note.", Ada);

        var restored = await Events.RestoreRevisionAsync(eventId, first, Ada);

        Assert.True(restored.Succeeded, restored.Problem);
        var link = (await Events.LoadAsync(eventId))!.Excerpts.Single(x => x.ExcerptId == disputing);
        Assert.Equal(Difference.Wording, link.Differs);
        Assert.Equal("First wording note.", link.Note);
    }

    /// <summary>A published timeline of this test's own with one event backed by a supporting and a disputing passage.</summary>
    private async Task<(string Slug, int EventId, int Disputing, int Supporting)> PublishedDisputeAsync()
    {
        var timelines = scope.ServiceProvider.GetRequiredService<TimelineEditor>();
        var sources = scope.ServiceProvider.GetRequiredService<SourceEditor>();
        var slug = $"disputes-{Guid.NewGuid():N}"[..20];
        var timelineId = (await timelines.SaveAsync(new TimelineInput { Title = "Dispute notes", Slug = slug, IsPublished = true }, Ada)).Value;
        const string Text = "The Test Gazette counted 500 workers at the site. The Test Herald counted 5,000 workers there.";
        var source = (await sources.SaveAsync(new SourceInput { Title = "Counting workers", Outlet = "The Test Gazette", Text = Text }, Ada)).Value!.Id;
        var eventId = (await Events.SaveAsync(new EventInput { TimelineId = timelineId, Title = "Workers counted", Slug = "dispute-event", Start = "2025-04", IsPublished = true }, Ada)).Value;
        var supporting = (await Events.AttachAsync(eventId, source, 0, Text.IndexOf(" The Test Herald", StringComparison.Ordinal), ExcerptRole.Supports, Ada)).Value;
        var herald = Text.IndexOf("The Test Herald", StringComparison.Ordinal);
        var disputing = (await Events.AttachAsync(eventId, source, herald, Text.Length, ExcerptRole.Disputes, Ada)).Value;
        return (slug, eventId, disputing, supporting);
    }
}
