using System.Net;
using System.Text.RegularExpressions;
using Timeline.Web.Tests.Infrastructure;

namespace Timeline.Web.Tests.Reading;

/// <summary>Filters live in the query string, combine, show counts, and survive bad input.</summary>
public sealed partial class TimelineFiltersTests(TimelineAppFactory app) : IClassFixture<TimelineAppFactory>
{
    private const string Path = "/t/north-korean-workers-in-russia";

    [Fact]
    public async Task A_tag_filter_keeps_only_events_with_that_tag_and_says_how_many()
    {
        var all = await ArticlesAsync("");
        var html = await GetAsync("?tag=e-commerce");

        var filtered = Articles().Count(html);
        Assert.InRange(filtered, 1, all - 1);
        Assert.Contains($"{filtered} of {all} events match these filters.", html, StringComparison.Ordinal);
        Assert.Contains("Clear all filters", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Filters_combine()
    {
        var tag = await ArticlesAsync("?tag=e-commerce");
        var both = await ArticlesAsync("?tag=e-commerce&disputed=1");
        var dated = await ArticlesAsync("?tag=e-commerce&from=2025-04-15&to=2025-04-15");

        Assert.InRange(both, 1, tag - 1);
        Assert.InRange(dated, 1, tag - 1);
    }

    [Fact]
    public async Task A_date_range_keeps_events_within_it_at_any_precision()
    {
        var html = await GetAsync("?from=2019&to=2020");

        Assert.Contains("Deadline for sending all North Korean workers home", html, StringComparison.Ordinal);
        Assert.Contains("early 2020", html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"y-2018\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"y-2024\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Filter_options_show_counts_per_value()
    {
        var html = await GetAsync("");

        Assert.Matches("<option value=\"sanctions\"[^>]*>sanctions \\(\\d+\\)</option>", html);
        Assert.Matches("<option value=\"wildberries\"[^>]*>Wildberries \\(\\d+\\)</option>", html);
        Assert.Matches("<option value=\"\\d+\"[^>]*>The Moscow Times: [^<]+ \\(\\d+\\)</option>", html);
    }

    [Theory]
    [InlineData("?from=2019-02-30", "not a date")]
    [InlineData("?from=2020&to=2019", "is before")]
    [InlineData("?to=soon", "Enter a date as YYYY")]
    public async Task Bad_filter_values_are_ignored_with_a_message_not_an_error(string query, string message)
    {
        var response = await app.CreateClient().GetAsync(new Uri(Path + query, UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(message, html, StringComparison.Ordinal);
        Assert.Equal(await ArticlesAsync(""), Articles().Count(html));
    }

    [Theory]
    [InlineData("?tag=no-such-tag")]
    [InlineData("?source=99999")]
    [InlineData("?page=-3&source=abc")]
    public async Task Filters_that_match_nothing_give_an_empty_state_with_a_way_out(string query)
    {
        var response = await app.CreateClient().GetAsync(new Uri(Path + query, UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        if (Articles().Count(html) == 0)
        {
            Assert.Contains("No event matches these filters.", html, StringComparison.Ordinal);
            Assert.Contains("Clear all filters", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_overview_band_links_each_year_to_where_it_starts()
    {
        var html = await GetAsync("");

        Assert.Contains("aria-label=\"Overview: events per year\"", html, StringComparison.Ordinal);
        Assert.Matches("href=\"/t/north-korean-workers-in-russia#y-2017\"[^>]*aria-label=\"2017: \\d+ events\"", html);
    }

    [Fact]
    public async Task The_disagreements_page_sets_disputing_passages_against_supporting_ones()
    {
        var html = await GetAsync("/disagreements");

        Assert.Contains("Where sources disagree", html, StringComparison.Ordinal);
        Assert.True(Regex.Count(html, "class=\"dispute\"") >= 3);
        Assert.Contains("excerpt--disputes", html, StringComparison.Ordinal);
        Assert.Contains("excerpt--supports", html, StringComparison.Ordinal);
    }

    private async Task<int> ArticlesAsync(string query) => Articles().Count(await GetAsync(query));

    private Task<string> GetAsync(string suffix) => app.CreateClient().GetStringAsync(new Uri(Path + suffix, UriKind.Relative));

    [GeneratedRegex("<article class=\"event")]
    private static partial Regex Articles();
}
