using Bunit;
using Timeline.Domain;
using Timeline.Web.Features.Reading;
using Timeline.Web.Data;
using Timeline.Web.Tests.Components;

namespace Timeline.Web.Tests.Reading;

public sealed class EventCardTests
{
    [Fact]
    public async Task Event_shows_its_date_at_its_own_precision_in_a_time_element()
    {
        await using var ctx = MudContext.Create();
        var cut = ctx.Render<EventCard>(p => p.Add(c => c.Event, TestData.Event("2020", DateQualifier.Early)).Add(c => c.TimelineSlug, "t"));

        var time = cut.Find(".event__date time");
        Assert.Equal("2020", time.GetAttribute("datetime"));
        Assert.Equal("early 2020", time.TextContent);
    }

    [Fact]
    public async Task Event_title_links_to_its_permalink_and_summary_markdown_is_rendered()
    {
        await using var ctx = MudContext.Create();
        var cut = ctx.Render<EventCard>(p => p.Add(c => c.Event, TestData.Event()).Add(c => c.TimelineSlug, "nk"));

        Assert.Equal("/t/nk/e/un-resolution-2375", cut.Find("h3 a").GetAttribute("href"));
        Assert.Equal("bans", cut.Find(".event__summary strong").TextContent);
    }

    [Fact]
    public async Task Summary_with_raw_html_is_shown_as_text_not_markup()
    {
        await using var ctx = MudContext.Create();
        var cut = ctx.Render<EventCard>(p => p.Add(c => c.Event, TestData.Event(summary: "<script>alert(1)</script> [x](javascript:alert(1))")).Add(c => c.TimelineSlug, "nk"));

        Assert.Empty(cut.FindAll(".event__summary script"));
        Assert.Empty(cut.FindAll(".event__summary a"));
    }

    [Fact]
    public async Task Event_with_a_disputing_excerpt_is_marked_as_disputed()
    {
        await using var ctx = MudContext.Create();
        var e = TestData.Event(excerpts: [TestData.Excerpt(1), TestData.Excerpt(2, ExcerptRole.Disputes, "Wildberries issued a denial.")]);
        var cut = ctx.Render<EventCard>(p => p.Add(c => c.Event, e).Add(c => c.TimelineSlug, "nk"));

        Assert.Contains("event--disputed", cut.Find("article").ClassList);
        Assert.Contains("Sources disagree", cut.Find(".event__dispute").TextContent, StringComparison.Ordinal);
        Assert.Equal(2, cut.FindAll("figure.excerpt").Count);
        Assert.Single(cut.FindAll("figure.excerpt--disputes"));
    }

    [Fact]
    public async Task Undisputed_event_carries_no_dispute_marker()
    {
        await using var ctx = MudContext.Create();
        var cut = ctx.Render<EventCard>(p => p.Add(c => c.Event, TestData.Event()).Add(c => c.TimelineSlug, "nk"));

        Assert.Empty(cut.FindAll(".event__dispute"));
    }

    [Fact]
    public async Task On_its_own_page_the_event_title_is_the_h1()
    {
        await using var ctx = MudContext.Create();
        var cut = ctx.Render<EventCard>(p => p.Add(c => c.Event, TestData.Event()).Add(c => c.TimelineSlug, "nk").Add(c => c.IsPage, true));

        Assert.Equal("UN Security Council adopts Resolution 2375", cut.Find("h1").TextContent);
        Assert.Empty(cut.FindAll("h3"));
    }
}
