using System.Net;
using System.Text.RegularExpressions;
using Timeline.Web.Tests.Infrastructure;

namespace Timeline.Web.Tests.Reading;

/// <summary>The drawn timeline as plain HTML: marks, zoom and story links that work with JavaScript off.</summary>
public sealed partial class DrawnTimelineTests(TimelineAppFactory app) : IClassFixture<TimelineAppFactory>
{
    private const string Path = "/t/north-korean-workers-in-russia";
    private const int SeededEvents = 29;

    private Task<string> GetAsync(string path) => app.CreateClient().GetStringAsync(new Uri(path, UriKind.Relative));

    [Fact]
    public async Task Every_seeded_event_has_a_mark_in_each_drawing_in_the_order_of_the_list_and_its_passages_wait_in_a_disclosure()
    {
        var html = await GetAsync(Path);

        var listed = ListedEvents().Matches(html).Select(m => m.Groups[1].Value).ToList();
        var marks = Marks().Matches(html).Select(m => (Slug: m.Groups[1].Value, Name: WebUtility.HtmlDecode(m.Groups[2].Value))).ToList();
        Assert.Equal(SeededEvents, listed.Count);
        Assert.Equal(2 * SeededEvents, marks.Count);
        Assert.Equal(listed, marks.Take(SeededEvents).Select(m => m.Slug));
        Assert.Equal(listed, marks.Skip(SeededEvents).Select(m => m.Slug));
        Assert.Contains(marks, m => m.Name == "UN Security Council adopts Resolution 2375, September 2017, sources disagree");
        Assert.DoesNotContain("axis-cluster\"", html, StringComparison.Ordinal);
        Assert.Equal(SeededEvents, Disclosures().Count(html));
        Assert.Contains("<span class=\"axis__range\">2015 – 2025</span>", WebUtility.HtmlDecode(html), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Zoom_links_narrow_and_widen_the_view_and_every_view_is_its_own_address()
    {
        var whole = await GetAsync(Path);
        Assert.Contains("axis__nav-link--earlier axis__nav-link--off", whole, StringComparison.Ordinal);
        Assert.Contains("axis__nav-link--out axis__nav-link--off", whole, StringComparison.Ordinal);

        var zoomIn = WebUtility.HtmlDecode(MoveLink("in").Match(whole).Groups[1].Value);
        Assert.Matches(@"^/t/north-korean-workers-in-russia\?from=\d{4}&to=\d{4}$", zoomIn);
        var zoomed = await GetAsync(zoomIn);
        var shown = ListedEvents().Count(zoomed);
        Assert.InRange(shown, 1, SeededEvents - 1);
        Assert.Equal(shown, Marks().Count(zoomed) / 2);

        // From the zoomed view: earlier, later and out are links; out returns to the whole timeline's own address.
        Assert.Matches(MoveLink("earlier"), zoomed);
        Assert.Matches(MoveLink("later"), zoomed);
        var zoomOut = WebUtility.HtmlDecode(MoveLink("out").Match(zoomed).Groups[1].Value);
        Assert.True(zoomOut == Path || zoomOut.StartsWith(Path + "?from=", StringComparison.Ordinal), zoomOut);
        Assert.Contains($"href=\"{Path}\" data-axis-move=\"whole\"", zoomed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_list_can_be_read_newest_first()
    {
        var oldest = ListedEvents().Matches(await GetAsync(Path)).Select(m => m.Groups[1].Value).ToList();
        var newest = ListedEvents().Matches(await GetAsync(Path + "?order=newest")).Select(m => m.Groups[1].Value).ToList();

        Assert.Equal(Enumerable.Reverse(oldest), newest);
    }

    [Fact]
    public async Task A_story_step_highlights_its_event_on_the_axis_and_links_its_neighbours_in_the_order_chosen()
    {
        var oldest = await GetAsync(Path + "/e/un-resolution-2375");
        var newest = await GetAsync(Path + "/e/un-resolution-2375?order=newest");

        Assert.Matches("<a href=\"/t/north-korean-workers-in-russia/e/un-resolution-2375\" aria-label=\"[^\"]+\" aria-current=\"step\"", oldest);
        Assert.Matches("Event \\d+ of 29, oldest first", oldest);
        var previous = Neighbour("prev").Match(oldest).Groups[1].Value;
        var next = Neighbour("next").Match(oldest).Groups[1].Value;
        Assert.NotEmpty(previous);
        Assert.NotEmpty(next);

        // Newest first, "next" is the older event and every link keeps the order.
        Assert.Equal($"/t/north-korean-workers-in-russia/e/{previous}?order=newest", WebUtility.HtmlDecode(new Regex("rel=\"next\" href=\"([^\"]+)\"").Match(newest).Groups[1].Value));
        Assert.Equal(next, Neighbour("prev").Match(newest).Groups[1].Value);
        var position = int.Parse(StoryPosition().Match(oldest).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains($"Event {SeededEvents + 1 - position} of 29, newest first", newest, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_timeline_page_links_to_its_story_from_the_first_and_from_the_newest_event()
    {
        var html = WebUtility.HtmlDecode(await GetAsync(Path));

        Assert.Matches("Read as a story: <a href=\"/t/north-korean-workers-in-russia/e/[a-z0-9-]+\">from the first event</a>", html);
        Assert.Matches("<a href=\"/t/north-korean-workers-in-russia/e/[a-z0-9-]+\\?order=newest\">from the newest</a>", html);
    }

    [Fact]
    public async Task Lanes_by_tag_or_actor_group_the_marks_and_a_bad_choice_is_explained()
    {
        var byTag = WebUtility.HtmlDecode(await GetAsync(Path + "?lanes=tag"));
        var byActor = WebUtility.HtmlDecode(await GetAsync(Path + "?lanes=actor"));
        var bad = await GetAsync(Path + "?lanes=colour");

        Assert.Contains("class=\"axis-lane__label\"", byTag, StringComparison.Ordinal);
        Assert.Matches(">sanctions \\(\\d+\\)<", byTag);
        Assert.Matches(">Wildberries \\(\\d+\\)<", byActor);
        // Zooming keeps the lanes.
        Assert.Matches("href=\"/t/north-korean-workers-in-russia\\?from=2017&to=2017&lanes=tag\"", byTag);
        Assert.Contains("“lanes=colour” was ignored: use tag or actor.", WebUtility.HtmlDecode(bad), StringComparison.Ordinal);
        Assert.DoesNotContain("axis-lane__label", bad, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("?from=1990&to=1999")]
    [InlineData("?from=2019-13")]
    public async Task A_view_with_no_events_or_a_bad_date_still_draws_a_usable_page(string query)
    {
        var response = await app.CreateClient().GetAsync(new Uri(Path + query, UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("class=\"axis", html, StringComparison.Ordinal);
        Assert.True(html.Contains("No event matches these filters.", StringComparison.Ordinal) || html.Contains("was ignored", StringComparison.Ordinal));
    }

    private static Regex MoveLink(string move) => new($"<a class=\"axis__nav-link axis__nav-link--{move}\" href=\"([^\"]+)\" data-axis-move=\"{move}\"");

    private static Regex Neighbour(string rel) => new($"rel=\"{rel}\" href=\"/t/north-korean-workers-in-russia/e/([a-z0-9-]+)[^\"]*\"");

    [GeneratedRegex("<h4 class=\"event__title\" id=\"[^\"]+\"><a href=\"/t/north-korean-workers-in-russia/e/([a-z0-9-]+)\"")]
    private static partial Regex ListedEvents();

    [GeneratedRegex("<a href=\"/t/north-korean-workers-in-russia/e/([a-z0-9-]+)\" aria-label=\"([^\"]+)\"")]
    private static partial Regex Marks();

    [GeneratedRegex("<details class=\"event__more\">")]
    private static partial Regex Disclosures();

    [GeneratedRegex("Event (\\d+) of 29")]
    private static partial Regex StoryPosition();
}
