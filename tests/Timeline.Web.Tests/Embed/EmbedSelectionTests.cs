using Microsoft.Extensions.DependencyInjection;
using Timeline.Domain;
using Timeline.Web.Data;
using Timeline.Web.Features.Embed;
using Timeline.Web.Features.Reading;
using Timeline.Web.Tests.Infrastructure;

namespace Timeline.Web.Tests.Embed;

/// <summary>
/// What an embed shows, selected by the reader in the database: the same filter as the timeline page's, at most 100
/// events from the start event on. Small timelines of the tests' own sit beside the seed in one app.
/// </summary>
public sealed class EmbedSelectionTests(EmbedSelectionTests.Data data) : IClassFixture<EmbedSelectionTests.Data>
{
    private Task<EmbedSelection> SelectAsync(EmbedQuery query, string slug = Data.Sample) => data.SelectAsync(slug, query);

    private static string[] Slugs(EmbedSelection selection) => [.. selection.Events.Select(e => e.Slug)];

    [Fact]
    public async Task Without_filters_every_event_is_shown_oldest_first()
    {
        var selection = await SelectAsync(EmbedQuery.Default);

        Assert.Equal(["ban", "permits", "deadline", "troops", "videos"], Slugs(selection));
        Assert.Empty(selection.Problems);
        Assert.Empty(selection.FilterLabels);
        Assert.Equal(5, selection.Total);
    }

    [Fact]
    public async Task Tag_and_actor_filters_keep_events_that_have_both()
    {
        var selection = await SelectAsync(new EmbedQuery { Tag = "x-labour", Actor = "x-russian-state" });

        Assert.Equal(["permits"], Slugs(selection));
        Assert.Equal(["tagged “Labour”", "involving Russian state"], selection.FilterLabels);
    }

    [Fact]
    public async Task A_tag_may_be_named_by_its_name_in_any_case_and_is_applied_by_its_slug()
    {
        var selection = await SelectAsync(new EmbedQuery { Tag = "e commerce" });

        Assert.Equal(["videos"], Slugs(selection));
        Assert.Equal("x-e-commerce", selection.Applied.Tag);
    }

    [Fact]
    public async Task Dates_select_events_whose_span_meets_the_range_at_each_dates_precision()
    {
        var selection = await SelectAsync(new EmbedQuery { From = PartialDate.Parse("2017-09-20"), To = PartialDate.Parse("2019") });

        Assert.Equal(["ban", "permits", "deadline"], Slugs(selection));
        Assert.Equal(["from 20 September 2017", "to 2019"], selection.FilterLabels);
    }

    [Fact]
    public async Task An_event_that_ends_inside_the_range_is_kept_though_it_began_before()
    {
        var selection = await SelectAsync(new EmbedQuery { From = PartialDate.Parse("2025-01") });

        Assert.Equal(["troops", "videos"], Slugs(selection));
    }

    [Fact]
    public async Task A_tag_the_timeline_does_not_have_is_set_aside_rather_than_emptying_the_embed()
    {
        var selection = await SelectAsync(new EmbedQuery { Tag = "weather" });

        Assert.Equal(5, selection.Events.Count);
        Assert.Null(selection.Applied.Tag);
        Assert.Equal("“tag=weather” was ignored: no event of this timeline has that tag.", Assert.Single(selection.Problems).Message);
    }

    [Fact]
    public async Task A_start_event_outside_the_selection_is_set_aside_and_says_why()
    {
        var filteredOut = await SelectAsync(new EmbedQuery { Tag = "x-military", Start = "ban" });
        var unknown = await SelectAsync(new EmbedQuery { Start = "nope" });

        Assert.Null(filteredOut.Applied.Start);
        Assert.Contains("not among the events shown", Assert.Single(filteredOut.Problems).Message, StringComparison.Ordinal);
        Assert.Contains("has no such event", Assert.Single(unknown.Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_long_timeline_shows_its_first_events_and_counts_the_rest()
    {
        var selection = await SelectAsync(EmbedQuery.Default, Data.Long150);

        Assert.Equal(EmbedSelection.MaxEvents, selection.Events.Count);
        Assert.Equal("e0", selection.Events[0].Slug);
        Assert.Equal(50, selection.NotShown);
    }

    [Fact]
    public async Task A_long_timeline_opened_at_a_late_event_shows_the_events_from_it_on()
    {
        var selection = await SelectAsync(new EmbedQuery { Start = "e150" }, Data.Long300);

        Assert.Equal("e150", selection.Events[0].Slug);
        Assert.Equal("e150", selection.Applied.Start);
        Assert.Equal(EmbedSelection.MaxEvents, selection.Events.Count);

        var nearTheEnd = await SelectAsync(new EmbedQuery { Start = "e290" }, Data.Long300);
        Assert.Equal("e299", nearTheEnd.Events[^1].Slug);
        Assert.Contains(nearTheEnd.Events, e => e.Slug == "e290");

        var justBeyond = await SelectAsync(new EmbedQuery { Start = "e120" }, Data.Long150);
        Assert.Contains(justBeyond.Events, e => e.Slug == "e120");
        Assert.Equal("e149", justBeyond.Events[^1].Slug);
    }

    [Fact]
    public async Task Filters_that_match_nothing_give_an_empty_selection_without_problems()
    {
        var selection = await SelectAsync(new EmbedQuery { Tag = "x-military", To = PartialDate.Parse("2020") });

        Assert.Empty(selection.Events);
        Assert.Empty(selection.Problems);
    }

    [Theory]
    [InlineData(0, null, 0)]
    [InlineData(150, null, 0)]
    [InlineData(150, 99, 0)]
    [InlineData(150, 100, 50)]
    [InlineData(300, 150, 150)]
    [InlineData(300, 290, 200)]
    public void The_window_starts_at_the_start_event_only_when_it_lies_beyond_the_first_hundred(int matching, int? startIndex, int firstShown) =>
        Assert.Equal(firstShown, EmbedWindow.FirstShown(matching, startIndex));

    /// <summary>The app with three small published timelines of the tests' own: a sample of five events and two long ones.</summary>
    public sealed class Data : IAsyncLifetime, IDisposable
    {
        public const string Sample = "embed-sample";
        public const string Long150 = "embed-long-150";
        public const string Long300 = "embed-long-300";

        private readonly TimelineAppFactory app = new();
        private readonly Dictionary<string, Tag> tags = [];
        private readonly Dictionary<string, Actor> actors = [];

        public async Task<EmbedSelection> SelectAsync(string slug, EmbedQuery query)
        {
            var window = await app.Services.GetRequiredService<TimelineReader>().GetEmbedWindowAsync(slug, query.Filter, query.Start);
            return EmbedSelection.From(window!, query);
        }

        public async Task InitializeAsync()
        {
            await app.WithDbAsync(async db =>
            {
                var sample = NewTimeline(db, Sample);
                Add(db, sample, "ban", "2017-09", tagged: ["Labour", "Sanctions"], involving: ["Security Council"]);
                Add(db, sample, "permits", "2018", tagged: ["Labour"], involving: ["Russian state"]);
                Add(db, sample, "deadline", "2019-12", tagged: ["Sanctions"], involving: ["Security Council"]);
                Add(db, sample, "troops", "2024-10", end: "2025-02", tagged: ["Military"], involving: ["Russian state"]);
                Add(db, sample, "videos", "2025-04-14", tagged: ["Labour", "E Commerce"], involving: ["Wildberries retailer"]);
                foreach (var (slug, count) in new[] { (Long150, 150), (Long300, 300) })
                {
                    var timeline = NewTimeline(db, slug);
                    for (var i = 0; i < count; i++)
                    {
                        Add(db, timeline, $"e{i}", $"{1700 + i:D4}");
                    }
                }

                await db.SaveChangesAsync();
            });
        }

        public async Task DisposeAsync() => await app.DisposeAsync();

        public void Dispose() => app.Dispose();

        private static TimelineEntity NewTimeline(TimelineDbContext db, string slug)
        {
            var timeline = new TimelineEntity { Slug = slug, Title = slug, IsPublished = true };
            db.Timelines.Add(timeline);
            return timeline;
        }

        // Names of this fixture's own, not the seed's: a name exists once in the database.
        private void Add(TimelineDbContext db, TimelineEntity timeline, string slug, string start, string? end = null, string[]? tagged = null, string[]? involving = null)
        {
            var e = new Event { Timeline = timeline, Slug = slug, Title = $"Event {slug}", Start = "", IsPublished = true };
            e.SetDates(PartialDate.Parse(start), end is null ? null : PartialDate.Parse(end));
            e.Tags = [.. (tagged ?? []).Select(name => Get(tags, name, n => new Tag { Name = n, Slug = $"x-{Slug.From(n)}" }))];
            e.Actors = [.. (involving ?? []).Select(name => Get(actors, name, n => new Actor { Name = n, Slug = $"x-{Slug.From(n)}" }))];
            db.Events.Add(e);
        }

        private static T Get<T>(Dictionary<string, T> known, string name, Func<string, T> create)
        {
            if (!known.TryGetValue(name, out var value))
            {
                known[name] = value = create(name);
            }

            return value;
        }
    }
}
