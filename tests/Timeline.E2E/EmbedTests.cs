using System.Globalization;
using System.Text.RegularExpressions;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace Timeline.E2E;

/// <summary>
/// A journalist's article on another site (another origin) embeds the timeline with /embed.js; its readers use the
/// embed in real Chromium.
/// </summary>
[Collection(AppGroup.Name)]
public sealed partial class EmbedTests(AppFixture app) : IAsyncLifetime
{
    private const string Slug = "north-korean-workers-in-russia";
    private ArticleSite site = null!;

    public async Task InitializeAsync() => site = await ArticleSite.StartAsync(app.BaseAddress);

    public async Task DisposeAsync() => await site.DisposeAsync();

    private string AppOrigin => app.BaseAddress.GetLeftPart(UriPartial.Authority);

    private async Task<BrowserSession> OpenArticleAsync(string embedAttributes = "", int width = 800)
    {
        var session = await app.OpenAsync(width);
        await session.Page.GotoAsync(site.ArticleUrl(embedAttributes));
        return session;
    }

    private static Task<float> FrameHeightAsync(IPage page) =>
        page.Locator("iframe").EvaluateAsync<float>("f => f.getBoundingClientRect().height");

    private static async Task WaitForFittedFrameAsync(IPage page) =>
        await page.WaitForFunctionAsync("() => { const f = document.querySelector('iframe'); return f && f.style.height !== '480px'; }");

    [Fact]
    public async Task Article_on_another_site_shows_the_events_in_a_frame_that_fits_them_and_grows_when_excerpts_open()
    {
        await using var session = await OpenArticleAsync();
        var page = session.Page;
        var sockets = 0;
        page.WebSocket += (_, _) => sockets++;

        var iframe = page.Locator("iframe");
        await Assertions.Expect(iframe).ToHaveAttributeAsync("title", "Timeline: North Korean workers in Russia");
        await Assertions.Expect(iframe).ToHaveAttributeAsync("loading", "lazy");
        Assert.StartsWith($"{AppOrigin}/embed/t/{Slug}?frame=timeline-embed-1", await iframe.GetAttributeAsync("src"), StringComparison.Ordinal);
        var frame = page.FrameLocator("iframe");
        await Assertions.Expect(frame.Locator("h1")).ToContainTextAsync("North Korean workers in Russia");
        await Assertions.Expect(frame.Locator("ol.events > li")).ToHaveCountAsync(29);
        await WaitForFittedFrameAsync(page);

        var closed = await FrameHeightAsync(page);
        var content = await frame.Locator("html").EvaluateAsync<float>("html => html.getBoundingClientRect().height");
        Assert.InRange(closed, content - 1, content + 1);

        await frame.Locator("ol.events details summary").First.ClickAsync();
        await Assertions.Expect(frame.Locator("ol.events details[open] blockquote").First).ToBeVisibleAsync();
        await page.WaitForFunctionAsync(string.Create(CultureInfo.InvariantCulture, $"() => document.querySelector('iframe').getBoundingClientRect().height > {closed + 50}"));
        Assert.Equal(0, sockets);
    }

    [Fact]
    public async Task Links_in_the_frame_open_the_full_site_in_a_new_tab()
    {
        await using var session = await OpenArticleAsync();
        var page = session.Page;
        var frame = page.FrameLocator("iframe");
        await Assertions.Expect(frame.Locator("footer a")).ToBeVisibleAsync();

        var links = await frame.Locator("a[href]").EvaluateAllAsync<string[][]>("links => links.map(a => [a.href, a.target, a.rel])");
        Assert.All(links, link =>
        {
            Assert.StartsWith(AppOrigin + "/", link[0], StringComparison.Ordinal);
            Assert.Equal("_blank", link[1]);
            Assert.Contains("noopener", link[2], StringComparison.Ordinal);
        });

        var title = frame.Locator("ol.events h2 a").First;
        var popup = await page.RunAndWaitForPopupAsync(() => title.ClickAsync());
        await popup.WaitForLoadStateAsync();
        Assert.Matches(EventPage(), popup.Url);
        Assert.StartsWith(AppOrigin, popup.Url, StringComparison.Ordinal);
        await Assertions.Expect(popup.Locator("h1")).ToBeVisibleAsync();
        Assert.StartsWith(site.Origin, page.Url, StringComparison.Ordinal);

        var full = await page.RunAndWaitForPopupAsync(() => frame.Locator("footer a").ClickAsync());
        await full.WaitForLoadStateAsync();
        Assert.Equal($"{AppOrigin}/t/{Slug}", full.Url);
    }

    [Fact]
    public async Task Options_written_as_data_attributes_reach_the_frame()
    {
        await using var session = await OpenArticleAsync("data-tag=\"military\" data-theme=\"dark\" data-compact");
        var page = session.Page;
        var frame = page.FrameLocator("iframe");

        await Assertions.Expect(frame.Locator(".header__stats")).ToContainTextAsync("tagged “military”");
        await Assertions.Expect(frame.Locator("html")).ToHaveClassAsync(new Regex("theme-dark"));
        await Assertions.Expect(frame.Locator(".event__summary")).ToHaveCountAsync(0);
        var background = await frame.Locator("html").EvaluateAsync<string>("html => getComputedStyle(html).backgroundColor");
        Assert.Equal("rgb(22, 25, 30)", background);
    }

    [Fact]
    public async Task Height_messages_from_anywhere_but_the_embeds_own_frame_are_ignored()
    {
        await using var session = await OpenArticleAsync();
        var page = session.Page;
        await Assertions.Expect(page.FrameLocator("iframe").Locator("footer a")).ToBeVisibleAsync();
        await WaitForFittedFrameAsync(page);

        // Posted by the article itself: the right shape and frame id, but the wrong origin and source.
        await page.EvaluateAsync("""
            () => new Promise(resolve => {
                addEventListener('message', () => resolve(), { once: true });
                postMessage({ type: 'timeline-embed:height', frame: 'timeline-embed-1', height: 7 }, '*');
            })
            """);

        // The loader's listener was added first, so it has seen the message by the time the one above resolved.
        Assert.NotEqual(7, await FrameHeightAsync(page));
    }

    [Fact]
    public async Task A_max_height_keeps_a_long_timeline_scrolling_inside_its_frame_opened_at_the_start_event()
    {
        await using var session = await OpenArticleAsync("data-max-height=\"600\" data-start=\"deadline-to-repatriate-all-north-korean-workers\"");
        var page = session.Page;
        await Assertions.Expect(page.FrameLocator("iframe").Locator("li.is-start details[open]")).ToBeVisibleAsync();
        await page.WaitForFunctionAsync("() => document.querySelector('iframe').style.height === '600px'");
        var frame = page.FrameByUrl(new Regex("/embed/t/"))!;

        await Assertions.Expect(page.FrameLocator("iframe").Locator("li.is-start h2")).ToBeInViewportAsync();
        Assert.True(await frame.EvaluateAsync<float>("() => document.documentElement.scrollTop") > 0);
        Assert.Equal(0, await page.EvaluateAsync<float>("() => scrollY"));
    }

    [Fact]
    public async Task Excerpts_open_without_javascript()
    {
        await using var session = await app.OpenAsync(javaScript: false);
        var page = session.Page;
        await page.GotoAsync($"/embed/t/{Slug}");

        await page.Locator("ol.events details summary").First.ClickAsync();

        await Assertions.Expect(page.Locator("ol.events details[open] blockquote").First).ToBeVisibleAsync();
    }

    [Theory]
    [InlineData($"/embed/t/{Slug}", ColorScheme.Light)]
    [InlineData($"/embed/t/{Slug}", ColorScheme.Dark)]
    [InlineData($"/embed/t/{Slug}?theme=dark&compact&start=un-resolution-2375", ColorScheme.Light)]
    [InlineData($"/embed/t/{Slug}?theme=light&from=2019-13&tag=weather", ColorScheme.Dark)]
    [InlineData($"/embed/t/{Slug}?tag=military&to=2020", ColorScheme.Light)]
    [InlineData($"/embed/t/{Slug}/e/un-resolution-2375", ColorScheme.Dark)]
    [InlineData($"/embed/t/{Slug}?view=story", ColorScheme.Light)]
    [InlineData($"/embed/t/{Slug}?view=story&start=un-resolution-2375&theme=dark", ColorScheme.Dark)]
    [InlineData("/embed/t/no-such-timeline", ColorScheme.Light)]
    public async Task Embed_pages_have_no_accessibility_violations_with_every_excerpt_open(string path, ColorScheme scheme)
    {
        await using var session = await app.OpenAsync(360, 800, scheme);
        var page = session.Page;
        await page.GotoAsync(path);
        await page.EvaluateAsync("() => document.querySelectorAll('details').forEach(d => d.open = true)");

        AxeResult result = await page.RunAxe();

        Assert.True(result.Violations.Length == 0, string.Join("\n", result.Violations.Select(v => $"{v.Id} ({v.Impact}): {v.Help} — {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html))}")));
    }

    [GeneratedRegex($"/t/{Slug}/e/[a-z0-9-]+$")]
    private static partial Regex EventPage();

    [Fact]
    public async Task An_embed_published_before_a_rename_follows_it_inside_its_frame()
    {
        var timeline = await app.Arrange.TimelineAsync("Renamed later");
        await app.Arrange.EventAsync(timeline.Id, "An event readers embedded", "As arranged.", published: true);
        var renamed = $"{timeline.Slug}-renamed";
        await app.Arrange.UseAsync<Timeline.Web.Features.Editing.TimelineEditor, int>(async editor =>
        {
            var input = (await editor.LoadAsync(timeline.Id))!;
            input.Slug = renamed;
            return await editor.SaveAsync(input, new Timeline.Web.Features.Editing.EditorIdentity(null, "e2e@example.org"));
        });

        await using var session = await app.OpenAsync(800);
        await session.Page.GotoAsync(site.FramedArticleUrl(new Uri(app.BaseAddress, $"/embed/t/{timeline.Slug}")));

        var frame = session.Page.FrameLocator("iframe");
        await Assertions.Expect(frame.GetByText("An event readers embedded")).ToBeVisibleAsync();
        var followed = session.Page.Frames.Single(f => f != session.Page.MainFrame);
        Assert.EndsWith($"/embed/t/{renamed}", followed.Url, StringComparison.Ordinal);
    }

    /// <summary>Another site on its own loopback port, serving an article that embeds the timeline with the loader.</summary>
    private sealed class ArticleSite : IAsyncDisposable
    {
        private readonly WebApplication web;

        private ArticleSite(WebApplication web, string origin)
        {
            this.web = web;
            Origin = origin;
        }

        public string Origin { get; }

        public string ArticleUrl(string embedAttributes) => $"{Origin}/article?embed={Uri.EscapeDataString(embedAttributes)}";

        /// <summary>An older article that pasted the iframe snippet itself, with the address the embed had then.</summary>
        public string FramedArticleUrl(Uri frame) => $"{Origin}/framed?src={Uri.EscapeDataString(frame.AbsoluteUri)}";

        public static async Task<ArticleSite> StartAsync(Uri app)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var web = builder.Build();
            var loader = new Uri(app, "/embed.js");
            web.MapGet("/article", (string? embed) => Results.Content(
                $$"""
                <!DOCTYPE html>
                <html lang="en">
                <head><meta charset="utf-8"><title>An article</title></head>
                <body>
                <h1>North Korean labour in Russia</h1>
                <p>The article's own text, before the embed.</p>
                <div data-timeline="{{Slug}}" {{embed}}><a href="{{new Uri(app, $"/t/{Slug}")}}">North Korean workers in Russia</a></div>
                <p>The article goes on after the embed.</p>
                <script src="{{loader}}" async></script>
                </body>
                </html>
                """,
                "text/html"));
            web.MapGet("/framed", (string src) => Results.Content(
                $$"""
                <!DOCTYPE html>
                <html lang="en">
                <head><meta charset="utf-8"><title>An older article</title></head>
                <body>
                <h1>An article from last year</h1>
                <iframe src="{{System.Net.WebUtility.HtmlEncode(src)}}" title="Timeline" width="600" height="500"></iframe>
                </body>
                </html>
                """,
                "text/html"));
            await web.StartAsync();
            var address = web.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
            return new ArticleSite(web, address);
        }

        public async ValueTask DisposeAsync() => await web.DisposeAsync();
    }
}
