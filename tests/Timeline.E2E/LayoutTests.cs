using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Timeline.E2E;

/// <summary>Reader pages at phone and desktop widths, in light and dark themes: they fit, and screenshots are kept for review.</summary>
[Collection(AppGroup.Name)]
public sealed class LayoutTests(AppFixture app)
{
    private const string TimelinePath = "/t/" + Arranger.SeededSlug;

    public static TheoryData<string, int, ColorScheme> Views()
    {
        var data = new TheoryData<string, int, ColorScheme>();
        foreach (var path in new[] { TimelinePath, TimelinePath + "?from=2017&to=2019", TimelinePath + "?lanes=tag", TimelinePath + "/disagreements", TimelinePath + "/e/un-resolution-2375?order=newest", "/sources/2" })
        {
            foreach (var width in new[] { 360, 1280 })
            {
                data.Add(path, width, ColorScheme.Light);
                data.Add(path, width, ColorScheme.Dark);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Views))]
    public async Task Reader_pages_fit_the_width_and_pass_axe_in_both_themes(string path, int width, ColorScheme scheme)
    {
        await using var session = await app.OpenAsync(width, scheme: scheme);
        var page = session.Page;
        var response = await page.GotoAsync(path);
        Assert.Equal(200, response!.Status);

        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"{path.Trim('/').Replace('/', '_').Replace('?', '_').Replace('&', '_').Replace('=', '-')}-{width}-{scheme}.png".ToLowerInvariant()) });
        var axe = await page.RunAxe();

        Assert.True(overflow <= 0, $"{path} overflows {width}px by {overflow}px");
        Assert.True(axe.Violations.Length == 0, string.Join("\n", axe.Violations.Select(v => $"{v.Id} ({v.Impact}): {v.Help} — {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html))}")));
    }

    [Fact]
    public async Task Filtering_by_a_tag_then_going_back_restores_the_whole_timeline()
    {
        await using var session = await app.OpenAsync();
        var page = session.Page;
        await page.GotoAsync(TimelinePath);
        var all = await page.Locator("ol.events > li").CountAsync();
        Assert.Equal(29, all);

        await page.Locator("details.filters summary").ClickAsync();
        await page.Locator("#f-tag").SelectOptionAsync("e-commerce");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply filters" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("tag=e-commerce"));
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($" of {all} events");
        var filtered = await page.Locator("ol.events > li").CountAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"{filtered} of {all} events");

        await page.GoBackAsync();
        await Assertions.Expect(page.Locator("ol.events > li")).ToHaveCountAsync(all);
        Assert.InRange(filtered, 1, all - 1);
    }

    [Fact]
    public async Task Keyboard_shortcuts_move_between_events()
    {
        await using var session = await app.OpenAsync();
        var page = session.Page;
        await page.GotoAsync(TimelinePath);

        await page.Keyboard.PressAsync("j");
        await Assertions.Expect(page.Locator("ol.events article.event").First.Locator(".event__title a")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("j");
        await Assertions.Expect(page.Locator("ol.events article.event").Nth(1).Locator(".event__title a")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("k");
        await Assertions.Expect(page.Locator("ol.events article.event").First.Locator(".event__title a")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("?");
        await Assertions.Expect(page.Locator("#shortcuts")).ToHaveAttributeAsync("open", "");
    }

    [Fact]
    public async Task The_timeline_can_be_walked_with_the_tab_key_alone_with_focus_always_visible()
    {
        await using var session = await app.OpenAsync();
        var page = session.Page;
        await page.GotoAsync(TimelinePath);

        for (var i = 0; i < 40; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            var outline = await page.EvaluateAsync<string>("() => { const el = document.activeElement; const s = getComputedStyle(el); return el === document.body ? 'body' : s.outlineStyle + ' ' + s.outlineWidth + ' ' + (s.boxShadow || ''); }");
            Assert.True(outline != "body", $"focus fell back to the page on tab {i}");
            Assert.False(outline.StartsWith("none 0px none", StringComparison.Ordinal), $"focus invisible on tab {i}: {outline}");
        }
    }
}
