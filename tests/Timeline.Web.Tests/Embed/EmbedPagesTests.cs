using System.Net;
using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Timeline.Web.Tests.Infrastructure;

namespace Timeline.Web.Tests.Embed;

/// <summary>The embed pages, served by the real app over its seeded SQLite database.</summary>
public sealed class EmbedPagesTests(TimelineAppFactory app) : IClassFixture<TimelineAppFactory>
{
    private const string Slug = "north-korean-workers-in-russia";
    private const string EmbedPath = $"/embed/t/{Slug}";

    private async Task<(HttpResponseMessage Response, string Html, IDocument Document)> GetAsync(string path)
    {
        var response = await app.CreateClient().GetAsync(new Uri(path, UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();
        return (response, html, await new HtmlParser().ParseDocumentAsync(html));
    }

    private async Task<List<JsonElement>> ApiEventsAsync()
    {
        using var doc = JsonDocument.Parse(await app.CreateClient().GetStringAsync(new Uri($"/api/timelines/{Slug}", UriKind.Relative)));
        return [.. doc.RootElement.GetProperty("events").EnumerateArray().Select(e => e.Clone())];
    }

    private static List<string> ShownSlugs(IDocument document) =>
        [.. document.QuerySelectorAll("ol.events > li").Select(li => li.Id!["e-".Length..])];

    [Fact]
    public async Task Embed_is_a_small_document_of_its_own_without_blazor_mudblazor_or_other_hosts()
    {
        var (response, html, document) = await GetAsync(EmbedPath);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("blazor.web.js", html, StringComparison.Ordinal);
        Assert.DoesNotContain("_content/MudBlazor", html, StringComparison.Ordinal);
        Assert.Equal("en", document.DocumentElement.GetAttribute("lang"));
        var script = Assert.Single(document.Scripts);
        Assert.Matches("^/embed/frame\\.[a-z0-9]+\\.js$", script.Source);
        Assert.True(script.IsDeferred);
        var stylesheet = Assert.Single(document.QuerySelectorAll("link[rel=stylesheet]"));
        Assert.Matches("^/embed/embed\\.[a-z0-9]+\\.css$", stylesheet.GetAttribute("href"));
        Assert.All(document.QuerySelectorAll("[src], link[href]"), e => Assert.StartsWith("/", e.GetAttribute("src") ?? e.GetAttribute("href"), StringComparison.Ordinal));
        Assert.Empty(document.QuerySelectorAll("style, [style]"));
    }

    [Fact]
    public async Task Embed_lists_every_published_event_oldest_first_with_dates_headings_and_excerpts_on_demand()
    {
        var (_, _, document) = await GetAsync(EmbedPath);
        var events = await ApiEventsAsync();

        Assert.Equal(events.Select(e => e.GetProperty("slug").GetString()), ShownSlugs(document));
        Assert.Equal("North Korean workers in Russia", document.QuerySelector("h1")?.TextContent.Replace(" (opens in a new tab)", "", StringComparison.Ordinal));
        Assert.Equal(events.Count, document.QuerySelectorAll("ol.events article h2").Length);
        var first = document.QuerySelector("ol.events > li article")!;
        Assert.Equal(events[0].GetProperty("start").GetString(), first.QuerySelector("time")?.GetAttribute("datetime"));
        var details = first.QuerySelector("details")!;
        Assert.False(details.HasAttribute("open"));
        Assert.StartsWith("Evidence:", details.QuerySelector("summary")?.TextContent, StringComparison.Ordinal);
        Assert.Equal(events[0].GetProperty("excerpts").GetArrayLength(), details.QuerySelectorAll("figure blockquote").Length);
        Assert.Contains(events[0].GetProperty("excerpts")[0].GetProperty("quote").GetString()!, details.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_link_opens_the_full_site_in_a_new_tab_and_says_so()
    {
        var (_, _, document) = await GetAsync(EmbedPath);
        var links = document.QuerySelectorAll("a[href]");

        Assert.Equal("_blank", document.QuerySelector("base")?.GetAttribute("target"));
        Assert.All(links, a =>
        {
            Assert.Equal("_blank", a.GetAttribute("target"));
            Assert.Contains("noopener", a.GetAttribute("rel"), StringComparison.Ordinal);
            Assert.Contains("(opens in a new tab)", a.TextContent, StringComparison.Ordinal);
        });
        Assert.All(document.QuerySelectorAll("ol.events h2 a"), a => Assert.StartsWith($"/t/{Slug}/e/", a.GetAttribute("href"), StringComparison.Ordinal));
        Assert.Contains(links, a => a.GetAttribute("href")!.StartsWith("/sources/", StringComparison.Ordinal));
        var full = document.QuerySelector("footer a")!;
        Assert.Equal($"/t/{Slug}", full.GetAttribute("href"));
        Assert.StartsWith("View the full timeline", full.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tag_filter_shows_only_the_events_with_that_tag()
    {
        var (_, _, document) = await GetAsync($"{EmbedPath}?tag=military");
        var expected = (await ApiEventsAsync())
            .Where(e => e.GetProperty("tags").EnumerateArray().Any(t => t.GetString() == "military"))
            .Select(e => e.GetProperty("slug").GetString());

        Assert.Equal(expected, ShownSlugs(document));
        Assert.Contains("tagged “military”", document.QuerySelector(".header__stats")?.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Actor_filter_accepts_the_actors_name_and_shows_only_their_events()
    {
        var (_, _, document) = await GetAsync($"{EmbedPath}?actor=Wildberries");
        var expected = (await ApiEventsAsync())
            .Where(e => e.GetProperty("actors").EnumerateArray().Any(a => a.GetString() == "Wildberries"))
            .Select(e => e.GetProperty("slug").GetString());

        Assert.Equal(expected, ShownSlugs(document));
        Assert.Empty(document.QuerySelectorAll(".notice"));
    }

    [Fact]
    public async Task Date_filters_keep_the_events_that_reach_into_the_range()
    {
        var (_, _, document) = await GetAsync($"{EmbedPath}?from=2024&to=2024-12");

        var shown = document.QuerySelectorAll("ol.events .event__date time").Select(t => t.GetAttribute("datetime")!).ToList();
        Assert.NotEmpty(shown);
        Assert.All(shown, iso => Assert.StartsWith("2024", iso, StringComparison.Ordinal));
        Assert.True(shown.Count < (await ApiEventsAsync()).Count);
    }

    [Fact]
    public async Task Start_event_is_marked_and_opened_while_the_others_stay_closed()
    {
        var start = (await ApiEventsAsync())[3].GetProperty("slug").GetString();

        var (_, _, document) = await GetAsync($"{EmbedPath}?start={start}");

        var item = document.QuerySelector($"#e-{start}")!;
        Assert.Contains("is-start", item.ClassList);
        Assert.True(item.QuerySelector("details")!.HasAttribute("open"));
        Assert.Single(document.QuerySelectorAll("details[open]"));
    }

    [Fact]
    public async Task Theme_follows_the_readers_system_unless_set_and_compact_leaves_out_summaries()
    {
        var (_, _, auto) = await GetAsync(EmbedPath);
        var (_, _, dark) = await GetAsync($"{EmbedPath}?theme=dark&compact");

        Assert.Equal("light dark", auto.QuerySelector("meta[name=color-scheme]")?.GetAttribute("content"));
        Assert.NotEmpty(auto.QuerySelectorAll(".event__summary"));
        Assert.Equal("dark", dark.QuerySelector("meta[name=color-scheme]")?.GetAttribute("content"));
        Assert.Contains("theme-dark", dark.DocumentElement.ClassList);
        Assert.Contains("compact", dark.DocumentElement.ClassList);
        Assert.Empty(dark.QuerySelectorAll(".event__summary"));
    }

    [Fact]
    public async Task Unusable_options_are_explained_inside_the_frame_and_the_timeline_still_shows()
    {
        var (response, _, document) = await GetAsync($"{EmbedPath}?from=2019-13&theme=purple&tag=weather");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var notice = document.QuerySelector("section.notice")!;
        Assert.Equal("Some embed options were set aside", notice.QuerySelector("h2")?.TextContent);
        Assert.Equal(
            [
                "“from=2019-13” was ignored: month must be between 1 and 12.",
                "“theme=purple” was ignored: use light, dark or auto.",
                "“tag=weather” was ignored: no event of this timeline has that tag.",
            ],
            notice.QuerySelectorAll("li").Select(li => li.TextContent));
        Assert.Equal((await ApiEventsAsync()).Count, ShownSlugs(document).Count);
    }

    [Fact]
    public async Task Filters_that_match_nothing_say_so_and_keep_the_way_to_the_full_timeline()
    {
        var (response, _, document) = await GetAsync($"{EmbedPath}?tag=military&to=2020");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(ShownSlugs(document));
        Assert.StartsWith("No event of this timeline matches these options", document.QuerySelector("[role=status]")?.TextContent, StringComparison.Ordinal);
        Assert.Equal($"/t/{Slug}", document.QuerySelector("footer a")?.GetAttribute("href"));
    }

    [Fact]
    public async Task Event_embed_shows_one_event_with_its_excerpts_open_and_links_to_it_in_the_timeline()
    {
        var (response, html, document) = await GetAsync($"{EmbedPath}/e/un-resolution-2375?theme=light&tag=ignored");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("blazor.web.js", html, StringComparison.Ordinal);
        Assert.StartsWith("UN Security Council adopts Resolution 2375", document.QuerySelector("h1")?.TextContent, StringComparison.Ordinal);
        Assert.Equal($"/t/{Slug}/e/un-resolution-2375", document.QuerySelector("h1 a")?.GetAttribute("href"));
        Assert.True(document.QuerySelector("details")!.HasAttribute("open"));
        Assert.Equal($"/t/{Slug}#e-un-resolution-2375", document.QuerySelector("footer a")?.GetAttribute("href"));
        Assert.Empty(document.QuerySelectorAll(".notice"));
        Assert.Equal("light", document.QuerySelector("meta[name=color-scheme]")?.GetAttribute("content"));
    }

    [Theory]
    [InlineData("/embed/t/no-such-timeline", "This timeline is not available")]
    [InlineData($"{EmbedPath}/e/no-such-event", "This event is not available")]
    public async Task Unknown_timelines_and_events_get_a_small_404_page_that_shows_inside_the_frame(string path, string heading)
    {
        var (response, html, document) = await GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(heading, document.QuerySelector("h1")?.TextContent);
        Assert.DoesNotContain("blazor.web.js", html, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors *", Assert.Single(response.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
        Assert.Equal("_blank", document.QuerySelector("main a")?.GetAttribute("target"));
    }

    [Fact]
    public async Task Loader_is_served_at_embed_js_for_other_sites_to_include()
    {
        var client = app.CreateClient();
        var response = await client.GetAsync(new Uri("/embed.js", UriKind.Relative));
        var script = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("public, max-age=3600", response.Headers.CacheControl?.ToString());
        Assert.Equal("cross-origin", Assert.Single(response.Headers.GetValues("Cross-Origin-Resource-Policy")));
        Assert.Contains("data-timeline", script, StringComparison.Ordinal);
        Assert.Contains("event.origin !== origin", script, StringComparison.Ordinal);

        using var conditional = new HttpRequestMessage(HttpMethod.Get, new Uri("/embed.js", UriKind.Relative));
        conditional.Headers.IfNoneMatch.Add(response.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(conditional)).StatusCode);
    }

    [Theory]
    [InlineData("/embed/embed.css", "text/css")]
    [InlineData("/embed/frame.js", "text/javascript")]
    [InlineData("/embed/social-card.png", "image/png")]
    public async Task Embed_assets_are_served(string path, string mediaType)
    {
        var response = await app.CreateClient().GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Embed_html_is_compressed_for_clients_that_accept_it()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(EmbedPath, UriKind.Relative));
        request.Headers.AcceptEncoding.ParseAdd("br, gzip");

        var response = await app.CreateClient().SendAsync(request);

        Assert.Equal("br", Assert.Single(response.Content.Headers.ContentEncoding));
        Assert.Contains("Accept-Encoding", response.Headers.Vary);
    }
}
