using Timeline.Domain;
using Timeline.Web.Features.Embed;
using static Timeline.Web.Tests.Embed.EmbedTestData;

namespace Timeline.Web.Tests.Embed;

public sealed class EmbedSelectionTests
{
    private static readonly Features.Reading.TimelineView Sample = TimelineOf(
        Event("ban", "2017-09", tags: ["sanctions", "labour"], actors: ["un-security-council"]),
        Event("permits", "2018", tags: ["labour"], actors: ["russia"]),
        Event("deadline", "2019-12", tags: ["sanctions"], actors: ["un-security-council"]),
        Event("troops", "2024-10", end: "2025-02", tags: ["military"], actors: ["russia"]),
        Event("videos", "2025-04-14", tags: ["labour", "e-commerce"], actors: ["wildberries"]));

    private static string[] Slugs(EmbedSelection selection) => [.. selection.Events.Select(e => e.Slug)];

    private static Features.Reading.TimelineView Long(int count) =>
        TimelineOf([.. Enumerable.Range(0, count).Select(i => Event($"e{i}", $"{1900 + i:D4}"))]);

    [Fact]
    public void Without_filters_every_event_is_shown_oldest_first()
    {
        var selection = EmbedSelection.Select(Sample, EmbedQuery.Default);

        Assert.Equal(["ban", "permits", "deadline", "troops", "videos"], Slugs(selection));
        Assert.Empty(selection.Problems);
        Assert.Empty(selection.FilterLabels);
    }

    [Fact]
    public void Tag_and_actor_filters_keep_events_that_have_both()
    {
        var selection = EmbedSelection.Select(Sample, new EmbedQuery { Tag = "labour", Actor = "russia" });

        Assert.Equal(["permits"], Slugs(selection));
        Assert.Equal(["tagged “labour”", "involving russia"], selection.FilterLabels);
    }

    [Fact]
    public void A_tag_may_be_named_by_its_name_in_any_case_and_is_applied_by_its_slug()
    {
        var selection = EmbedSelection.Select(Sample, new EmbedQuery { Tag = "E Commerce" });

        Assert.Equal(["videos"], Slugs(selection));
        Assert.Equal("e-commerce", selection.Applied.Tag);
    }

    [Fact]
    public void Dates_select_events_whose_span_meets_the_range_at_each_dates_precision()
    {
        var selection = EmbedSelection.Select(Sample, new EmbedQuery { From = PartialDate.Parse("2017-09-20"), To = PartialDate.Parse("2019") });

        Assert.Equal(["ban", "permits", "deadline"], Slugs(selection));
        Assert.Equal(["from 20 September 2017", "to 2019"], selection.FilterLabels);
    }

    [Fact]
    public void An_event_that_ends_inside_the_range_is_kept_though_it_began_before()
    {
        var selection = EmbedSelection.Select(Sample, new EmbedQuery { From = PartialDate.Parse("2025-01") });

        Assert.Equal(["troops", "videos"], Slugs(selection));
    }

    [Fact]
    public void A_tag_the_timeline_does_not_have_is_set_aside_rather_than_emptying_the_embed()
    {
        var selection = EmbedSelection.Select(Sample, new EmbedQuery { Tag = "weather" });

        Assert.Equal(5, selection.Events.Count);
        Assert.Null(selection.Applied.Tag);
        Assert.Equal("“tag=weather” was ignored: no event of this timeline has that tag.", Assert.Single(selection.Problems).Message);
    }

    [Fact]
    public void A_start_event_outside_the_selection_is_set_aside_and_says_why()
    {
        var filteredOut = EmbedSelection.Select(Sample, new EmbedQuery { Tag = "military", Start = "ban" });
        var unknown = EmbedSelection.Select(Sample, new EmbedQuery { Start = "nope" });

        Assert.Null(filteredOut.Applied.Start);
        Assert.Contains("not among the events shown", Assert.Single(filteredOut.Problems).Message, StringComparison.Ordinal);
        Assert.Contains("has no such event", Assert.Single(unknown.Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_long_timeline_shows_its_first_events_and_counts_the_rest()
    {
        var selection = EmbedSelection.Select(Long(EmbedSelection.MaxEvents + 50), EmbedQuery.Default);

        Assert.Equal(EmbedSelection.MaxEvents, selection.Events.Count);
        Assert.Equal("e0", selection.Events[0].Slug);
        Assert.Equal(50, selection.NotShown);
    }

    [Fact]
    public void A_long_timeline_opened_at_a_late_event_shows_the_events_from_it_on()
    {
        var selection = EmbedSelection.Select(Long(EmbedSelection.MaxEvents * 3), new EmbedQuery { Start = "e150" });

        Assert.Equal("e150", selection.Events[0].Slug);
        Assert.Equal("e150", selection.Applied.Start);
        Assert.Equal(EmbedSelection.MaxEvents, selection.Events.Count);

        var nearTheEnd = EmbedSelection.Select(Long(EmbedSelection.MaxEvents * 3), new EmbedQuery { Start = "e290" });
        Assert.Equal($"e{(EmbedSelection.MaxEvents * 3) - 1}", nearTheEnd.Events[^1].Slug);
        Assert.Contains(nearTheEnd.Events, e => e.Slug == "e290");

        var justBeyond = EmbedSelection.Select(Long(EmbedSelection.MaxEvents + 50), new EmbedQuery { Start = $"e{EmbedSelection.MaxEvents + 20}" });
        Assert.Contains(justBeyond.Events, e => e.Slug == $"e{EmbedSelection.MaxEvents + 20}");
        Assert.Equal($"e{EmbedSelection.MaxEvents + 49}", justBeyond.Events[^1].Slug);
    }

    [Fact]
    public void Filters_that_match_nothing_give_an_empty_selection_without_problems()
    {
        var selection = EmbedSelection.Select(Sample, new EmbedQuery { Tag = "military", To = PartialDate.Parse("2020") });

        Assert.Empty(selection.Events);
        Assert.Empty(selection.Problems);
    }
}
