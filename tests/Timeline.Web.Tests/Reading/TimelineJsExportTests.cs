using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Timeline.Web.Tests.Infrastructure;

namespace Timeline.Web.Tests.Reading;

/// <summary>
/// The TimelineJS export of the seeded timeline, field by field against the database: the shape TimelineJS3 reads
/// (title slide, events with split dates, text, unique ids), every published event, the passages quoted verbatim.
/// </summary>
public sealed class TimelineJsExportTests : IDisposable
{
    private const string Slug = "north-korean-workers-in-russia";
    private readonly TimelineAppFactory app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task Every_published_event_is_exported_in_timelinejs_shape_with_its_dates_text_and_passages()
    {
        using var response = await app.CreateClient().GetAsync(new Uri($"/api/timelines/{Slug}/timelinejs", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = doc.RootElement;

        List<(string Slug, string Title, string Start, string? End)> stored = [];
        List<string> quotes = [];
        await app.WithDbAsync(async db =>
        {
            stored = [.. (await db.Events.Where(e => e.Timeline.Slug == Slug && e.IsPublished).OrderBy(e => e.SortKey).ThenBy(e => e.Id)
                .Select(e => new { e.Slug, e.Title, e.Start, e.End }).ToListAsync()).Select(e => (e.Slug, e.Title, e.Start, e.End))];
            quotes = await db.EventExcerpts.Where(x => x.Event.Timeline.Slug == Slug && x.Event.IsPublished).Select(x => x.Excerpt.Exact).ToListAsync();
        });

        Assert.Equal("North Korean workers in Russia", root.GetProperty("title").GetProperty("text").GetProperty("headline").GetString());
        var events = root.GetProperty("events").EnumerateArray().ToList();
        Assert.Equal(stored.Count, events.Count);
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            Assert.Equal(stored[i].Slug, e.GetProperty("unique_id").GetString());
            Assert.Equal(stored[i].Title, e.GetProperty("text").GetProperty("headline").GetString());
            Assert.Equal(stored[i].Start, Iso(e.GetProperty("start_date")));
            Assert.Equal(stored[i].End, e.TryGetProperty("end_date", out var end) ? Iso(end) : null);
            Assert.False(string.IsNullOrEmpty(e.GetProperty("display_date").GetString()));
        }

        var text = string.Join("\n", events.Select(e => e.GetProperty("text").GetProperty("text").GetString()));
        Assert.All(quotes, q => Assert.Contains(System.Net.WebUtility.HtmlEncode(q), text, StringComparison.Ordinal));
        Assert.Contains("— The Wall Street Journal, <a href=\"http://localhost/sources/", text, StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Array, root.GetProperty("eras").ValueKind);
    }

    [Fact]
    public async Task An_unknown_timeline_is_a_404_problem()
    {
        using var response = await app.CreateClient().GetAsync(new Uri("/api/timelines/no-such-timeline/timelinejs", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    // {year: "2017", month: "9"} back to the stored ISO form "2017-09".
    private static string Iso(JsonElement date)
    {
        var iso = date.GetProperty("year").GetString()!;
        if (date.TryGetProperty("month", out var month))
        {
            iso += "-" + int.Parse(month.GetString()!, System.Globalization.CultureInfo.InvariantCulture).ToString("00", System.Globalization.CultureInfo.InvariantCulture);
        }

        if (date.TryGetProperty("day", out var day))
        {
            iso += "-" + int.Parse(day.GetString()!, System.Globalization.CultureInfo.InvariantCulture).ToString("00", System.Globalization.CultureInfo.InvariantCulture);
        }

        return iso;
    }
}
