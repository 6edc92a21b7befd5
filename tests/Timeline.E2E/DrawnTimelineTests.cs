using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Timeline.E2E;

/// <summary>The drawn timeline in real Chromium: the first screen shows the story's shape, and readers zoom, move and step through it.</summary>
[Collection(AppGroup.Name)]
public sealed partial class DrawnTimelineTests(AppFixture app)
{
    private const string TimelinePath = "/t/" + Arranger.SeededSlug;

    private sealed record MarkBox(string First, string Last, double Left, double Right, double Top, double Bottom);

    private sealed record AxisBox(string From, string To, double Left, double Width);

    [Fact]
    public async Task The_first_desktop_screen_shows_at_least_20_events_placed_by_date_in_date_order()
    {
        await using var session = await app.OpenAsync(1280, 900);
        var page = session.Page;
        await page.GotoAsync(TimelinePath);

        var (axis, marks) = await ReadAxisAsync(page, "svg.axis__svg--wide");
        var onScreen = marks.Where(m => m.Bottom <= 900 && m.Top >= 0).ToList();
        Assert.True(onScreen.Count >= 20, $"{onScreen.Count} marks in the first 1280 × 900 screen");
        Assert.Equal(29, marks.Count);

        var from = DateOnly.Parse(axis.From, CultureInfo.InvariantCulture).DayNumber;
        var days = DateOnly.Parse(axis.To, CultureInfo.InvariantCulture).DayNumber - from + 1;
        double XOf(string day) => axis.Left + ((DateOnly.Parse(day, CultureInfo.InvariantCulture).DayNumber - from) * axis.Width / days);
        foreach (var mark in marks)
        {
            // Each mark covers its dates on a linear scale (marks narrower than a finger are widened around them).
            var start = XOf(mark.First);
            var end = XOf(DateOnly.Parse(mark.Last, CultureInfo.InvariantCulture).AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            Assert.True(mark.Left <= start + 1 && mark.Right >= end - 1, $"mark for {mark.First}–{mark.Last} at {mark.Left:0.#}–{mark.Right:0.#}, dates at {start:0.#}–{end:0.#}");
            // The box includes the mark's outline (1.5 units), half of it on each side.
            Assert.True(mark.Right - mark.Left <= Math.Max(end - start, 12) + 3, $"mark for {mark.First}–{mark.Last} at {mark.Left:0.#}–{mark.Right:0.#} is wider than its dates at {start:0.#}–{end:0.#}");
        }

        var order = marks.Select(m => m.First).ToList();
        Assert.Equal(order.Order(StringComparer.Ordinal), order);
    }

    [Fact]
    public async Task On_a_phone_the_whole_story_fits_the_first_screen_and_the_page_stays_compact()
    {
        await using var session = await app.OpenAsync(360, 780);
        var page = session.Page;
        await page.GotoAsync(TimelinePath);

        await Assertions.Expect(page.Locator("svg.axis__svg--wide")).ToBeHiddenAsync();
        var (_, marks) = await ReadAxisAsync(page, "svg.axis__svg--narrow");
        Assert.Equal(29, marks.Count);
        Assert.All(marks, m => Assert.True(m.Bottom <= 780, $"a mark ends at {m.Bottom:0} px, below the first screen"));
        var height = await page.EvaluateAsync<int>("() => document.documentElement.scrollHeight");
        Assert.True(height <= 15_000, $"the seeded timeline is {height} px tall at 360 px");

        // Two taps to an event: its mark, then its page with the passages behind it.
        await page.Locator("svg.axis__svg--narrow .axis__marks a").Nth(5).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(EventUrl());
        await Assertions.Expect(page.Locator("h1.event__title")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".excerpt blockquote").First).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Keys_zoom_in_move_later_and_zoom_out_to_the_whole_timeline_keeping_the_address_in_step()
    {
        await using var session = await app.OpenAsync();
        var page = session.Page;
        await page.GotoAsync(TimelinePath);
        var range = page.Locator(".axis__range");
        await Assertions.Expect(range).ToHaveTextAsync("2015 – 2025");

        await page.Keyboard.PressAsync("+");
        await Assertions.Expect(page).ToHaveURLAsync(ViewUrl());
        var zoomed = await range.InnerTextAsync();
        Assert.NotEqual("2015 – 2025", zoomed);
        var zoomedCount = await page.Locator("ol.events > li").CountAsync();
        Assert.InRange(zoomedCount, 1, 28);

        await page.Keyboard.PressAsync("ArrowRight");
        await Assertions.Expect(range).Not.ToHaveTextAsync(zoomed);
        await Assertions.Expect(page).ToHaveURLAsync(ViewUrl());

        // Out, one step at a time (each a page of its own), until the whole timeline is back.
        for (var step = 0; step < 4 && await range.InnerTextAsync() != "2015 – 2025"; step++)
        {
            var before = await range.InnerTextAsync();
            await page.Keyboard.PressAsync("-");
            await Assertions.Expect(range).Not.ToHaveTextAsync(before);
        }

        await Assertions.Expect(range).ToHaveTextAsync("2015 – 2025");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(TimelinePath) + "$"));
    }

    [Fact]
    public async Task Links_zoom_and_move_with_javascript_off()
    {
        await using var session = await app.OpenAsync(javaScript: false);
        var page = session.Page;
        await page.GotoAsync(TimelinePath);

        await page.Locator("a[data-axis-move=in]").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(ViewUrl());
        var zoomed = await page.Locator(".axis__range").InnerTextAsync();
        await page.Locator("a[data-axis-move=earlier]").ClickAsync();
        await Assertions.Expect(page.Locator(".axis__range")).Not.ToHaveTextAsync(zoomed);

        // A year's label zooms to that year.
        await page.GotoAsync(TimelinePath);
        await page.Locator("svg.axis__svg--wide a[aria-label='2019: zoom to this year']").ClickAsync();
        await Assertions.Expect(page.Locator(".axis__range")).ToHaveTextAsync("2019");
        await Assertions.Expect(page.Locator("ol.events time").First).ToHaveAttributeAsync("datetime", new Regex("^2019|^20(1[5-8])"));
    }

    [Fact]
    public async Task Dragging_the_axis_moves_the_view_and_the_address_follows()
    {
        await using var session = await app.OpenAsync();
        var page = session.Page;
        await page.GotoAsync(TimelinePath + "?from=2017&to=2019");
        var svg = page.Locator("svg.axis__svg--wide");
        var box = (await svg.BoundingBoxAsync())!;
        var y = box.Y + box.Height - 8;

        // Dragging the drawing leftwards brings later dates into view.
        await page.Mouse.MoveAsync(box.X + (box.Width * 0.7f), y);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(box.X + (box.Width * 0.5f), y, new() { Steps = 8 });
        await page.Mouse.MoveAsync(box.X + (box.Width * 0.3f), y, new() { Steps = 8 });
        await page.Mouse.UpAsync();

        await Assertions.Expect(page).ToHaveURLAsync(ViewUrl());
        await Assertions.Expect(page.Locator(".axis__range")).Not.ToHaveTextAsync("2017 – 2019");
        var query = System.Web.HttpUtility.ParseQueryString(new Uri(page.Url).Query);
        Assert.True(DateOnly.Parse(query["from"]!, CultureInfo.InvariantCulture) > new DateOnly(2017, 6, 1), page.Url);
        Assert.True(DateOnly.Parse(query["to"]!, CultureInfo.InvariantCulture) > new DateOnly(2020, 6, 1), page.Url);
    }

    [Fact]
    public async Task A_story_walks_event_by_event_by_keys_and_links_and_can_be_told_newest_first()
    {
        await using var session = await app.OpenAsync();
        var page = session.Page;
        await page.GotoAsync(TimelinePath + "/e/un-resolution-2375");
        var current = page.Locator("svg.axis__svg--wide a[aria-current=step]");
        await Assertions.Expect(current).ToHaveAttributeAsync("href", TimelinePath + "/e/un-resolution-2375");
        var position = page.Locator(".story__position");
        var start = await position.InnerTextAsync();
        var number = int.Parse(StoryNumber().Match(start).Groups[1].Value, CultureInfo.InvariantCulture);

        var next = await page.Locator("a[rel=next]").GetAttributeAsync("href");
        await page.Keyboard.PressAsync("ArrowRight");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(next!) + "$"));
        await Assertions.Expect(position).ToContainTextAsync($"Event {number + 1} of 29, oldest first");
        await Assertions.Expect(current).ToHaveAttributeAsync("href", next!);

        await page.Locator("a[rel=prev]").ClickAsync();
        await Assertions.Expect(position).ToContainTextAsync($"Event {number} of 29");

        await page.GetByRole(AriaRole.Link, new() { Name = "newest first instead" }).ClickAsync();
        await Assertions.Expect(position).ToContainTextAsync($"Event {30 - number} of 29, newest first");
        await page.Keyboard.PressAsync("ArrowRight");
        await Assertions.Expect(position).ToContainTextAsync($"Event {31 - number} of 29, newest first");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex(@"\?order=newest$"));
    }

    [Fact]
    public async Task Printed_the_timeline_is_a_compact_document_that_names_every_passage_s_source_and_address()
    {
        await using var session = await app.OpenAsync(794, 1123);
        var page = session.Page;
        await page.GotoAsync(TimelinePath);

        var pdf = await page.PdfAsync(new() { Format = "A4" });
        var pages = PdfPage().Count(System.Text.Encoding.Latin1.GetString(pdf));
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        var quotes = await page.Locator("ol.events blockquote").CountAsync();
        var printed = await page.EvaluateAsync<int>("() => [...document.querySelectorAll('ol.events blockquote')].filter(b => b.getBoundingClientRect().height > 0).length");
        var link = page.Locator("ol.events .excerpt__source a[href^='http']").First;
        var href = await link.GetAttributeAsync("href");
        var after = await link.EvaluateAsync<string>("a => getComputedStyle(a, '::after').content");

        // Every passage is on paper (the list's disclosures open for print), each external source with its address.
        Assert.True(quotes >= 29, $"{quotes} passages");
        Assert.Equal(quotes, printed);
        Assert.Contains(href!, after, StringComparison.Ordinal);
        Assert.True(await page.Locator("figure.axis").IsHiddenAsync(), "the axis is left off paper");
        // No page per year or per event: 29 events with all their passages on far fewer A4 pages than events.
        Assert.InRange(pages, 1, 20);
    }

    private static async Task<(AxisBox Axis, List<MarkBox> Marks)> ReadAxisAsync(IPage page, string svg)
    {
        var figure = page.Locator("figure.axis");
        var box = (await page.Locator(svg).BoundingBoxAsync())!;
        var axis = new AxisBox((await figure.GetAttributeAsync("data-from"))!, (await figure.GetAttributeAsync("data-to"))!, box.X, box.Width);
        var marks = new List<MarkBox>();
        foreach (var link in await page.Locator($"{svg} .axis__marks a").AllAsync())
        {
            var rect = (await link.Locator("rect").BoundingBoxAsync())!;
            marks.Add(new MarkBox((await link.GetAttributeAsync("data-first"))!, (await link.GetAttributeAsync("data-last"))!, rect.X, rect.X + rect.Width, rect.Y, rect.Y + rect.Height));
        }

        return (axis, marks);
    }

    [GeneratedRegex(@"\?from=[0-9-]+&to=[0-9-]+$")]
    private static partial Regex ViewUrl();

    [GeneratedRegex(@"/t/[a-z0-9-]+/e/[a-z0-9-]+$")]
    private static partial Regex EventUrl();

    [GeneratedRegex(@"/Type\s*/Page[^s]")]
    private static partial Regex PdfPage();

    [GeneratedRegex(@"Event (\d+) of 29")]
    private static partial Regex StoryNumber();
}
