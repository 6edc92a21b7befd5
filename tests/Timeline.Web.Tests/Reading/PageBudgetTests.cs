using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Timeline.Web.Features.Generate;
using Timeline.Web.Tests.Infrastructure;

namespace Timeline.Web.Tests.Reading;

/// <summary>A real app over a generated 10,000-event timeline, shared by the page-size checks.</summary>
public sealed class TenThousandEventsApp : IAsyncLifetime
{
    public const string Slug = "synthetic-10k";

    public TimelineAppFactory App { get; } = new();

    public async Task InitializeAsync()
    {
        await using var scope = App.Services.CreateAsyncScope();
        var (report, problem) = await ActivatorUtilities.CreateInstance<SyntheticTimelineWriter>(scope.ServiceProvider)
            .WriteAsync(new GenerateOptions(10_000, 30_000, 500, Slug, 42));
        if (report is null)
        {
            throw new InvalidOperationException(problem);
        }
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}

/// <summary>At 10,000 events no reader page sends more than 300 KB of HTML, and paging links keep working.</summary>
public sealed partial class PageBudgetTests(TenThousandEventsApp fixture) : IClassFixture<TenThousandEventsApp>
{
    private const int Budget = 300 * 1024;
    private const string Path = "/t/" + TenThousandEventsApp.Slug;

    [Theory]
    [InlineData(Path)]
    [InlineData(Path + "?page=2")]
    [InlineData(Path + "?page=250")]
    [InlineData(Path + "?disputed=1")]
    [InlineData(Path + "?from=1990&to=1999")]
    [InlineData(Path + "?tag=labour&from=1990&to=1999")]
    [InlineData(Path + "?from=1990-03&to=1990-06")]
    [InlineData(Path + "/disagreements")]
    [InlineData("/search?q=sanctions")]
    [InlineData("/")]
    public async Task Reader_pages_stay_under_300_KB_of_html(string path)
    {
        var response = await fixture.App.CreateClient().GetAsync(new Uri(path, UriKind.Relative));
        var bytes = (await response.Content.ReadAsByteArrayAsync()).Length;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(bytes <= Budget, $"{path} sent {bytes / 1024} KB of HTML");
    }

    [Fact]
    public async Task The_event_and_source_pages_of_a_large_timeline_stay_under_budget()
    {
        int sourceId = 0;
        string eventSlug = "";
        await fixture.App.WithDbAsync(async db =>
        {
            sourceId = await db.Excerpts.GroupBy(x => x.SourceId).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstAsync();
            eventSlug = await db.Events.Where(e => e.Timeline.Slug == TenThousandEventsApp.Slug).OrderByDescending(e => e.Excerpts.Count).Select(e => e.Slug).FirstAsync();
        });

        foreach (var path in new[] { $"/sources/{sourceId}", $"{Path}/e/{eventSlug}" })
        {
            var response = await fixture.App.CreateClient().GetAsync(new Uri(path, UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True((await response.Content.ReadAsByteArrayAsync()).Length <= Budget, path);
        }
    }

    [Fact]
    public async Task At_ten_thousand_events_the_axis_draws_clusters_that_zoom_in_until_events_have_their_own_marks()
    {
        var client = fixture.App.CreateClient();
        var html = await client.GetStringAsync(new Uri(Path, UriKind.Relative));

        // The whole timeline: density and a few dozen clusters, not 10,000 marks.
        Assert.Empty(AxisMarks().Matches(html));
        var clusters = Clusters().Matches(html).ToList();
        Assert.InRange(clusters.Count, 10, 2 * 25);
        Assert.Equal(10_000 * 2, clusters.Sum(c => int.Parse(c.Groups[2].Value, System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture)));

        // Each cluster zooms in on its stretch of time; a few steps reach a view whose events have marks of their own.
        var marks = 0;
        var steps = 0;
        var url = System.Net.WebUtility.HtmlDecode(clusters.MaxBy(c => int.Parse(c.Groups[2].Value, System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture))!.Groups[1].Value);
        while (marks == 0 && steps++ < 6)
        {
            var page = await client.GetStringAsync(new Uri(url, UriKind.Relative));
            marks = AxisMarks().Count(page);
            var next = Clusters().Matches(page).FirstOrDefault();
            if (marks == 0)
            {
                Assert.NotNull(next);
                url = System.Net.WebUtility.HtmlDecode(next.Groups[1].Value);
            }
        }

        Assert.InRange(marks, 1, 2 * Timeline.Web.Features.Reading.AxisData.MaxMarks);
        Assert.True(steps <= 3, $"{steps} zoom steps to reach single events");
    }

    [GeneratedRegex("<a href=\"/t/synthetic-10k/e/([a-z0-9-]+)\" aria-label=")]
    private static partial Regex AxisMarks();

    [GeneratedRegex("<a href=\"([^\"]+)\" aria-label=\"([\\d,]+) events?, [^\"]*: zoom in\"")]
    private static partial Regex Clusters();
}
