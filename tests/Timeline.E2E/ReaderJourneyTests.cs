using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Timeline.E2E;

/// <summary>A reader in real Chromium: from the timeline to the exact words in the source.</summary>
[Collection(AppGroup.Name)]
public sealed class ReaderJourneyTests(AppFixture app)
{
    private const string TimelinePath = "/t/" + Arranger.SeededSlug;
    private const int SeededEvents = 29;
    private const int SeededDisputedEvents = 13;

    [Fact]
    public async Task Reader_follows_an_excerpt_to_its_highlighted_passage_in_the_source()
    {
        await using var session = await app.OpenAsync();
        var page = session.Page;
        await page.GotoAsync(TimelinePath);

        var firstEvent = page.Locator("ol.events article").First;
        // The list is compact: the passages wait behind the evidence line until the reader opens it.
        await Assertions.Expect(firstEvent.Locator("blockquote").First).ToBeHiddenAsync();
        await firstEvent.Locator("details.event__more > summary").ClickAsync();
        await Assertions.Expect(firstEvent.Locator("blockquote").First).ToBeVisibleAsync();
        var quote = (await firstEvent.Locator("blockquote p").First.InnerTextAsync()).Trim();
        await firstEvent.GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Read it in the source") }).First.ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/sources/\\d+#x-\\d+$"));
        var hash = new Uri(page.Url).Fragment;
        var mark = page.Locator($"mark{hash}");
        await Assertions.Expect(mark).ToBeVisibleAsync();
        await Assertions.Expect(mark).ToBeInViewportAsync();
        Assert.Equal(quote, (await mark.InnerTextAsync()).Trim());
        // A plain document load: the browser itself treats the passage as the fragment's target (no script needed).
        Assert.True(await mark.EvaluateAsync<bool>("m => m.matches(':target')"), "the passage is not the page's :target");
        var background = await mark.EvaluateAsync<string>("m => getComputedStyle(m).backgroundColor");
        Assert.NotEqual("rgba(0, 0, 0, 0)", background);
    }

    [Fact]
    public async Task Timeline_shows_dated_events_grouped_by_year_and_marks_disagreements()
    {
        await using var session = await app.OpenAsync();
        var page = session.Page;
        await page.GotoAsync(TimelinePath);

        // The seeded timeline, which no test writes to: 29 events from 2015 to 2025, 13 of them disputed.
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("North Korean");
        await Assertions.Expect(page.Locator("ol.events > li")).ToHaveCountAsync(SeededEvents);
        await Assertions.Expect(page.Locator("section.year h3.year__title")).ToHaveTextAsync(["2015", "2016", "2017", "2018", "2019", "2020", "2024", "2025"]);
        await Assertions.Expect(page.Locator("article.event--disputed")).ToHaveCountAsync(SeededDisputedEvents);
        await Assertions.Expect(page.Locator("time[datetime='2017-09']").First).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Pages_work_with_javascript_off()
    {
        await using var session = await app.OpenAsync(javaScript: false);
        var page = session.Page;
        await page.GotoAsync(TimelinePath);

        await page.Locator("ol.events h4 a").First.ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("blockquote").First).ToBeVisibleAsync();
    }

    [Theory]
    [InlineData("/")]
    [InlineData(TimelinePath)]
    [InlineData(TimelinePath + "/e/un-resolution-2375")]
    [InlineData(TimelinePath + "?from=2017&to=2019")]
    [InlineData("/sources/1")]
    public async Task Reader_pages_have_no_serious_or_critical_accessibility_violations(string path)
    {
        await using var session = await app.OpenAsync();
        var page = session.Page;
        var response = await page.GotoAsync(path);
        Assert.True(response!.Ok, $"{path} answered {response.Status}");

        AxeResult result = await page.RunAxe();

        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, string.Join("\n", serious.Select(v => $"{v.Id}: {v.Help} ({v.Nodes.Length} nodes: {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html))})")));
    }
}
