using System.Net;
using System.Text.RegularExpressions;
using Timeline.Web.Tests.Infrastructure;

namespace Timeline.Web.Tests.Search;

/// <summary>The search page over the seeded timeline: it finds what readers ask for and answers any input calmly.</summary>
public partial class SearchPageTests(TimelineAppFactory app) : IClassFixture<TimelineAppFactory>
{
    private const string Slug = "north-korean-workers-in-russia";

    [Fact]
    public async Task Search_finds_the_event_about_resolution_2375_with_the_words_highlighted()
    {
        var html = await GetAsync("/search?q=Resolution+2375");

        Assert.Contains($"href=\"/t/{Slug}/e/un-resolution-2375\"", html, StringComparison.Ordinal);
        Assert.Contains("<mark>Resolution 2375</mark>", html, StringComparison.Ordinal);
        Assert.Matches(ResultCount(), html);
    }

    [Fact]
    public async Task Search_for_student_visas_leads_to_the_passage_in_its_source()
    {
        var html = await GetAsync("/search?q=student+visas");

        Assert.Matches("href=\"/sources/\\d+#x-\\d+\"", html);
        Assert.Contains("<mark>student visas</mark>", html, StringComparison.Ordinal);
        Assert.Contains("<ol class=\"search-results\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_quoted_phrase_finds_the_words_together()
    {
        var phrase = await GetAsync("/search?q=%22student+visas%22");
        var reversed = await GetAsync("/search?q=%22visas+student%22");

        Assert.Matches(ResultCount(), phrase);
        Assert.Contains("Nothing matches", reversed, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Россия")]
    [InlineData("북한")]
    [InlineData("\"unbalanced")]
    [InlineData("NEAR(")]
    [InlineData("title:*")]
    [InlineData("AND OR NOT")]
    [InlineData("*")]
    [InlineData("\")(*^:")]
    [InlineData("Sanctions NEAR/3 workers")]
    [InlineData("'; DROP TABLE Events; --")]
    [InlineData("\u0301 😀 \u200B")]
    public async Task Any_query_answers_calmly_with_results_or_a_friendly_message(string query)
    {
        var response = await app.CreateClient().GetAsync(new Uri($"/search?q={Uri.EscapeDataString(query)}", UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("role=\"status\"", html, StringComparison.Ordinal);
        Assert.True(
            ResultCount().IsMatch(html) || html.Contains("Nothing matches", StringComparison.Ordinal) || html.Contains("holds no words", StringComparison.Ordinal),
            $"no results and no friendly message for {query}");
    }

    [Fact]
    public async Task A_query_of_5000_characters_is_cut_and_the_reader_told()
    {
        var html = await GetAsync($"/search?q={new string('x', 5000)}");

        Assert.Contains("only its first 200 were searched for", html, StringComparison.Ordinal);
        Assert.Contains("Nothing matches", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_query_that_matches_nothing_offers_a_way_out()
    {
        var html = await GetAsync("/search?q=zzzyxquux");

        Assert.Contains("Nothing matches", html, StringComparison.Ordinal);
        Assert.Contains("Browse the timelines", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_search_prompts_for_words()
    {
        var html = await GetAsync("/search");

        Assert.Contains("Type a few words", html, StringComparison.Ordinal);
        Assert.Contains("<label class=\"search-form__label\" for=\"search-q\">", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-3")]
    [InlineData("99999")]
    [InlineData("1e9")]
    public async Task A_page_number_out_of_range_or_not_a_number_still_shows_results(string page)
    {
        var html = await GetAsync($"/search?q=workers&page={page}");

        Assert.Matches(ResultCount(), html);
        Assert.Contains("class=\"search-hit", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Results_come_twenty_to_a_page_with_plain_links_between_pages()
    {
        var first = await GetAsync("/search?q=workers");
        var second = await GetAsync("/search?q=workers&page=2");

        Assert.Equal(20, SearchHit().Count(first));
        Assert.Contains("href=\"/search?q=workers&amp;page=2\"", first, StringComparison.Ordinal);
        Assert.Contains("rel=\"prev\"", second, StringComparison.Ordinal);
        Assert.Contains("aria-current=\"page\"", second, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_search_can_be_limited_to_one_timeline_and_an_unknown_one_is_said_so()
    {
        var scoped = await GetAsync($"/search?q=Wildberries&t={Slug}");
        var unknown = await GetAsync("/search?q=Wildberries&t=no-such-timeline");

        Assert.Contains("Searching in", scoped, StringComparison.Ordinal);
        Assert.Contains($"name=\"t\" value=\"{Slug}\"", scoped, StringComparison.Ordinal);
        Assert.Matches(ResultCount(), scoped);
        Assert.Contains("No published timeline is called", unknown, StringComparison.Ordinal);
        Assert.Matches(ResultCount(), unknown);
    }

    [Fact]
    public async Task The_site_header_has_a_labelled_search_box_that_submits_to_the_search_page()
    {
        var html = await GetAsync("/");

        Assert.Contains("<form class=\"site-search\" action=\"/search\" method=\"get\"", html, StringComparison.Ordinal);
        Assert.Contains("<label class=\"visually-hidden\" for=\"site-search-q\">", html, StringComparison.Ordinal);
    }

    private async Task<string> GetAsync(string path)
    {
        var response = await app.CreateClient().GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("blazor-error-ui\" style=\"display: block", html, StringComparison.Ordinal);
        return html;
    }

    [GeneratedRegex("role=\"status\">[\\d,]+ results? for")]
    private static partial Regex ResultCount();

    [GeneratedRegex("<article class=\"search-hit ")]
    private static partial Regex SearchHit();
}

/// <summary>The search page over the seed, on PostgreSQL.</summary>
public sealed class SearchPageTestsOnPostgres(PostgresAppFactory app) : SearchPageTests(app), IClassFixture<PostgresAppFactory>;
