using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Timeline.Domain;
using Timeline.Web.Data;
using Timeline.Web.Data.Seed;
using Timeline.Web.Tests.Infrastructure;

namespace Timeline.Web.Tests.Data;

/// <summary>The seeded timeline is the product's first content: it must be true to its five articles.</summary>
public class SeedTests(TimelineAppFactory app) : IClassFixture<TimelineAppFactory>
{
    [Fact]
    public async Task Every_seeded_excerpt_is_a_verbatim_passage_that_anchors_exactly_in_place()
    {
        await app.WithDbAsync(async db =>
        {
            var excerpts = await db.Excerpts.Include(x => x.Source).ToListAsync();
            Assert.NotEmpty(excerpts);
            foreach (var x in excerpts)
            {
                Assert.Equal(x.Exact, x.Source.Text[x.Start..x.End]);
                var result = QuoteAnchor.Anchor(x.Source.Text, new TextQuoteSelector(x.Exact, x.Prefix, x.Suffix), new TextPositionSelector(x.Start, x.End));
                Assert.Equal(AnchorStatus.AtPosition, result.Status);
            }
        });
    }

    [Fact]
    public async Task Seed_has_five_sources_and_at_least_fifteen_published_events_each_backed_by_an_excerpt()
    {
        await app.WithDbAsync(async db =>
        {
            Assert.Equal(5, await db.Sources.CountAsync());
            var events = await db.Events.Include(e => e.Excerpts).ToListAsync();
            Assert.True(events.Count >= 15, $"only {events.Count} events");
            Assert.All(events, e => Assert.NotEmpty(e.Excerpts));
            Assert.All(events, e => Assert.True(e.IsPublished));
            Assert.All(events, e => Assert.Equal(e.StartDate.SortKey, e.SortKey));
            Assert.All(await db.Sources.ToListAsync(), s => Assert.False(string.IsNullOrWhiteSpace(s.Outlet)));
        });
    }

    [Theory]
    [InlineData("2375", "2017-09")]
    [InlineData("Putin", "2024-06")]
    [InlineData("Wildberries", "2025-04")]
    public async Task Seed_holds_the_events_the_timeline_is_known_by(string titleWord, string startPrefix)
    {
        await app.WithDbAsync(async db =>
        {
            var events = await db.Events.Where(e => e.Title.Contains(titleWord)).ToListAsync();
            Assert.Contains(events, e => e.Start.StartsWith(startPrefix, StringComparison.Ordinal));
        });
    }

    [Fact]
    public async Task Seed_holds_the_end_of_2019_deadline_and_the_early_2020_transport_claim()
    {
        await app.WithDbAsync(async db =>
        {
            var events = await db.Events.ToListAsync();
            Assert.Contains(events, e => e.Start.StartsWith("2019", StringComparison.Ordinal) && e.Title.Contains("deadline", StringComparison.OrdinalIgnoreCase));
            Assert.Contains(events, e => e.Start == "2020" && e.Qualifier == DateQualifier.Early);
        });
    }

    [Fact]
    public async Task Disagreements_between_the_articles_are_seeded_as_disputing_excerpts()
    {
        await app.WithDbAsync(async db =>
        {
            var disputed = await db.Events.Where(e => e.Excerpts.Any(x => x.Role == ExcerptRole.Disputes)).Select(e => e.Slug).ToListAsync();
            Assert.Equal(13, disputed.Count);

            // The disagreements the issue names, beyond the seven first seeded.
            Assert.Contains("russia-issues-9300-visas-to-north-koreans", disputed);
            Assert.Contains("putin-criticizes-un-ban-on-north-korean-labour", disputed);
            Assert.Contains("russian-foreign-ministry-cites-transport-limits", disputed);
            Assert.Contains("over-10000-new-workers-register-after-ban", disputed);
        });
    }

    [Fact]
    public async Task Every_seeded_dispute_says_what_differs_and_no_other_passage_does()
    {
        await app.WithDbAsync(async db =>
        {
            var links = await db.EventExcerpts.Select(l => new { l.Role, l.Differs, l.Note, l.Event.Slug }).ToListAsync();
            Assert.All(links.Where(l => l.Role == ExcerptRole.Disputes), l =>
            {
                Assert.NotNull(l.Differs);
                Assert.InRange(l.Note?.Length ?? 0, 20, Limits.DisputeNote);
            });
            Assert.All(links.Where(l => l.Role != ExcerptRole.Disputes), l => Assert.Null(l.Note));
            Assert.Contains(links, l => l.Slug == "putin-criticizes-un-ban-on-north-korean-labour" && l.Differs == Difference.Wording);
            Assert.Contains(links, l => l.Slug == "north-korean-troops-deployed-to-russia" && l.Differs == Difference.Figure);
        });
    }

    [Fact]
    public async Task Every_seeded_source_says_what_its_text_shows_of_its_origin()
    {
        await app.WithDbAsync(async db =>
        {
            var sources = await db.Sources.ToListAsync();
            Assert.All(sources, s => Assert.False(string.IsNullOrWhiteSpace(s.Provenance), s.Title));
            Assert.DoesNotContain(sources, s => s.Outlet == "Unnamed outlet");
            Assert.Contains("Human Rights Without Frontiers", sources.Single(s => s.Outlet == "The Wall Street Journal").Provenance, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Every_seeded_source_was_captured_on_the_day_its_file_entered_the_project()
    {
        // The day of the commit that added the five files under Data/Seed/Sources (see NOTES.md).
        var day = new DateOnly(2026, 11, 25);
        await app.WithDbAsync(async db => Assert.All(await db.Sources.ToListAsync(), s => Assert.Equal(day, s.CapturedOn)));
        Assert.All(SeedLoader.ReadSeed().Sources, s => Assert.Equal(day, s.CapturedOn));
    }

    [Fact]
    public async Task A_database_seeded_before_capture_dates_gets_them_for_the_texts_still_as_seeded()
    {
        var path = TimelineAppFactory.NewDatabasePath();
        try
        {
            int edited = 0;
            await using (var first = new TimelineAppFactory { DatabasePath = path, DeleteDatabaseOnDispose = false })
            {
                _ = first.Server;
                await first.WithDbAsync(async db =>
                {
                    // As the SourceCapturedOn migration leaves a seeded database: no dates. One text was edited since.
                    await db.Sources.ExecuteUpdateAsync(u => u.SetProperty(s => s.CapturedOn, (DateOnly?)null));
                    edited = await db.Sources.OrderBy(s => s.Id).Select(s => s.Id).FirstAsync();
                    await db.Sources.Where(s => s.Id == edited).ExecuteUpdateAsync(u => u.SetProperty(s => s.Text, s => s.Text + "\nEditor's note: updated."));
                });
            }

            await using var second = new TimelineAppFactory { DatabasePath = path, DeleteDatabaseOnDispose = false };
            _ = second.Server;
            await second.WithDbAsync(async db =>
            {
                var dates = await db.Sources.ToDictionaryAsync(s => s.Id, s => s.CapturedOn);
                Assert.Null(dates[edited]);
                Assert.All(dates.Where(d => d.Key != edited), d => Assert.Equal(new DateOnly(2026, 11, 25), d.Value));
            });
        }
        finally
        {
            TimelineAppFactory.DeleteDatabase(path);
        }
    }

    [Fact]
    public async Task A_renamed_seeded_timeline_is_not_seeded_again_and_the_app_starts()
    {
        var path = TimelineAppFactory.NewDatabasePath();
        try
        {
            int events = 0, tags = 0;
            await using (var first = new TimelineAppFactory { DatabasePath = path, DeleteDatabaseOnDispose = false })
            {
                _ = first.Server;
                // As an editor renames it: a new slug, the old one kept as a former slug.
                await using var scope = first.Services.CreateAsyncScope();
                var timelines = scope.ServiceProvider.GetRequiredService<Timeline.Web.Features.Editing.TimelineEditor>();
                var id = 0;
                await first.WithDbAsync(async db => id = await db.Timelines.Select(t => t.Id).SingleAsync());
                var timeline = (await timelines.LoadAsync(id))!;
                timeline.Slug = "workers-abroad";
                Assert.True((await timelines.SaveAsync(timeline, new Timeline.Web.Features.Editing.EditorIdentity(null, "seed test"))).Succeeded);
                await first.WithDbAsync(async db => (events, tags) = (await db.Events.CountAsync(), await db.Tags.CountAsync()));
            }

            await using var second = new TimelineAppFactory { DatabasePath = path, DeleteDatabaseOnDispose = false };
            Assert.Equal(System.Net.HttpStatusCode.OK, (await second.CreateClient().GetAsync(new Uri("/t/workers-abroad", UriKind.Relative))).StatusCode);
            await second.WithDbAsync(async db =>
            {
                Assert.Equal("workers-abroad", await db.Timelines.Select(t => t.Slug).SingleAsync());
                Assert.Equal(events, await db.Events.CountAsync());
                Assert.Equal(tags, await db.Tags.CountAsync());
            });
        }
        finally
        {
            TimelineAppFactory.DeleteDatabase(path);
        }
    }

    [Fact]
    public async Task Seeding_is_idempotent_across_restarts_on_the_same_database()
    {
        var path = TimelineAppFactory.NewDatabasePath();
        try
        {
            int events = 0, sources = 0, excerpts = 0;
            await using (var first = new TimelineAppFactory { DatabasePath = path, DeleteDatabaseOnDispose = false })
            {
                _ = first.Server;
                await first.WithDbAsync(async db => (events, sources, excerpts) = (await db.Events.CountAsync(), await db.Sources.CountAsync(), await db.Excerpts.CountAsync()));
            }

            await using var second = new TimelineAppFactory { DatabasePath = path, DeleteDatabaseOnDispose = false };
            _ = second.Server;
            await second.WithDbAsync(async db =>
            {
                Assert.Equal(events, await db.Events.CountAsync());
                Assert.Equal(sources, await db.Sources.CountAsync());
                Assert.Equal(excerpts, await db.Excerpts.CountAsync());
                Assert.Equal(1, await db.Timelines.CountAsync());
                var mode = await db.Database.SqlQueryRaw<string>("PRAGMA journal_mode").ToListAsync();
                Assert.Equal("wal", Assert.Single(mode));
            });
        }
        finally
        {
            TimelineAppFactory.DeleteDatabase(path);
        }
    }
}

/// <summary>The seed, on PostgreSQL.</summary>
public sealed class SeedTestsOnPostgres(PostgresAppFactory app) : SeedTests(app), IClassFixture<PostgresAppFactory>;
