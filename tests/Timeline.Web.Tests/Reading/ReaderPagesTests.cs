using System.Net;
using System.Text.RegularExpressions;
using Timeline.Web.Tests.Infrastructure;

namespace Timeline.Web.Tests.Reading;

/// <summary>The reader pages, served by the real app over its seeded SQLite database.</summary>
public sealed partial class ReaderPagesTests(TimelineAppFactory app) : IClassFixture<TimelineAppFactory>
{
    private const string Slug = "north-korean-workers-in-russia";

    [Fact]
    public async Task Home_lists_the_published_seeded_timeline()
    {
        var html = await app.CreateClient().GetStringAsync(new Uri("/", UriKind.Relative));

        Assert.Contains($"href=\"/t/{Slug}\"", html, StringComparison.Ordinal);
        Assert.Contains("<h1", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Timeline_page_shows_events_grouped_by_year_oldest_first_with_their_quotes()
    {
        var html = await app.CreateClient().GetStringAsync(new Uri($"/t/{Slug}", UriKind.Relative));

        var years = YearHeading().Matches(html).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.True(years.Count >= 4, "expected several years");
        Assert.Equal(years.Order().ToList(), years);
        Assert.Contains("Resolution 2375", html, StringComparison.Ordinal);
        Assert.Contains("<blockquote", html, StringComparison.Ordinal);
        Assert.Contains("Sources disagree", html, StringComparison.Ordinal);
        Assert.Matches("href=\"/sources/\\d+#x-\\d+\"", html);
        Assert.DoesNotContain("blazor-error-ui", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Event_permalink_shows_one_event_with_its_neighbours()
    {
        var client = app.CreateClient();
        var timeline = await client.GetStringAsync(new Uri($"/t/{Slug}", UriKind.Relative));
        var permalink = EventLink().Match(timeline).Groups[1].Value;

        var response = await client.GetAsync(new Uri(permalink, UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<h1 class=\"event__title page-title\"", html, StringComparison.Ordinal);
        Assert.Contains("rel=\"next\"", html, StringComparison.Ordinal);
        Assert.Contains("<time datetime=", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Source_page_highlights_every_cited_passage_with_its_own_anchor()
    {
        var client = app.CreateClient();
        var timeline = await client.GetStringAsync(new Uri($"/t/{Slug}", UriKind.Relative));
        var link = SourceLink().Match(timeline);
        var (sourceId, excerptId) = (link.Groups[1].Value, link.Groups[2].Value);

        var html = await client.GetStringAsync(new Uri($"/sources/{sourceId}", UriKind.Relative));

        Assert.Contains($"<mark id=\"x-{excerptId}\"", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/t/{Slug}/e/", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/t/no-such-timeline")]
    [InlineData("/t/north-korean-workers-in-russia/e/no-such-event")]
    [InlineData("/sources/999999")]
    [InlineData("/no/such/page")]
    public async Task Unknown_pages_answer_404_with_a_helpful_page(string path)
    {
        var response = await app.CreateClient().GetAsync(new Uri(path, UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("This page does not exist", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_check_answers_200_when_the_database_is_reachable()
    {
        var response = await app.CreateClient().GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Reader_pages_carry_a_content_security_policy()
    {
        var response = await app.CreateClient().GetAsync(new Uri($"/t/{Slug}", UriKind.Relative));

        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/t/north-korean-workers-in-russia")]
    [InlineData("/t/north-korean-workers-in-russia/e/un-resolution-2375")]
    [InlineData("/sources/1")]
    public async Task Reader_pages_set_no_cookie_and_may_be_cached_briefly_by_anyone(string path)
    {
        var response = await app.CreateClient().GetAsync(new Uri(path, UriKind.Relative));

        Assert.False(response.Headers.Contains("Set-Cookie"), "reader pages must hold no per-reader state");
        Assert.True(response.Headers.CacheControl?.Public);
        Assert.Equal(TimeSpan.FromSeconds(60), response.Headers.CacheControl?.MaxAge);
    }

    [Fact]
    public async Task The_sign_in_page_keeps_its_antiforgery_cookie()
    {
        await app.CreateClient().GetAsync(new Uri("/account/login", UriKind.Relative));

        var again = await app.CreateClient().GetAsync(new Uri("/account/login", UriKind.Relative));

        Assert.Contains(again.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/css/site.css", "text/css")]
    [InlineData("/_content/MudBlazor/MudBlazor.min.css", "text/css")]
    [InlineData("/favicon.svg", "image/svg+xml")]
    public async Task Stylesheets_and_icon_are_served(string path, string mediaType)
    {
        var response = await app.CreateClient().GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
    }

    [GeneratedRegex("<h3 class=\"year__title\" id=\"y-(\\d{4})\">")]
    private static partial Regex YearHeading();

    [GeneratedRegex("<h4 class=\"event__title\" id=\"[^\"]+\"><a href=\"([^\"]+)\"")]
    private static partial Regex EventLink();

    [GeneratedRegex("href=\"/sources/(\\d+)#x-(\\d+)\"")]
    private static partial Regex SourceLink();
}
