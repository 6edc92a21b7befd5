using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Timeline.Domain;
using Timeline.Web.Data;
using Timeline.Web.Features.Generate;
using Timeline.Web.Tests.Infrastructure;

namespace Timeline.Web.Tests.Search;

/// <summary>The synthetic timeline generator, on a small size: what it writes is a real, readable, searchable timeline.</summary>
public sealed class GeneratorTests(TimelineAppFactory app) : IClassFixture<TimelineAppFactory>
{
    private static readonly GenerateOptions Small = new(Events: 200, Excerpts: 600, Sources: 20, Slug: "synthetic-small", Seed: 7);

    [Fact]
    public async Task Generated_timeline_is_published_with_the_requested_counts_and_every_excerpt_anchors_in_its_source()
    {
        await GenerateOnceAsync();

        await app.WithDbAsync(async db =>
        {
            var timeline = await db.Timelines.SingleAsync(t => t.Slug == Small.Slug);
            Assert.True(timeline.IsPublished);
            var events = await db.Events.Where(e => e.TimelineId == timeline.Id).Include(e => e.Excerpts).ThenInclude(l => l.Excerpt).ThenInclude(x => x.Source).Include(e => e.Tags).Include(e => e.Actors).ToListAsync();
            Assert.Equal(200, events.Count);
            Assert.All(events, e => Assert.True(e.IsPublished));
            Assert.All(events, e => Assert.NotEmpty(e.Excerpts));
            Assert.All(events, e => Assert.NotEmpty(e.Tags));
            Assert.All(events, e => Assert.NotEmpty(e.Actors));
            Assert.All(events, e => Assert.Equal(e.StartDate.SortKey, e.SortKey));
            var excerpts = events.SelectMany(e => e.Excerpts).Select(l => l.Excerpt).ToList();
            Assert.Equal(600, excerpts.Count);
            Assert.Equal(20, excerpts.Select(x => x.SourceId).Distinct().Count());
            Assert.All(excerpts, x =>
            {
                Assert.Equal(x.Exact, x.Source.Text[x.Start..x.End]);
                var found = QuoteAnchor.Anchor(x.Source.Text, new TextQuoteSelector(x.Exact, x.Prefix, x.Suffix), new TextPositionSelector(x.Start, x.End));
                Assert.Equal(AnchorStatus.AtPosition, found.Status);
            });
            Assert.Contains(events, e => e.Excerpts.Any(l => l.Role == ExcerptRole.Disputes));
            Assert.True(events.Select(e => e.StartDate.Precision).Distinct().Count() == 3, "dates at year, month and day precision");
            Assert.True(events.Select(e => e.StartDate.Year).Distinct().Count() > 30, "dates spread over decades");
        });
    }

    [Fact]
    public async Task Generated_timeline_is_read_and_searched_like_any_other()
    {
        await GenerateOnceAsync();
        var client = app.CreateClient();

        var page = await client.GetAsync(new Uri($"/t/{Small.Slug}", UriKind.Relative));
        var search = await client.GetStringAsync(new Uri($"/search?q=workers&t={Small.Slug}", UriKind.Relative));

        Assert.Equal(System.Net.HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<mark>workers</mark>", search, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_seed_gives_the_same_timeline_and_another_seed_another()
    {
        static List<string> Titles(int seed) => [.. SyntheticTimeline.Build(Small with { Seed = seed }, DateTimeOffset.UnixEpoch, n => new Tag { Name = n, Slug = Slug.From(n) }, n => new Actor { Name = n, Slug = Slug.From(n) })
            .Events.Select(e => $"{e.Start} {e.Title} {e.Excerpts.Count}")];

        Assert.Equal(Titles(7), Titles(7));
        Assert.NotEqual(Titles(7), Titles(8));
    }

    [Fact]
    public async Task A_slug_that_is_taken_is_refused_and_nothing_is_written()
    {
        await GenerateOnceAsync();
        await using var scope = app.Services.CreateAsyncScope();

        var (report, problem) = await ActivatorUtilities.CreateInstance<SyntheticTimelineWriter>(scope.ServiceProvider).WriteAsync(Small);

        Assert.Null(report);
        Assert.Contains("already exists", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--events", "ten")]
    [InlineData("--excerpts", "10")]
    [InlineData("--slug", "Not A Slug")]
    [InlineData("--colour", "blue")]
    public async Task Bad_options_are_refused_with_a_reason_and_exit_code_2(string name, string value)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await Timeline.Web.Features.Commands.TimelineCommandLine.RunAsync(
            app.Services, ["generate", "--sources", "10", name, value], TextReader.Null, output, error, interactive: false);

        Assert.Equal(2, exit);
        Assert.Contains(name == "--slug" ? "--slug must be a URL slug" : name == "--excerpts" ? "--excerpts must be at least --events" : value, error.ToString(), StringComparison.Ordinal);
        Assert.Equal("", output.ToString());
    }

    private async Task GenerateOnceAsync()
    {
        var exists = false;
        await app.WithDbAsync(async db => exists = await db.Timelines.AnyAsync(t => t.Slug == Small.Slug));
        if (!exists)
        {
            await using var scope = app.Services.CreateAsyncScope();
            var (report, problem) = await ActivatorUtilities.CreateInstance<SyntheticTimelineWriter>(scope.ServiceProvider).WriteAsync(Small);
            Assert.True(report is not null, problem);
        }
    }
}
