using System.Text.RegularExpressions;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Timeline.E2E;

/// <summary>A reader with a question: from the search box in the header to the exact words in the source.</summary>
[Collection(AppGroup.Name)]
public sealed partial class SearchTests(AppFixture app)
{
    [Fact]
    public async Task Reader_searches_from_the_header_and_follows_a_passage_to_its_highlight_in_the_source()
    {
        await using var session = await app.OpenAsync();
        var page = session.Page;
        await page.GotoAsync("/");

        var box = page.GetByRole(AriaRole.Searchbox, new() { Name = "Search timelines" });
        await box.PressSequentiallyAsync("student visas", new() { Delay = 100 });
        await box.PressAsync("Enter");
        await Assertions.Expect(page).ToHaveURLAsync(SearchUrl());
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("for “student visas”");

        var passage = page.Locator("article.search-hit--passage").First;
        var quoted = (await passage.Locator("blockquote").InnerTextAsync()).Trim();
        await passage.Locator("h2 a").ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(PassageUrl());
        var mark = page.Locator($"mark{new Uri(page.Url).Fragment}");
        await Assertions.Expect(mark).ToBeVisibleAsync();
        await Assertions.Expect(mark).ToBeInViewportAsync();
        Assert.Contains("student visas", await mark.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains((await mark.InnerTextAsync()).Trim().TrimEnd('.'), quoted.Replace("…", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_results_highlight_the_words_found_and_link_to_the_event()
    {
        await using var session = await app.OpenAsync();
        var page = session.Page;
        await page.GotoAsync("/search?q=Resolution+2375");

        var eventHit = page.Locator("article.search-hit--event").First;
        await Assertions.Expect(eventHit.Locator("mark").First).ToBeVisibleAsync();
        await eventHit.Locator("h2 a").ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/t/north-korean-workers-in-russia/e/[a-z0-9-]+$"));
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("2375");
    }

    [Fact]
    public async Task Search_works_with_javascript_off()
    {
        await using var session = await app.OpenAsync(javaScript: false);
        var page = session.Page;
        await page.GotoAsync("/search");

        await page.GetByLabel("Words to find in events, quoted passages and sources").PressSequentiallyAsync("Wildberries", new() { Delay = 100 });
        await page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).Last.ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(SearchUrl());
        await Assertions.Expect(page.Locator("ol.search-results > li").First).ToBeVisibleAsync();
    }

    [Theory]
    [InlineData("/search", 1280)]
    [InlineData("/search?q=student+visas", 1280)]
    [InlineData("/search?q=student+visas", 360)]
    [InlineData("/search?q=workers&page=2", 1280)]
    [InlineData("/search?q=zzzyxquux", 360)]
    public async Task Search_page_has_no_accessibility_violations_of_any_impact(string path, int width)
    {
        await using var session = await app.OpenAsync(width);
        var page = session.Page;
        var response = await page.GotoAsync(path);
        Assert.True(response!.Ok, $"{path} answered {response.Status}");

        AxeResult result = await page.RunAxe();

        Assert.True(result.Violations.Length == 0, string.Join("\n", result.Violations.Select(v => $"{v.Id} ({v.Impact}): {v.Help} — {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html))}")));
    }

    [GeneratedRegex(@"/search\?q=")]
    private static partial Regex SearchUrl();

    [GeneratedRegex(@"/sources/\d+#x-\d+$")]
    private static partial Regex PassageUrl();
}
