using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Timeline.Domain;
using Timeline.Web.Features.Embed;

namespace Timeline.Web.Tests.Embed;

public sealed class EmbedSnippetsTests
{
    private static readonly Uri Origin = new("https://timeline.example");
    private static readonly EmbedTarget Whole = new("north-korean-workers-in-russia", "North Korean workers in Russia");

    private static IDocument Parse(string html) => new HtmlParser().ParseDocument($"<!DOCTYPE html><body>{html}</body>");

    [Fact]
    public void Iframe_points_at_the_embed_with_its_options_and_is_named_and_lazy()
    {
        var html = EmbedSnippets.Iframe(Origin, Whole, new EmbedQuery { Tag = "labour", From = PartialDate.Parse("2019"), Theme = EmbedTheme.Dark });
        var iframe = Assert.Single(Parse(html).Body!.Children);

        Assert.Equal("IFRAME", iframe.TagName);
        Assert.Equal("https://timeline.example/embed/t/north-korean-workers-in-russia?tag=labour&from=2019&theme=dark", iframe.GetAttribute("src"));
        Assert.Equal("Timeline: North Korean workers in Russia", iframe.GetAttribute("title"));
        Assert.Equal("lazy", iframe.GetAttribute("loading"));
        Assert.Equal("640", iframe.GetAttribute("height"));
        Assert.Contains("width:100%", iframe.GetAttribute("style"), StringComparison.Ordinal);
    }

    [Fact]
    public void Iframe_of_one_event_points_at_the_event_embed_and_is_shorter()
    {
        var iframe = Parse(EmbedSnippets.Iframe(Origin, Whole with { EventSlug = "un-resolution-2375" }, EmbedQuery.Default, width: 500)).QuerySelector("iframe")!;

        Assert.Equal("https://timeline.example/embed/t/north-korean-workers-in-russia/e/un-resolution-2375", iframe.GetAttribute("src"));
        Assert.Equal("480", iframe.GetAttribute("height"));
        Assert.Equal("500", iframe.GetAttribute("width"));
    }

    [Fact]
    public void Script_snippet_carries_the_options_as_data_attributes_a_fallback_link_and_the_loader()
    {
        var document = Parse(EmbedSnippets.Script(Origin, Whole, new EmbedQuery { Actor = "russia", Start = "un-resolution-2375", Compact = true }));
        var div = document.QuerySelector("div")!;
        var script = document.QuerySelector("script")!;

        Assert.Equal("north-korean-workers-in-russia", div.GetAttribute("data-timeline"));
        Assert.Equal("russia", div.GetAttribute("data-actor"));
        Assert.Equal("un-resolution-2375", div.GetAttribute("data-start"));
        Assert.Equal("true", div.GetAttribute("data-compact"));
        Assert.False(div.HasAttribute("data-theme"));
        Assert.Equal("https://timeline.example/t/north-korean-workers-in-russia", div.QuerySelector("a")?.GetAttribute("href"));
        Assert.Equal("North Korean workers in Russia", div.TextContent);
        Assert.Equal("https://timeline.example/embed.js", script.GetAttribute("src"));
        Assert.True(script.HasAttribute("async"));
    }

    [Fact]
    public void Script_snippet_of_one_event_names_the_event_and_links_to_its_page()
    {
        var div = Parse(EmbedSnippets.Script(Origin, Whole with { EventSlug = "un-resolution-2375" }, EmbedQuery.Default)).QuerySelector("div")!;

        Assert.Equal("un-resolution-2375", div.GetAttribute("data-event"));
        Assert.Equal("https://timeline.example/t/north-korean-workers-in-russia/e/un-resolution-2375", div.QuerySelector("a")?.GetAttribute("href"));
    }

    [Fact]
    public void Titles_and_values_are_escaped_so_the_snippet_cannot_break_out_of_its_markup()
    {
        var target = new EmbedTarget("a-timeline", "Ties & \"trade\" <script>");
        var query = new EmbedQuery { Tag = "a\"><b>" };

        var iframe = Parse(EmbedSnippets.Iframe(Origin, target, query)).QuerySelector("iframe")!;
        var document = Parse(EmbedSnippets.Script(Origin, target, query));
        var div = document.QuerySelector("div")!;

        Assert.Equal("Timeline: Ties & \"trade\" <script>", iframe.GetAttribute("title"));
        Assert.EndsWith("?tag=a%22%3E%3Cb%3E", iframe.GetAttribute("src"), StringComparison.Ordinal);
        Assert.Equal("a\"><b>", div.GetAttribute("data-tag"));
        Assert.Equal("Ties & \"trade\" <script>", div.TextContent);
        Assert.Null(document.QuerySelector("b"));
        Assert.Single(document.QuerySelectorAll("script"));
    }
}
