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
        var shown = EventLinks().Matches(await GetAsync("?" + query)).Select(m => m.Groups[1].Value).Distinct().ToList();

        Assert.NotEmpty(expected);
        Assert.Equal(expected, shown);
        if (from == "2018-06")
        {
            // Events of 2015–August 2018 and February–July 2018 began before June 2018 and still reach into it.
            Assert.True(startedBefore >= 2, $"{startedBefore} events that began earlier reach into the range");
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

    [GeneratedRegex("href=\"/t/north-korean-workers-in-russia/e/([a-z0-9-]+)\"")]
    private static partial Regex EventLinks();
}
