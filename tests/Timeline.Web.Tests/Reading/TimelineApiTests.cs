using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Timeline.Web.Features.Generate;
using Timeline.Web.Tests.Infrastructure;

namespace Timeline.Web.Tests.Reading;

/// <summary>The read-only JSON API over the seeded timeline, and its paging over a timeline of 450 events.</summary>
public sealed class TimelineApiTests(TimelineAppFactory app, TimelineApiTests.LargeTimeline large)
    : IClassFixture<TimelineAppFactory>, IClassFixture<TimelineApiTests.LargeTimeline>
{
    private const string Slug = "north-korean-workers-in-russia";
    private static readonly string[] Roles = ["supports", "disputes", "context"];

    // The fields the API answered with before it was paged: clients of a one-page timeline see them all unchanged.
    private static readonly string[] TimelineFields = ["slug", "title", "description", "events"];
    private static readonly string[] EventFields = ["slug", "title", "summary", "start", "end", "qualifier", "dateLabel", "disputed", "tags", "actors", "excerpts"];
    private static readonly string[] ExcerptFields = ["id", "sourceId", "quote", "prefix", "suffix", "start", "end", "role", "broken", "source"];
    private static readonly string[] SourceFields = ["id", "title", "outlet", "author", "publishedOn", "url", "href"];
    private static readonly string[] PagingFields = ["page", "pageSize", "pageCount", "totalEvents", "links"];

    // Added since: the eras editors define (name, start, end), empty for the seeded timeline.
    private static readonly string[] LaterFields = ["eras"];

    // What a disputing passage differs in and the editor's note on it (null on other passages).
    private static readonly string[] LaterExcerptFields = ["differs", "note"];

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

    [Fact]
    public async Task The_seeded_timeline_fits_in_one_page_with_the_fields_it_always_had_and_no_next_link()
    {
        var response = await app.CreateClient().GetAsync(new Uri($"/api/timelines/{Slug}", UriKind.Relative));
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = doc.RootElement;
        var total = 0;
        await app.WithDbAsync(async db => total = await db.Events.CountAsync(e => e.IsPublished && e.Timeline.Slug == Slug));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(TimelineFields.Concat(PagingFields).Concat(LaterFields).Order(StringComparer.Ordinal), Names(root).Order(StringComparer.Ordinal));
        Assert.Equal(0, root.GetProperty("eras").GetArrayLength());
        Assert.Equal(Slug, root.GetProperty("slug").GetString());
        Assert.False(string.IsNullOrEmpty(root.GetProperty("title").GetString()));
        Assert.Equal(total, root.GetProperty("events").GetArrayLength());
        Assert.Equal(29, total);
        Assert.All(root.GetProperty("events").EnumerateArray(), e =>
        {
            Assert.Equal(EventFields.Concat(["media", "updated", "notices"]).Order(StringComparer.Ordinal), Names(e).Order(StringComparer.Ordinal));
            Assert.All(e.GetProperty("excerpts").EnumerateArray(), x =>
            {
                Assert.Equal(ExcerptFields.Concat(LaterExcerptFields).Order(StringComparer.Ordinal), Names(x).Order(StringComparer.Ordinal));
                Assert.Equal(SourceFields.Order(StringComparer.Ordinal), Names(x.GetProperty("source")).Order(StringComparer.Ordinal));
            });
        });
        Assert.Equal(1, root.GetProperty("page").GetInt32());
        Assert.Equal(1, root.GetProperty("pageCount").GetInt32());
        Assert.Equal(200, root.GetProperty("pageSize").GetInt32());
        Assert.Equal(total, root.GetProperty("totalEvents").GetInt32());
        var links = root.GetProperty("links");
        Assert.Equal($"/api/timelines/{Slug}?page=1", links.GetProperty("self").GetString());
        Assert.Equal(JsonValueKind.Null, links.GetProperty("next").ValueKind);
        Assert.Equal(JsonValueKind.Null, links.GetProperty("prev").ValueKind);
        Assert.Equal($"/api/timelines/{Slug}?page=1", links.GetProperty("first").GetString());
        Assert.Equal($"/api/timelines/{Slug}?page=1", links.GetProperty("last").GetString());
        Assert.Null(LinkRel(response, "next"));
        Assert.Null(LinkRel(response, "prev"));
    }

    [Fact]
    public async Task A_timeline_of_450_events_comes_in_pages_of_200_200_and_50_with_links_in_the_body_and_the_Link_header()
    {
        var client = large.App.CreateClient();
        var basePath = $"/api/timelines/{LargeTimeline.Slug}";
        int[] sizes = [200, 200, 50];

        for (var page = 1; page <= 3; page++)
        {
            var response = await client.GetAsync(new Uri($"{basePath}?page={page}", UriKind.Relative));
            using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var root = doc.RootElement;
            var links = root.GetProperty("links");
            string? next = page < 3 ? $"{basePath}?page={page + 1}" : null;
            string? prev = page > 1 ? $"{basePath}?page={page - 1}" : null;

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(sizes[page - 1], root.GetProperty("events").GetArrayLength());
            Assert.Equal(page, root.GetProperty("page").GetInt32());
            Assert.Equal(3, root.GetProperty("pageCount").GetInt32());
            Assert.Equal(450, root.GetProperty("totalEvents").GetInt32());
            Assert.Equal($"{basePath}?page={page}", links.GetProperty("self").GetString());
            Assert.Equal(next, links.GetProperty("next").GetString());
            Assert.Equal(prev, links.GetProperty("prev").GetString());
            Assert.Equal($"{basePath}?page=1", links.GetProperty("first").GetString());
            Assert.Equal($"{basePath}?page=3", links.GetProperty("last").GetString());
            Assert.Equal(next, LinkRel(response, "next"));
            Assert.Equal(prev, LinkRel(response, "prev"));
            Assert.Equal($"{basePath}?page=1", LinkRel(response, "first"));
            Assert.Equal($"{basePath}?page=3", LinkRel(response, "last"));
        }
    }

    [Fact]
    public async Task Following_next_from_the_first_page_visits_every_event_once_in_reading_order()
    {
        var client = large.App.CreateClient();
        var seen = new List<string>();
        string? next = $"/api/timelines/{LargeTimeline.Slug}";
        var requests = 0;
        while (next is not null && requests++ < 10)
        {
            using var doc = JsonDocument.Parse(await client.GetStringAsync(new Uri(next, UriKind.Relative)));
            seen.AddRange(doc.RootElement.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("slug").GetString()!));
            next = doc.RootElement.GetProperty("links").GetProperty("next").GetString();
        }

        List<string> expected = [];
        await large.App.WithDbAsync(async db => expected = await db.Events
            .Where(e => e.Timeline.Slug == LargeTimeline.Slug && e.IsPublished)
            .OrderBy(e => e.SortKey).ThenBy(e => e.Id).Select(e => e.Slug).ToListAsync());
        Assert.Equal(3, requests);
        Assert.Equal(450, expected.Count);
        Assert.Equal(expected, seen);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("abc")]
    [InlineData("1.5")]
    [InlineData("")]
    [InlineData("4")]
    [InlineData("99999999999")]
    public async Task A_page_that_is_not_a_whole_number_from_1_to_the_last_is_a_400_problem(string page)
    {
        var response = await large.App.CreateClient().GetAsync(new Uri($"/api/timelines/{LargeTimeline.Slug}?page={page}", UriKind.Relative));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.Contains("page must be a whole number from 1 to 3", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("ETag"));
    }

    [Fact]
    public async Task A_second_page_of_the_seeded_timeline_is_a_400_problem_and_a_repeated_page_key_too()
    {
        var client = app.CreateClient();

        var beyond = await client.GetAsync(new Uri($"/api/timelines/{Slug}?page=2", UriKind.Relative));
        var twice = await client.GetAsync(new Uri($"/api/timelines/{Slug}?page=1&page=1", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, beyond.StatusCode);
        Assert.Contains("from 1 to 1", (await beyond.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, twice.StatusCode);
    }

    [Fact]
    public async Task Each_page_has_its_own_ETag_and_a_matching_If_None_Match_gets_304_for_that_page_only()
    {
        var client = large.App.CreateClient();
        var path = $"/api/timelines/{LargeTimeline.Slug}";

        var first = await client.GetAsync(new Uri($"{path}?page=1", UriKind.Relative));
        var second = await client.GetAsync(new Uri($"{path}?page=2", UriKind.Relative));
        var secondAgain = await SendAsync(client, HttpMethod.Get, $"{path}?page=2", second.Headers.ETag!);
        var firstWithSecondsTag = await SendAsync(client, HttpMethod.Get, $"{path}?page=1", second.Headers.ETag!);
        var head = await SendAsync(client, HttpMethod.Head, $"{path}?page=2");

        Assert.NotNull(first.Headers.ETag);
        Assert.NotNull(second.Headers.ETag);
        Assert.NotEqual(first.Headers.ETag, second.Headers.ETag);
        Assert.Equal(HttpStatusCode.NotModified, secondAgain.StatusCode);
        Assert.Empty(await secondAgain.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.OK, firstWithSecondsTag.StatusCode);
        Assert.Equal(first.Headers.ETag, firstWithSecondsTag.Headers.ETag);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(second.Headers.ETag, head.Headers.ETag);
        Assert.Equal($"{path}?page=3", LinkRel(head, "next"));
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task The_list_is_still_cached_with_an_ETag_whatever_its_query()
    {
        var client = app.CreateClient();

        var list = await client.GetAsync(new Uri("/api/timelines", UriKind.Relative));
        var again = await SendAsync(client, HttpMethod.Get, "/api/timelines?utm_source=x", list.Headers.ETag!);

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal(JsonValueKind.Array, (await list.Content.ReadFromJsonAsync<JsonElement>()).ValueKind);
        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
    }

    private static IEnumerable<string> Names(JsonElement element) => element.EnumerateObject().Select(p => p.Name);

    /// <summary>The target of one relation in the response's Link header (RFC 8288), or null.</summary>
    private static string? LinkRel(HttpResponseMessage response, string rel)
    {
        if (!response.Headers.TryGetValues("Link", out var values))
        {
            return null;
        }

        var targets = string.Join(", ", values).Split(", ")
            .Select(link => link.Split("; "))
            .Where(parts => parts.Skip(1).Contains($"rel=\"{rel}\""))
            .Select(parts => parts[0].Trim('<', '>'))
            .ToList();
        return targets.Count == 0 ? null : Assert.Single(targets);
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, EntityTagHeaderValue? ifNoneMatch = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (ifNoneMatch is not null)
        {
            request.Headers.IfNoneMatch.Add(ifNoneMatch);
        }

        return await client.SendAsync(request);
    }

    /// <summary>An app of its own with a published timeline of 450 generated events beside the seed.</summary>
    public sealed class LargeTimeline : IAsyncLifetime
    {
        public const string Slug = "api-paging-450";

        public TimelineAppFactory App { get; } = new();

        public async Task InitializeAsync()
        {
            await using var scope = App.Services.CreateAsyncScope();
            var (report, problem) = await ActivatorUtilities.CreateInstance<SyntheticTimelineWriter>(scope.ServiceProvider)
                .WriteAsync(new GenerateOptions(Events: 450, Excerpts: 450, Sources: 10, Slug: Slug, Seed: 11));
            Assert.True(report is not null, problem);
        }

        public async Task DisposeAsync() => await App.DisposeAsync();
    }
}
