using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Timeline.Domain;
using Timeline.Web.Data;
using Timeline.Web.Features.Editing;
using Timeline.Web.Features.Generate;
using Timeline.Web.Tests.Infrastructure;

namespace Timeline.Web.Tests.Data;

/// <summary>
/// Summaries and descriptions are rendered once, when they are saved, by the one Markdown renderer; readers show the
/// stored HTML. Rows saved before the HTML was stored get it at the next start.
/// </summary>
public sealed class RenderedMarkdownTests(TimelineAppFactory app) : IClassFixture<TimelineAppFactory>
{
    private const string Slug = "north-korean-workers-in-russia";
    private const string EventSlug = "un-resolution-2375";
    private const string Unsafe = "Sanctions **ban** it. <script>alert(1)</script> [click](javascript:alert(2)) and [the text](https://example.org/un).";
    private static readonly EditorIdentity Ada = new("ada-id", "ada@example.org");

    [Fact]
    public async Task Saving_an_event_stores_its_summary_rendered_escaped_and_without_unsafe_links()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var events = scope.ServiceProvider.GetRequiredService<EventEditor>();

        var saved = await events.SaveAsync(NewEvent(Unsafe), Ada);
        var row = await EventAsync(saved.Value);

        Assert.True(saved.Succeeded);
        Assert.Equal(Unsafe, row.Summary);
        Assert.Equal(MarkdownRenderer.ToHtml(Unsafe), row.SummaryHtml);
        Assert.Contains("<strong>ban</strong>", row.SummaryHtml, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", row.SummaryHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", row.SummaryHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("javascript:", row.SummaryHtml, StringComparison.Ordinal);
        Assert.Contains("href=\"https://example.org/un\"", row.SummaryHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Changing_a_summary_and_restoring_a_revision_render_it_again()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var events = scope.ServiceProvider.GetRequiredService<EventEditor>();
        var id = (await events.SaveAsync(NewEvent("First *words*."), Ada)).Value;
        var input = (await events.LoadAsync(id))!.Input;
        input.Summary = "Second **words**.";

        Assert.True((await events.SaveAsync(input, Ada)).Succeeded);
        Assert.Contains("<p>Second <strong>words</strong>.</p>", (await EventAsync(id)).SummaryHtml, StringComparison.Ordinal);
        var created = (await events.HistoryAsync(id))[^1];
        Assert.True((await events.RestoreRevisionAsync(id, created.Id, Ada)).Succeeded);
        var restored = await EventAsync(id);

        Assert.Equal("First *words*.", restored.Summary);
        Assert.Contains("<p>First <em>words</em>.</p>", restored.SummaryHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Saving_a_timeline_stores_its_description_rendered_and_a_blank_one_as_empty()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var timelines = scope.ServiceProvider.GetRequiredService<TimelineEditor>();

        var saved = await timelines.SaveAsync(new TimelineInput { Title = "Rendered", Slug = "rendered-description", Description = Unsafe }, Ada);
        var input = (await timelines.LoadAsync(saved.Value))!;
        input.Description = "   ";
        var blanked = await timelines.SaveAsync(input, Ada);

        Assert.True(saved.Succeeded);
        Assert.True(blanked.Succeeded);
        await app.WithDbAsync(async db =>
        {
            var timeline = await db.Timelines.SingleAsync(t => t.Id == saved.Value);
            Assert.Equal("   ", timeline.Description);
            Assert.Equal("", timeline.DescriptionHtml);
        });

        input = (await timelines.LoadAsync(saved.Value))!;
        input.Description = Unsafe;
        Assert.True((await timelines.SaveAsync(input, Ada)).Succeeded);
        await app.WithDbAsync(async db =>
        {
            var html = await db.Timelines.Where(t => t.Id == saved.Value).Select(t => t.DescriptionHtml).SingleAsync();
            Assert.Equal(MarkdownRenderer.ToHtml(Unsafe), html);
            Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
            Assert.DoesNotContain("javascript:", html, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task The_seed_stores_the_html_of_its_description_and_of_every_summary()
    {
        await app.WithDbAsync(async db =>
        {
            var timeline = await db.Timelines.SingleAsync(t => t.Slug == Slug);
            // Other tests of this class add their own events ("rendered-…") to the seeded timeline.
            var events = await db.Events.Where(e => e.TimelineId == timeline.Id && !e.Slug.StartsWith("rendered-")).ToListAsync();

            Assert.StartsWith("<p>", timeline.DescriptionHtml, StringComparison.Ordinal);
            Assert.Equal(MarkdownRenderer.ToHtml(timeline.Description), timeline.DescriptionHtml);
            Assert.Equal(29, events.Count);
            Assert.All(events, e => Assert.Equal(MarkdownRenderer.ToHtml(e.Summary), e.SummaryHtml));
            Assert.All(events, e => Assert.NotEqual("", e.SummaryHtml));
            Assert.Contains(events, e => e.SummaryHtml.Contains("<em>", StringComparison.Ordinal));
        });
    }

    [Fact]
    public async Task The_generator_stores_the_html_of_its_description_and_of_every_summary()
    {
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var (report, problem) = await ActivatorUtilities.CreateInstance<SyntheticTimelineWriter>(scope.ServiceProvider)
                .WriteAsync(new GenerateOptions(Events: 30, Excerpts: 30, Sources: 3, Slug: "rendered-synthetic", Seed: 3));
            Assert.True(report is not null, problem);
        }

        await app.WithDbAsync(async db =>
        {
            var timeline = await db.Timelines.SingleAsync(t => t.Slug == "rendered-synthetic");
            var events = await db.Events.Where(e => e.TimelineId == timeline.Id).ToListAsync();

            Assert.Equal(MarkdownRenderer.ToHtml(timeline.Description), timeline.DescriptionHtml);
            Assert.NotEqual("", timeline.DescriptionHtml);
            Assert.Equal(30, events.Count);
            Assert.All(events, e =>
            {
                Assert.Equal(MarkdownRenderer.ToHtml(e.Summary), e.SummaryHtml);
                Assert.Contains("<strong>", e.SummaryHtml, StringComparison.Ordinal);
            });
        });
    }

    [Fact]
    public async Task Rows_saved_before_the_html_was_stored_get_it_at_the_next_start_and_nothing_else_changes()
    {
        var path = TimelineAppFactory.NewDatabasePath();
        try
        {
            Dictionary<int, Guid> versions = [];
            await using (var first = new TimelineAppFactory { DatabasePath = path, DeleteDatabaseOnDispose = false })
            {
                await first.WithDbAsync(async db =>
                {
                    // As the RenderedMarkdown migration leaves existing rows, one of them in the trash.
                    await db.Database.ExecuteSqlRawAsync("""UPDATE "Events" SET "SummaryHtml" = '';""");
                    await db.Database.ExecuteSqlRawAsync("""UPDATE "Timelines" SET "DescriptionHtml" = '';""");
                    await db.Database.ExecuteSqlRawAsync("""UPDATE "Events" SET "IsDeleted" = 1 WHERE "Slug" = {0};""", EventSlug);
                    versions = await db.Events.IgnoreQueryFilters().ToDictionaryAsync(e => e.Id, e => e.Version);
                });
            }

            await using var second = new TimelineAppFactory { DatabasePath = path, DeleteDatabaseOnDispose = false };
            await second.WithDbAsync(async db =>
            {
                var events = await db.Events.IgnoreQueryFilters().ToListAsync();
                var timeline = await db.Timelines.SingleAsync(t => t.Slug == Slug);

                Assert.Equal(29, events.Count);
                Assert.All(events, e => Assert.Equal(MarkdownRenderer.ToHtml(e.Summary), e.SummaryHtml));
                Assert.All(events, e => Assert.NotEqual("", e.SummaryHtml));
                Assert.Equal(MarkdownRenderer.ToHtml(timeline.Description), timeline.DescriptionHtml);
                Assert.All(events, e => Assert.Equal(versions[e.Id], e.Version));
                Assert.Equal(0, await db.Revisions.CountAsync());
            });
        }
        finally
        {
            TimelineAppFactory.DeleteDatabase(path);
        }
    }

    [Fact]
    public async Task The_backfill_works_in_batches_and_ends_on_markdown_that_renders_to_nothing()
    {
        await using var fresh = new TimelineAppFactory();
        var filled = 0;
        await fresh.WithDbAsync(async db =>
        {
            await db.Database.ExecuteSqlRawAsync("""UPDATE "Events" SET "SummaryHtml" = '';""");
            // A lone link reference definition is Markdown that renders to no HTML at all.
            await db.Database.ExecuteSqlRawAsync("""UPDATE "Events" SET "Summary" = '[x]: https://example.org' WHERE "Slug" = {0};""", EventSlug);
            filled = await RenderedMarkdownBackfill.FillAsync(db, batchSize: 4);
        });

        await fresh.WithDbAsync(async db =>
        {
            var events = await db.Events.ToListAsync();
            Assert.Equal(29, filled);
            Assert.All(events, e => Assert.Equal(MarkdownRenderer.ToHtml(e.Summary), e.SummaryHtml));
            Assert.Equal("", events.Single(e => e.Slug == EventSlug).SummaryHtml);
            Assert.Equal(1, await RenderedMarkdownBackfill.FillAsync(db, batchSize: 4));
        });
    }

    [Fact]
    public async Task Reader_pages_and_the_embed_show_the_stored_html_not_a_fresh_rendering()
    {
        await using var fresh = new TimelineAppFactory();
        await fresh.WithDbAsync(async db =>
        {
            await db.Events.Where(e => e.Slug == EventSlug)
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.SummaryHtml, "<p>stored-summary-marker</p>"));
            await db.Timelines.Where(t => t.Slug == Slug)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.DescriptionHtml, "<p>stored-description-marker</p>"));
        });
        var client = fresh.CreateClient();

        var home = await client.GetStringAsync(new Uri("/", UriKind.Relative));
        var timeline = await client.GetStringAsync(new Uri($"/t/{Slug}", UriKind.Relative));
        var permalink = await client.GetStringAsync(new Uri($"/t/{Slug}/e/{EventSlug}", UriKind.Relative));
        var embed = await client.GetStringAsync(new Uri($"/embed/t/{Slug}/e/{EventSlug}", UriKind.Relative));

        Assert.Contains("<p>stored-description-marker</p>", home, StringComparison.Ordinal);
        Assert.Contains("<p>stored-description-marker</p>", timeline, StringComparison.Ordinal);
        Assert.Contains("<p>stored-summary-marker</p>", timeline, StringComparison.Ordinal);
        Assert.Contains("<p>stored-summary-marker</p>", permalink, StringComparison.Ordinal);
        Assert.Contains("<p>stored-summary-marker</p>", embed, StringComparison.Ordinal);
    }

    private static EventInput NewEvent(string summary) => new()
    {
        TimelineId = 1,
        Title = "A rendered event",
        Slug = $"rendered-{Guid.NewGuid():N}"[..20],
        Start = "2025-05",
        Summary = summary,
    };

    private async Task<Event> EventAsync(int id)
    {
        Event? found = null;
        await app.WithDbAsync(async db => found = await db.Events.AsNoTracking().SingleAsync(e => e.Id == id));
        return found!;
    }
}
