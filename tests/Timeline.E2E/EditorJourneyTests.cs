using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Timeline.Web.Data;
using Timeline.Web.Features.Accounts;
using Timeline.Web.Features.Editing;

namespace Timeline.E2E;

/// <summary>An editor in real Chromium: sign in, create, back with a passage, publish, resolve conflicts, restore history.</summary>
[Collection(AppGroup.Name)]
public sealed partial class EditorJourneyTests(AppFixture app)
{
    private const string Password = "e2e-password-1";
    private const string TimelineSlug = "north-korean-workers-in-russia";

    [Fact]
    public async Task Editor_creates_an_event_backs_it_with_a_passage_publishes_it_and_readers_see_it()
    {
        var email = await NewEditorAsync();
        var page = await SignedInPageAsync(email);
        var title = $"Test hearing {Guid.NewGuid():N}"[..24];

        await page.GotoAsync($"/edit/timelines/{await TimelineIdAsync()}/events/new");
        await page.Locator("#event-title").FillAsync(title);
        await page.Locator("#event-start").FillAsync("2025-05");
        await page.Locator("#event-summary").FillAsync("A **test** event.");
        await Assertions.Expect(page.GetByTestId("summary-preview").Locator("strong")).ToHaveTextAsync("test");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create event" }).ClickAsync();
        await page.WaitForURLAsync(EventUrl());
        var eventId = int.Parse(EventUrl().Match(page.Url).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

        // Mouse route: select a passage in the source text, then attach it.
        await page.GotoAsync($"/edit/sources/{await SourceIdAsync("The Moscow Times")}?event={eventId}");
        const string passage = "A 2017 UN Security Council resolution bans North Korean workers from earning income abroad.";
        await page.Locator("#picker-text").WaitForAsync();
        await page.EvaluateAsync(SelectTextScript, passage);
        await Assertions.Expect(page.GetByTestId("selected-passage")).ToHaveTextAsync(passage);
        await page.GetByRole(AriaRole.Button, new() { Name = "Attach to event" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Passage attached")).ToBeVisibleAsync();

        // Keyboard route: find a phrase, choose the match, attach it as context.
        await page.GetByLabel("Find a phrase").FillAsync("limited transportation options");
        await page.Locator("button.match").First.ClickAsync();
        await Assertions.Expect(page.GetByTestId("selected-passage")).ToHaveTextAsync("limited transportation options");
        await page.GetByRole(AriaRole.Button, new() { Name = "Attach to event" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Passage attached").Last).ToBeVisibleAsync();

        await page.GotoAsync($"/edit/events/{eventId}");
        await Assertions.Expect(page.Locator(".excerpt-editor")).ToHaveCountAsync(2);
        await page.Locator(".mud-switch input").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Readers see the change now")).ToBeVisibleAsync();

        var reader = await app.NewPageAsync();
        await reader.GotoAsync($"/t/{TimelineSlug}");
        var card = reader.Locator("article.event", new() { Has = reader.GetByRole(AriaRole.Heading, new() { Name = title }) });
        await Assertions.Expect(card).ToBeVisibleAsync();
        await Assertions.Expect(card.Locator("blockquote").First).ToHaveTextAsync(passage);
    }

    [Fact]
    public async Task Two_editors_saving_one_event_the_later_sees_what_the_other_changed()
    {
        var eventId = await NewEventAsync("Conflict test", "Original summary.");
        var email = await NewEditorAsync();
        var first = await SignedInPageAsync(email);
        var second = await SignedInPageAsync(email);
        await first.GotoAsync($"/edit/events/{eventId}");
        await second.GotoAsync($"/edit/events/{eventId}");
        await first.Locator("#event-title").WaitForAsync();
        await second.Locator("#event-title").WaitForAsync();

        await first.Locator("#event-title").FillAsync("Title chosen by the first editor");
        await first.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
        await Assertions.Expect(first.GetByText("Readers see the change now")).ToBeVisibleAsync();

        await second.Locator("#event-summary").FillAsync("Summary from the second editor.");
        await second.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();

        var alert = second.GetByRole(AriaRole.Alert).Filter(new() { HasText = "after you opened it" });
        await Assertions.Expect(alert).ToBeVisibleAsync();
        await Assertions.Expect(alert).ToContainTextAsync("Title chosen by the first editor");
        await using var scope = app.Services.CreateAsyncScope();
        var saved = await scope.ServiceProvider.GetRequiredService<EventEditor>().LoadAsync(eventId);
        Assert.Equal("Original summary.", saved!.Input.Summary);
    }

    [Fact]
    public async Task Restoring_an_old_revision_brings_the_old_text_back()
    {
        var eventId = await NewEventAsync("Revision test", "First wording.");
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var editor = scope.ServiceProvider.GetRequiredService<EventEditor>();
            var loaded = await editor.LoadAsync(eventId);
            loaded!.Input.Summary = "Second wording.";
            Assert.True((await editor.SaveAsync(loaded.Input, new EditorIdentity(null, "arranger"))).Succeeded);
        }

        var page = await SignedInPageAsync(await NewEditorAsync());
        await page.GotoAsync($"/edit/events/{eventId}");
        await Assertions.Expect(page.Locator("#event-summary")).ToHaveValueAsync("Second wording.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Restore this version" }).First.ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Restore", Exact = true }).ClickAsync();

        await Assertions.Expect(page.Locator("#event-summary")).ToHaveValueAsync("First wording.");
        await Assertions.Expect(page.Locator(".history__item")).ToHaveCountAsync(3);
    }

    [Fact]
    public async Task The_embed_dialog_gives_snippets_for_the_chosen_options_and_a_live_preview()
    {
        var page = await SignedInPageAsync(await NewEditorAsync());
        await page.GotoAsync($"/edit/timelines/{await TimelineIdAsync()}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Embed" }).ClickAsync();

        var script = page.GetByTestId("script-snippet");
        await Assertions.Expect(script).ToContainTextAsync($"data-timeline=\"{TimelineSlug}\"");
        await Assertions.Expect(script).ToContainTextAsync("/embed.js");
        await Assertions.Expect(page.GetByTestId("iframe-snippet")).ToContainTextAsync($"/embed/t/{TimelineSlug}");
        await page.GetByLabel("Only tag (optional)").FillAsync("labour");
        await Assertions.Expect(script).ToContainTextAsync("data-tag=\"labour\"");
        var preview = page.FrameLocator(".embed-dialog__preview");
        await Assertions.Expect(preview.Locator("ol li").First).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Wrong_password_is_refused_with_a_clear_message()
    {
        var email = await NewEditorAsync();
        var page = await app.NewPageAsync();
        await page.GotoAsync("/account/login");
        await page.Locator("#email").FillAsync(email);
        await page.Locator("#password").FillAsync("not-the-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("do not match");
    }

    private const string SelectTextScript = """
        (passage) => {
          const root = document.getElementById('picker-text');
          const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
          let node;
          while ((node = walker.nextNode())) {
            const at = node.textContent.indexOf(passage);
            if (at >= 0) {
              const range = document.createRange();
              range.setStart(node, at);
              range.setEnd(node, at + passage.length);
              const selection = window.getSelection();
              selection.removeAllRanges();
              selection.addRange(range);
              root.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
              return true;
            }
          }
          throw new Error('passage not found in one text node');
        }
        """;

    private async Task<string> NewEditorAsync()
    {
        var email = $"editor-{Guid.NewGuid():N}@example.org";
        await using var scope = app.Services.CreateAsyncScope();
        var result = await UsersCommand.CreateAsync(
            scope.ServiceProvider.GetRequiredService<UserManager<EditorUser>>(),
            scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>(),
            email, "E2E Editor", Password, Roles.Editor);
        Assert.True(result.Succeeded, string.Join(", ", result.Errors.Select(e => e.Description)));
        return email;
    }

    private async Task<IPage> SignedInPageAsync(string email)
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/account/login");
        await page.Locator("#email").FillAsync(email);
        await page.Locator("#password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/edit$"));
        return page;
    }

    private async Task<int> NewEventAsync(string title, string summary)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var editor = scope.ServiceProvider.GetRequiredService<EventEditor>();
        var input = new EventInput
        {
            TimelineId = await TimelineIdAsync(),
            Title = title,
            Slug = $"e2e-{Guid.NewGuid():N}"[..20],
            Summary = summary,
            Start = "2025-06",
        };
        var result = await editor.SaveAsync(input, new EditorIdentity(null, "arranger"));
        Assert.True(result.Succeeded);
        return result.Value;
    }

    private async Task<int> TimelineIdAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<TimelineDbContext>>().CreateDbContextAsync();
        return await db.Timelines.Where(t => t.Slug == TimelineSlug).Select(t => t.Id).SingleAsync();
    }

    private async Task<int> SourceIdAsync(string outlet)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<TimelineDbContext>>().CreateDbContextAsync();
        return await db.Sources.Where(s => s.Outlet == outlet).Select(s => s.Id).FirstAsync();
    }

    [GeneratedRegex("/edit/events/(\\d+)$")]
    private static partial Regex EventUrl();
}
