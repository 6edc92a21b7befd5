using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Timeline.Domain;
using Timeline.Web.Data;
using Timeline.Web.Features.Editing;
using Timeline.Web.Tests.Infrastructure;

namespace Timeline.Web.Tests.Editing;

/// <summary>History for everything: what each revision of a timeline, event or source changed, and restoring any of them.</summary>
public class HistoryTests : IAsyncLifetime, IDisposable
{
    private static readonly EditorIdentity Ada = new("ada-id", "ada@example.org");
    private readonly TimelineAppFactory app;

    public HistoryTests()
        : this(DatabaseProvider.Sqlite)
    {
    }

    /// <summary>For the same tests on another engine.</summary>
    protected HistoryTests(DatabaseProvider provider) => app = new TimelineAppFactory { Provider = provider };
    private AsyncServiceScope scope;

    private RevisionHistory History => scope.ServiceProvider.GetRequiredService<RevisionHistory>();

    private TimelineEditor Timelines => scope.ServiceProvider.GetRequiredService<TimelineEditor>();

    private SourceEditor Sources => scope.ServiceProvider.GetRequiredService<SourceEditor>();

    private EventEditor Events => scope.ServiceProvider.GetRequiredService<EventEditor>();

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

    [Fact]
    public async Task A_timeline_revision_shows_its_changes_word_by_word_and_restores_them()
    {
        var id = (await Timelines.SaveAsync(new TimelineInput { Title = "Workers abroad", Slug = $"h-{Guid.NewGuid():N}"[..14], Description = "About 11,000 troops were sent." }, Ada)).Value;
        var first = await Timelines.LoadAsync(id);
        first!.Description = "About 14,000 troops were sent.";
        first.Title = "Workers and troops abroad";
        Assert.True((await Timelines.SaveAsync(first, Ada)).Succeeded);
        var revisions = await History.ListAsync(RevisionSubject.Timeline, id);

        var changes = await History.ChangesAsync(RevisionSubject.Timeline, id, revisions[0].Id);

        Assert.Equal(["Title", "Description"], changes.Select(c => c.Field));
        var description = changes.Single(c => c.Field == "Description").Pieces;
        Assert.Contains(new DiffPiece(DiffKind.Removed, "11,000 "), description);
        Assert.Contains(new DiffPiece(DiffKind.Added, "14,000 "), description);

        var restored = await Timelines.RestoreRevisionAsync(id, revisions[^1].Id, Ada);

        Assert.True(restored.Succeeded, restored.Problem);
        var now = await Timelines.LoadAsync(id);
        Assert.Equal("Workers abroad", now!.Title);
        Assert.Equal("About 11,000 troops were sent.", now.Description);
        var after = await History.ListAsync(RevisionSubject.Timeline, id);
        Assert.Equal(RevisionAction.Restored, after[0].Action);
        Assert.Equal(3, after.Count);
    }

    [Fact]
    public async Task A_revision_of_a_timelines_eras_restores_those_eras()
    {
        var id = (await Timelines.SaveAsync(new TimelineInput { Title = "With eras", Slug = $"h-{Guid.NewGuid():N}"[..14] }, Ada)).Value;
        await Timelines.SaveErasAsync(id, [new EraInput { Name = "Sanctions", Start = "2017", End = "2019" }], Ada);
        var withOne = (await History.ListAsync(RevisionSubject.Timeline, id))[0].Id;
        await Timelines.SaveErasAsync(id, [new EraInput { Name = "Wartime", Start = "2022", End = "2025" }, new EraInput { Name = "Later", Start = "2025", End = "2026" }], Ada);

        var changes = await History.ChangesAsync(RevisionSubject.Timeline, id, withOne);
        Assert.Equal("Eras", Assert.Single(changes).Field);

        Assert.True((await Timelines.RestoreRevisionAsync(id, withOne, Ada)).Succeeded);

        var eras = await Timelines.ErasAsync(id);
        Assert.Equal("Sanctions", Assert.Single(eras).Name);
    }

    [Fact]
    public async Task A_source_revision_restores_its_text_and_re_anchors_the_passages_quoted_from_it()
    {
        const string Original = "The ministry said it was unable to send the workers home. Later it said nothing.";
        var id = (await Sources.SaveAsync(new SourceInput { Title = "Ministry statement", Outlet = "Test Outlet", Text = Original }, Ada)).Value!.Id;
        var created = (await History.ListAsync(RevisionSubject.Source, id))[0].Id;
        var timelineId = (await Timelines.SaveAsync(new TimelineInput { Title = "T", Slug = $"h-{Guid.NewGuid():N}"[..14] }, Ada)).Value;
        var eventId = (await Events.SaveAsync(new EventInput { TimelineId = timelineId, Title = "Statement", Slug = "statement", Start = "2020" }, Ada)).Value;
        var quoteStart = Original.IndexOf("unable", StringComparison.Ordinal);
        Assert.True((await Events.AttachAsync(eventId, id, quoteStart, quoteStart + "unable to send the workers home".Length, ExcerptRole.Supports, Ada)).Succeeded);
        var loaded = await Sources.LoadAsync(id);
        loaded!.Input.Text = "Intro added first. " + Original.Replace("Later it said nothing.", "", StringComparison.Ordinal);
        loaded.Input.Author = "A. Writer";
        Assert.True((await Sources.SaveAsync(loaded.Input, Ada)).Succeeded);
        var edited = (await History.ListAsync(RevisionSubject.Source, id))[0].Id;

        var changes = await History.ChangesAsync(RevisionSubject.Source, id, edited);
        Assert.Equal(["Author", "Text"], changes.Select(c => c.Field));
        Assert.Contains(changes.Single(c => c.Field == "Text").Pieces, p => p.Kind == DiffKind.Added && p.Text.StartsWith("Intro", StringComparison.Ordinal));

        var restored = await Sources.RestoreRevisionAsync(id, created, Ada);

        Assert.True(restored.Succeeded, restored.Problem);
        var now = await Sources.LoadAsync(id);
        Assert.Equal(Original, now!.Input.Text);
        Assert.Null(now.Input.Author);
        var excerpt = Assert.Single(now.Excerpts);
        Assert.Equal(quoteStart, excerpt.Start);
        Assert.Equal(RevisionAction.Restored, (await History.ListAsync(RevisionSubject.Source, id))[0].Action);
    }

    [Fact]
    public async Task A_revision_of_another_item_cannot_be_restored_and_nothing_changes()
    {
        var a = (await Timelines.SaveAsync(new TimelineInput { Title = "A", Slug = $"h-{Guid.NewGuid():N}"[..14] }, Ada)).Value;
        var b = (await Sources.SaveAsync(new SourceInput { Title = "B", Outlet = "O", Text = "Some text." }, Ada)).Value!.Id;
        var ofTimeline = (await History.ListAsync(RevisionSubject.Timeline, a))[0].Id;

        var result = await Sources.RestoreRevisionAsync(b, ofTimeline, Ada);

        Assert.False(result.Succeeded);
        Assert.Contains("holds no state of this source", result.Problem, StringComparison.Ordinal);
        Assert.Equal("Some text.", (await Sources.LoadAsync(b))!.Input.Text);
        Assert.Empty(await History.ChangesAsync(RevisionSubject.Source, b, ofTimeline));
    }
}

/// <summary>Revisions and restores, on PostgreSQL.</summary>
public sealed class HistoryTestsOnPostgres() : HistoryTests(DatabaseProvider.Postgres);
