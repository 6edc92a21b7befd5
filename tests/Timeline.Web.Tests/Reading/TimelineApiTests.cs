using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Timeline.Web.Tests.Infrastructure;

namespace Timeline.Web.Tests.Reading;

/// <summary>The read-only JSON API over the seeded timeline.</summary>
public sealed class TimelineApiTests(TimelineAppFactory app) : IClassFixture<TimelineAppFactory>
{
    private const string Slug = "north-korean-workers-in-russia";
    private static readonly string[] Roles = ["supports", "disputes", "context"];

    [Fact]
    public async Task Timelines_list_names_the_published_timeline()
    {
        using var doc = JsonDocument.Parse(await app.CreateClient().GetStringAsync(new Uri("/api/timelines", UriKind.Relative)));

        var item = Assert.Single(doc.RootElement.EnumerateArray());
        Assert.Equal(Slug, item.GetProperty("slug").GetString());
        Assert.True(item.GetProperty("eventCount").GetInt32() >= 15);
    }

    [Fact]
    public async Task Timeline_json_has_events_in_date_order_with_iso_dates_and_excerpts()
    {
        using var doc = JsonDocument.Parse(await app.CreateClient().GetStringAsync(new Uri($"/api/timelines/{Slug}", UriKind.Relative)));
        var events = doc.RootElement.GetProperty("events").EnumerateArray().ToList();

        Assert.True(events.Count >= 15);
        foreach (var e in events)
        {
            Assert.Matches("^\\d{4}(-\\d{2}(-\\d{2})?)?$", e.GetProperty("start").GetString());
            Assert.False(string.IsNullOrWhiteSpace(e.GetProperty("dateLabel").GetString()));
            Assert.NotEmpty(e.GetProperty("excerpts").EnumerateArray());
            foreach (var x in e.GetProperty("excerpts").EnumerateArray())
            {
                Assert.Contains(x.GetProperty("role").GetString(), Roles);
                Assert.True(x.GetProperty("end").GetInt32() > x.GetProperty("start").GetInt32());
                Assert.False(string.IsNullOrEmpty(x.GetProperty("quote").GetString()));
                Assert.False(string.IsNullOrEmpty(x.GetProperty("source").GetProperty("outlet").GetString()));
                Assert.True(x.GetProperty("sourceId").GetInt32() > 0);
            }
        }

        var resolution = events.First(e => e.GetProperty("title").GetString()!.Contains("2375", StringComparison.Ordinal));
        Assert.StartsWith("2017-09", resolution.GetProperty("start").GetString(), StringComparison.Ordinal);
        Assert.Contains(events, e => e.GetProperty("excerpts").EnumerateArray().Any(x => x.GetProperty("role").GetString() == "disputes"));
    }

    [Fact]
    public async Task Excerpt_offsets_point_at_the_quote_in_the_source_text()
    {
        var client = app.CreateClient();
        using var doc = JsonDocument.Parse(await client.GetStringAsync(new Uri($"/api/timelines/{Slug}", UriKind.Relative)));
        var excerpt = doc.RootElement.GetProperty("events")[0].GetProperty("excerpts")[0];
        var sourceId = excerpt.GetProperty("sourceId").GetInt32();

        string text = "";
        await app.WithDbAsync(async db => text = (await db.Sources.FindAsync(sourceId))!.Text);

        var (start, end) = (excerpt.GetProperty("start").GetInt32(), excerpt.GetProperty("end").GetInt32());
        Assert.Equal(excerpt.GetProperty("quote").GetString(), text[start..end]);
    }

    [Fact]
    public async Task Unknown_timeline_gives_404_with_a_problem_body()
    {
        var response = await app.CreateClient().GetAsync(new Uri("/api/timelines/nope", UriKind.Relative));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(404, problem.GetProperty("status").GetInt32());
        Assert.Contains("nope", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
