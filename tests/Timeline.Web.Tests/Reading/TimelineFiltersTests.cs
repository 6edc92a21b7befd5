using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Timeline.Domain;
using Timeline.Web.Features.Reading;
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

    [Theory]
    [InlineData("?from=2019-02-30", "not a date")]
    [InlineData("?from=2020&to=2019", "“from=2020” is after “to=2019”, so both were ignored.")]
    [InlineData("?to=soon", "“to=soon” was ignored: enter a date as YYYY")]
    [InlineData("?tag=no-such-tag", "“tag=no-such-tag” was ignored: no event of this timeline has that tag.")]
    [InlineData("?source=99999", "“source=99999” was ignored: no event of this timeline cites that source.")]
    [InlineData("?source=abc", "“source=abc” was ignored: a source is given by its number.")]
    public async Task Bad_filter_values_are_ignored_with_a_message_not_an_error(string query, string message)
    {
        var response = await app.CreateClient().GetAsync(new Uri(Path + query, UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(message, WebUtility.HtmlDecode(html), StringComparison.Ordinal);
        Assert.Equal(await ArticlesAsync(""), Articles().Count(html));
    }

    [Theory]
    [InlineData("?tag=military&to=2016")]
    [InlineData("?disputed=1&from=2015&to=2015-06")]
    public async Task Filters_that_match_nothing_give_an_empty_state_with_a_way_out(string query)
    {
        var response = await app.CreateClient().GetAsync(new Uri(Path + query, UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, Articles().Count(html));
        Assert.Contains("No event matches these filters.", html, StringComparison.Ordinal);
        Assert.Contains("Clear all filters", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("?from=2019")]
    [InlineData("?to=2017-09")]
    [InlineData("?from=2018-06&to=2020-03")]
    [InlineData("?from=2024-12-01&to=2025-01")]
    [InlineData("?tag=Labour&from=2025")]
    [InlineData("?actor=wildberries")]
    public async Task The_page_the_embed_and_the_api_select_the_same_events_for_the_same_filter(string query)
    {
        var client = app.CreateClient();
        var page = await GetAsync(query);
        var embed = await client.GetStringAsync(new Uri($"/embed/t/north-korean-workers-in-russia{query}", UriKind.Relative));
        using var api = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync(new Uri($"/api/timelines/north-korean-workers-in-russia{query}", UriKind.Relative)));

        var onPage = ListedEvents().Matches(page).Select(m => m.Groups[1].Value).ToList();
        var onAxis = AxisMarks().Matches(page).Select(m => m.Groups[1].Value).Distinct().ToList();
        var inEmbed = EventLinks().Matches(embed).Select(m => m.Groups[1].Value).Distinct().ToList();
        var inApi = api.RootElement.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("slug").GetString()!).ToList();
        Assert.NotEmpty(onPage);
        Assert.Equal(onPage, inEmbed);
        Assert.Equal(onPage, inApi);
        Assert.Equal(onPage, onAxis);
        Assert.Equal(onPage.Count, api.RootElement.GetProperty("totalEvents").GetInt32());
    }

    [Theory]
    [InlineData("?from=2019-13", "was ignored")]
    [InlineData("?tag=weather", "no event of this timeline has that tag")]
    public async Task The_api_refuses_a_filter_it_cannot_use_with_a_problem_saying_why(string query, string message)
    {
        var response = await app.CreateClient().GetAsync(new Uri($"/api/timelines/north-korean-workers-in-russia{query}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2018-06", null)]
    [InlineData(null, "2017")]
    [InlineData("2018-03", "2018-05")]
    public async Task A_date_range_keeps_the_events_that_reach_into_it_as_the_date_rule_says(string? from, string? to)
    {
        var filter = new TimelineFilter { From = from is null ? null : PartialDate.Parse(from), To = to is null ? null : PartialDate.Parse(to) };
        var expected = new List<string>();
        var startedBefore = 0;
        await app.WithDbAsync(async db =>
        {
            var events = await db.Events.Where(e => e.Timeline.Slug == "north-korean-workers-in-russia" && e.IsPublished)
                .OrderBy(e => e.SortKey).ThenBy(e => e.Id).ToListAsync();
            expected = [.. events.Where(e => filter.Overlaps(e.StartDate, e.EndDate)).Select(e => e.Slug)];
            startedBefore = events.Count(e => filter.From is { } f && filter.Overlaps(e.StartDate, e.EndDate) && e.StartDate.EarliestDay < f.EarliestDay);
        });

        var query = string.Join('&', new[] { from is null ? null : $"from={from}", to is null ? null : $"to={to}" }.Where(p => p is not null));
        var shown = ListedEvents().Matches(await GetAsync("?" + query)).Select(m => m.Groups[1].Value).ToList();

        Assert.NotEmpty(expected);
        Assert.Equal(expected, shown);
        if (from == "2018-06")
        {
            // Events of 2015–August 2018 and February–July 2018 began before June 2018 and still reach into it.
            Assert.True(startedBefore >= 2, $"{startedBefore} events that began earlier reach into the range");
        }
    }

    [Fact]
    public async Task Each_year_on_the_axis_links_to_a_view_of_that_year_that_shows_its_events()
    {
        var html = await GetAsync("");

        Assert.Contains("href=\"/t/north-korean-workers-in-russia?from=2017&amp;to=2017\" aria-label=\"2017: zoom to this year\"", html, StringComparison.Ordinal);
        var year = await GetAsync("?from=2017&to=2017");
        var listed = ListedEvents().Matches(year).Select(m => m.Groups[1].Value).ToList();
        Assert.Contains("un-resolution-2375", listed);
        Assert.DoesNotContain("deadline-to-repatriate-all-north-korean-workers", listed);
        Assert.Contains("<span class=\"axis__range\">2017</span>", year, StringComparison.Ordinal);
    }

    private async Task<int> ArticlesAsync(string query) => Articles().Count(await GetAsync(query));

    private Task<string> GetAsync(string suffix) => app.CreateClient().GetStringAsync(new Uri(Path + suffix, UriKind.Relative));

    [GeneratedRegex("<article class=\"event")]
    private static partial Regex Articles();

    [GeneratedRegex("href=\"/t/north-korean-workers-in-russia/e/([a-z0-9-]+)\"")]
    private static partial Regex EventLinks();

    // The list's cards: each title links to its event.
    [GeneratedRegex("<h4 class=\"event__title\" id=\"[^\"]+\"><a href=\"/t/north-korean-workers-in-russia/e/([a-z0-9-]+)\"")]
    private static partial Regex ListedEvents();

    // The axis's marks: a link with the event's date and title as its name.
    [GeneratedRegex("<a href=\"/t/north-korean-workers-in-russia/e/([a-z0-9-]+)\" aria-label=")]
    private static partial Regex AxisMarks();
}
