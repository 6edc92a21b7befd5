using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Timeline.Web.Features.Embed;
using Timeline.Web.Tests.Infrastructure;

namespace Timeline.Web.Tests.Embed;

/// <summary>The embed's story view: one event at a time under the axis, each step its own URL inside the frame.</summary>
public sealed class EmbedStoryTests(TimelineAppFactory app) : IClassFixture<TimelineAppFactory>
{
    private const string Slug = "north-korean-workers-in-russia";
    private const string EmbedPath = $"/embed/t/{Slug}";

    private async Task<(HttpResponseMessage Response, IDocument Document)> GetAsync(string path)
    {
        var response = await app.CreateClient().GetAsync(new Uri(path, UriKind.Relative));
        return (response, await new HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task A_story_opens_at_the_first_event_with_the_axis_and_steps_inside_the_frame()
    {
        var (response, document) = await GetAsync(EmbedPath + "?view=story");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("true", document.DocumentElement.GetAttribute("data-fixed"));
        Assert.Single(document.QuerySelectorAll("article.event"));
        Assert.Contains("Event 1 of 29", document.QuerySelector(".header__stats")!.TextContent, StringComparison.Ordinal);
        Assert.Null(document.QuerySelector("a[rel=prev]"));
        var next = document.QuerySelector("a[rel=next]")!;
        Assert.Equal("_self", next.GetAttribute("target"));
        Assert.StartsWith(EmbedPath + "?start=", next.GetAttribute("href"), StringComparison.Ordinal);
        Assert.EndsWith("&view=story", next.GetAttribute("href"), StringComparison.Ordinal);

        // The axis marks every event; the current one is highlighted, and each mark steps the story to its event.
        var marks = document.QuerySelectorAll("svg.axis__svg--wide .axis__marks a");
        var clustered = document.QuerySelectorAll("svg.axis__svg--wide .axis__clusters a").Sum(c => int.Parse(c.GetAttribute("aria-label")!.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(29, marks.Length + clustered);
        Assert.True(marks.Length >= 25, $"{marks.Length} of 29 events have their own mark in the frame");
        Assert.All(marks, m => Assert.Equal("_self", m.GetAttribute("target")));
        Assert.Single(document.QuerySelectorAll("svg.axis__svg--wide a[aria-current=step]"));
        // The title and the credit leave the frame for the full timeline.
        Assert.Equal("_blank", document.QuerySelector(".header__title a")!.GetAttribute("target"));
        Assert.NotNull(document.QuerySelector("footer a[href^='/t/north-korean-workers-in-russia']"));
    }

    [Fact]
    public async Task The_next_step_is_the_next_event_and_keeps_the_filter()
    {
        var (_, first) = await GetAsync(EmbedPath + "?view=story&tag=labour");
        var href = first.QuerySelector("a[rel=next]")!.GetAttribute("href")!;
        Assert.Contains("tag=labour", href, StringComparison.Ordinal);

        var (response, second) = await GetAsync(href);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Event 2 of", second.QuerySelector(".header__stats")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("matching", second.QuerySelector(".header__stats")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("tag=labour", second.QuerySelector("a[rel=prev]")!.GetAttribute("href")!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_start_event_is_set_aside_with_a_message_and_the_story_starts_at_the_first_event()
    {
        var (response, document) = await GetAsync(EmbedPath + "?view=story&start=no-such-event");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("“start=no-such-event” was ignored", document.QuerySelector(".notice")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Event 1 of 29", document.QuerySelector(".header__stats")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_story_can_draw_its_axis_in_lanes_and_its_steps_keep_them()
    {
        var (_, document) = await GetAsync(EmbedPath + "?view=story&lanes=tag&start=un-resolution-2375");

        Assert.NotEmpty(document.QuerySelectorAll("svg.axis__svg--wide .axis-lane__label"));
        Assert.Contains("lanes=tag", document.QuerySelector("a[rel=next]")!.GetAttribute("href")!, StringComparison.Ordinal);
        Assert.Contains("un-resolution-2375", document.QuerySelector("svg.axis__svg--wide a[aria-current=step]")!.GetAttribute("href")!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_view_an_embed_is_the_list_it_always_was()
    {
        var (_, document) = await GetAsync(EmbedPath);

        Assert.Null(document.DocumentElement.GetAttribute("data-fixed"));
        Assert.Equal(29, document.QuerySelectorAll("ol.events > li").Length);
        Assert.Empty(document.QuerySelectorAll("svg"));
    }

    [Fact]
    public void Story_snippets_carry_the_view_and_a_fixed_height()
    {
        var target = new EmbedTarget(Slug, "North Korean workers in Russia");
        var query = EmbedQuery.Default with { View = EmbedView.Story, Start = "un-resolution-2375", Lanes = "actor" };
        var origin = new Uri("https://timeline.example/");

        var script = EmbedSnippets.Script(origin, target, query, EmbedSnippets.StoryHeight);
        var iframe = EmbedSnippets.Iframe(origin, target, query);

        Assert.Contains("data-view=\"story\"", script, StringComparison.Ordinal);
        Assert.Contains("data-start=\"un-resolution-2375\"", script, StringComparison.Ordinal);
        Assert.Contains("data-lanes=\"actor\"", script, StringComparison.Ordinal);
        Assert.Contains("data-height=\"600\"", script, StringComparison.Ordinal);
        Assert.Contains("/embed/t/north-korean-workers-in-russia?start=un-resolution-2375&amp;view=story&amp;lanes=actor", iframe, StringComparison.Ordinal);
        Assert.Contains("height=\"600\"", iframe, StringComparison.Ordinal);
    }
}
