using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Timeline.Web.Features.Editing;

namespace Timeline.E2E;

/// <summary>History for timelines and sources in real Chromium: each revision's changes shown word by word, and restored.</summary>
[Collection(AppGroup.Name)]
public sealed class HistoryRestoreTests(AppFixture app)
{
    private static readonly EditorIdentity Arranging = new(null, "test arranger");

    [Fact]
    public async Task An_editor_sees_what_a_timeline_revision_changed_and_restores_the_earlier_description()
    {
        var timeline = await app.Arrange.TimelineAsync();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var editor = scope.ServiceProvider.GetRequiredService<TimelineEditor>();
            var input = (await editor.LoadAsync(timeline.Id))!;
            input.Description = "Rewritten by a second editor.";
            Assert.True((await editor.SaveAsync(input, Arranging)).Succeeded);
        }

        await using var session = await EditorJourneyTests.SignedInAsync(app, await app.Arrange.EditorAsync());
        var page = session.Page;
        await page.GotoAsync($"/edit/timelines/{timeline.Id}");
        var description = page.GetByLabel("Description (Markdown)");
        await Assertions.Expect(description).ToHaveValueAsync("Rewritten by a second editor.");
        var history = page.Locator(".history__item");
        await Assertions.Expect(history).ToHaveCountAsync(2);

        await history.First.GetByRole(AriaRole.Button, new() { Name = "Show changes" }).ClickAsync();
        var changes = history.First.GetByTestId("revision-changes");
        await Assertions.Expect(changes.Locator("dt")).ToHaveTextAsync(["Description"]);
        // Word by word: the words kept ("by a") are shown once, between what went and what came.
        await Assertions.Expect(changes.Locator("del")).ToHaveTextAsync(["Arranged", "browser test."]);
        await Assertions.Expect(changes.Locator("ins")).ToHaveTextAsync(["Rewritten", "second editor."]);
        await Assertions.Expect(changes.Locator("dd")).ToHaveTextAsync("Arranged Rewritten by a browser test. second editor.");

        await history.Nth(1).GetByRole(AriaRole.Button, new() { Name = "Restore this version" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Restore", Exact = true }).ClickAsync();

        await Assertions.Expect(description).ToHaveValueAsync("Arranged by a browser test.");
        await Assertions.Expect(history).ToHaveCountAsync(3);
        await using var reader = await app.OpenAsync();
        await reader.Page.GotoAsync($"/t/{timeline.Slug}");
        await Assertions.Expect(reader.Page.Locator(".lede")).ToContainTextAsync("Arranged by a browser test.");
    }

    [Fact]
    public async Task An_editor_restores_a_source_revision_and_its_text_comes_back()
    {
        var sourceId = await app.Arrange.SourceCopyAsync("The Moscow Times");
        string original;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var editor = scope.ServiceProvider.GetRequiredService<SourceEditor>();
            var loaded = (await editor.LoadAsync(sourceId))!;
            original = loaded.Input.Text;
            loaded.Input.Text = original.Replace("Wildberries", "W-berries", StringComparison.Ordinal);
            Assert.True((await editor.SaveAsync(loaded.Input, Arranging)).Succeeded);
        }

        await using var session = await EditorJourneyTests.SignedInAsync(app, await app.Arrange.EditorAsync());
        var page = session.Page;
        await page.GotoAsync($"/edit/sources/{sourceId}");
        await page.GetByRole(AriaRole.Tab, new() { Name = "History" }).ClickAsync();
        var history = page.Locator(".history__item");
        await Assertions.Expect(history).ToHaveCountAsync(2);
        await history.First.GetByRole(AriaRole.Button, new() { Name = "Show changes" }).ClickAsync();
        await Assertions.Expect(history.First.GetByTestId("revision-changes").Locator("ins").First).ToContainTextAsync("W-berries");

        await history.Nth(1).GetByRole(AriaRole.Button, new() { Name = "Restore this version" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Restore", Exact = true }).ClickAsync();

        await Assertions.Expect(history).ToHaveCountAsync(3);
        await Assertions.Expect(history.First).ToContainTextAsync("Restored the version of revision");
        await page.GetByRole(AriaRole.Tab, new() { Name = "Pick passages" }).ClickAsync();
        await Assertions.Expect(page.Locator("#picker-text")).Not.ToContainTextAsync("W-berries");
        await using var scope2 = app.Services.CreateAsyncScope();
        Assert.Equal(original, (await scope2.ServiceProvider.GetRequiredService<SourceEditor>().LoadAsync(sourceId))!.Input.Text);
    }
}
