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
    [Fact]
    public async Task Editor_creates_an_event_backs_it_with_a_passage_publishes_it_and_readers_see_it()
    {
        var timeline = await app.Arrange.TimelineAsync();
        var sourceId = await app.Arrange.SourceCopyAsync("The Moscow Times");
        await using var editor = await SignedInAsync(await app.Arrange.EditorAsync());
        var page = editor.Page;
        var title = $"Test hearing {Guid.NewGuid():N}"[..24];

        await page.GotoAsync($"/edit/timelines/{timeline.Id}/events/new");
        await TypeAsync(page.Locator("#event-title"), title);
        await TypeAsync(page.Locator("#event-start"), "2025-05");
        await TypeAsync(page.Locator("#event-summary"), "A **test** event.");
        await Assertions.Expect(page.GetByTestId("summary-preview").Locator("strong")).ToHaveTextAsync("test");
        // Every key typed reached its field (the form is interactive and nothing was lost in a round trip).
        await Assertions.Expect(page.Locator("#event-title")).ToHaveValueAsync(title);
        await Assertions.Expect(page.Locator("#event-start")).ToHaveValueAsync("2025-05");
        await Assertions.Expect(page.Locator("#event-summary")).ToHaveValueAsync("A **test** event.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create draft" }).ClickAsync();
        // The created event opens in the editor: wait for its form, then read its id from the address.
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Save draft" })).ToBeVisibleAsync();
        await Assertions.Expect(page).ToHaveURLAsync(EventUrl());
        var eventId = int.Parse(EventUrl().Match(page.Url).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

        // From the event, "Pick a passage" opens the picker for this event; attaching comes back to the event.
        // Mouse route: select a passage in the source text, then attach it.
        await page.GotoAsync($"/edit/sources/{sourceId}?event={eventId}");
        const string passage = "A 2017 UN Security Council resolution bans North Korean workers from earning income abroad.";
        await page.Locator("#picker-text").WaitForAsync();
        await page.EvaluateAsync(SelectTextScript, passage);
        await Assertions.Expect(page.GetByTestId("selected-passage")).ToHaveTextAsync(passage);
        // The chosen passage is drawn in the text as the editor's selection.
        await Assertions.Expect(page.Locator("#picker-text mark.picker-selection")).ToHaveTextAsync(passage);
        await page.GetByRole(AriaRole.Button, new() { Name = "Attach and go back to the event" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/edit/events/{eventId}$"));
        await Assertions.Expect(page.Locator(".excerpt-editor")).ToHaveCountAsync(1);

        // Keyboard route: find a phrase, choose the match, take in one more word, attach it as context.
        await page.GotoAsync($"/edit/sources/{sourceId}?event={eventId}");
        await TypeAsync(page.GetByLabel("Find a phrase"), "limited transportation options");
        // The matches follow the typing (debounced): choose the one for the whole phrase, not for a part typed earlier.
        await page.Locator("button.match").Filter(new() { Has = page.Locator("strong", new() { HasTextRegex = new Regex("^limited transportation options$") }) }).First.ClickAsync();
        await Assertions.Expect(page.GetByTestId("selected-passage")).ToHaveTextAsync("limited transportation options");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start one word earlier" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("selected-passage")).ToHaveTextAsync("to limited transportation options");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start one word later" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("selected-passage")).ToHaveTextAsync("limited transportation options");
        await page.GetByRole(AriaRole.Combobox, new() { Name = "The passage" }).ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "gives context" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Attach and go back to the event" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/edit/events/{eventId}$"));
        await Assertions.Expect(page.Locator(".excerpt-editor")).ToHaveCountAsync(2);

        // Publishing is an action: the state shown changes with it.
        await Assertions.Expect(page.GetByTestId("event-state")).ToHaveTextAsync("Draft: only editors see it");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save and publish" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("save-status")).ToContainTextAsync("Published: readers see this event now.");
        await Assertions.Expect(page.GetByTestId("event-state")).ToHaveTextAsync("Published: readers see it");

        await using var reader = await app.OpenAsync();
        await reader.Page.GotoAsync($"/t/{timeline.Slug}");
        var card = reader.Page.Locator("article.event", new() { Has = reader.Page.GetByRole(AriaRole.Heading, new() { Name = title }) });
        await Assertions.Expect(card).ToBeVisibleAsync();
        await Assertions.Expect(card.Locator("blockquote").First).ToHaveTextAsync(passage);
    }

    [Fact]
    public async Task Two_editors_saving_one_event_the_later_sees_what_the_other_changed()
    {
        var timeline = await app.Arrange.TimelineAsync();
        var eventId = await app.Arrange.EventAsync(timeline.Id, "Conflict test", "Original summary.");
        var email = await app.Arrange.EditorAsync();
        await using var firstSession = await SignedInAsync(email);
        await using var secondSession = await SignedInAsync(email);
        var (first, second) = (firstSession.Page, secondSession.Page);
        await first.GotoAsync($"/edit/events/{eventId}");
        await second.GotoAsync($"/edit/events/{eventId}");
        await Assertions.Expect(first.Locator("#event-title")).ToHaveValueAsync("Conflict test");
        await Assertions.Expect(second.Locator("#event-title")).ToHaveValueAsync("Conflict test");

        await first.Locator("#event-title").ClearAsync();
        await TypeAsync(first.Locator("#event-title"), "Title chosen by the first editor");
        await first.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).ClickAsync();
        await Assertions.Expect(first.GetByText("Draft saved.").First).ToBeVisibleAsync();

        await second.Locator("#event-summary").ClearAsync();
        await TypeAsync(second.Locator("#event-summary"), "Summary from the second editor.");
        await second.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).ClickAsync();

        var alert = second.GetByRole(AriaRole.Alert).Filter(new() { HasText = "after you opened it" });
        await Assertions.Expect(alert).ToBeVisibleAsync();
        await Assertions.Expect(alert).ToContainTextAsync("Title chosen by the first editor");
        await using var scope = app.Services.CreateAsyncScope();
        var saved = await scope.ServiceProvider.GetRequiredService<EventEditor>().LoadAsync(eventId);
        Assert.Equal("Original summary.", saved!.Input.Summary);
        Assert.Equal("Title chosen by the first editor", saved.Input.Title);
    }

    [Fact]
    public async Task Restoring_an_old_revision_brings_the_old_text_back()
    {
        var timeline = await app.Arrange.TimelineAsync();
        var eventId = await app.Arrange.EventAsync(timeline.Id, "Revision test", "First wording.");
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var editor = scope.ServiceProvider.GetRequiredService<EventEditor>();
            var loaded = await editor.LoadAsync(eventId);
            loaded!.Input.Summary = "Second wording.";
            Assert.True((await editor.SaveAsync(loaded.Input, new EditorIdentity(null, "arranger"))).Succeeded);
        }

        await using var session = await SignedInAsync(await app.Arrange.EditorAsync());
        var page = session.Page;
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
        var timeline = await app.Arrange.TimelineAsync();
        await app.Arrange.EventAsync(timeline.Id, "An event to preview", "Shown in the preview.", published: true);
        await using var session = await SignedInAsync(await app.Arrange.EditorAsync());
        var page = session.Page;
        await page.GotoAsync($"/edit/timelines/{timeline.Id}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Embed" }).ClickAsync();

        var script = page.GetByTestId("script-snippet");
        await Assertions.Expect(script).ToContainTextAsync($"data-timeline=\"{timeline.Slug}\"");
        await Assertions.Expect(script).ToContainTextAsync("/embed.js");
        await Assertions.Expect(page.GetByTestId("iframe-snippet")).ToContainTextAsync($"/embed/t/{timeline.Slug}");
        // New snippets tell the timeline as a story in a frame of fixed height.
        await Assertions.Expect(script).ToContainTextAsync("data-view=\"story\"");
        await Assertions.Expect(script).ToContainTextAsync("data-height=\"600\"");
        await TypeAsync(page.GetByLabel("Only tag (optional)"), "labour");
        await Assertions.Expect(script).ToContainTextAsync("data-tag=\"labour\"");
        // A date that is not one is shown as an error and kept out of the snippet.
        await TypeAsync(page.GetByLabel("From (optional)"), "2019-13");
        await Assertions.Expect(page.GetByText("Month must be between 1 and 12.")).ToBeVisibleAsync();
        await Assertions.Expect(script).Not.ToContainTextAsync("data-from");
        var preview = page.FrameLocator(".embed-dialog__preview");
        await Assertions.Expect(preview.Locator("article.event h1")).ToContainTextAsync("An event to preview");
        await Assertions.Expect(preview.Locator(".header__stats")).ToContainTextAsync("Event 1 of 1");
    }

    [Fact]
    public async Task An_editor_adds_an_era_that_readers_see_as_a_band_and_a_bad_date_is_explained()
    {
        var timeline = await app.Arrange.TimelineAsync();
        await app.Arrange.EventAsync(timeline.Id, "An event inside the era", "Dated June 2025.", published: true);
        await using var session = await SignedInAsync(await app.Arrange.EditorAsync());
        var page = session.Page;
        await page.GotoAsync($"/edit/timelines/{timeline.Id}");

        await page.GetByRole(AriaRole.Button, new() { Name = "Add an era" }).ClickAsync();
        var eras = page.GetByRole(AriaRole.Form, new() { Name = "Eras" });
        await TypeAsync(eras.GetByLabel("Name"), "Summer of videos");
        await TypeAsync(eras.GetByLabel("From"), "2025-13");
        await TypeAsync(eras.GetByLabel("To"), "2025-08");
        await Assertions.Expect(eras.GetByLabel("To")).ToHaveValueAsync("2025-08");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save eras" }).ClickAsync();
        await Assertions.Expect(eras.GetByText("Month must be between 1 and 12.")).ToBeVisibleAsync();

        await eras.GetByLabel("From").ClearAsync();
        await TypeAsync(eras.GetByLabel("From"), "2025-05");
        await Assertions.Expect(eras.GetByLabel("From")).ToHaveValueAsync("2025-05");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save eras" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Saved 1 era. Readers see them now.")).ToBeVisibleAsync();

        await using var reader = await app.OpenAsync();
        await reader.Page.GotoAsync($"/t/{timeline.Slug}");
        // The timeline's one event lies inside the era, so the band fills the view and names it (no zoom: it shows all of it).
        await Assertions.Expect(reader.Page.Locator("svg.axis__svg--wide .axis-band__label")).ToHaveTextAsync("Summer of videos");
    }

    [Fact]
    public async Task Wrong_password_is_refused_with_a_clear_message()
    {
        var email = await app.Arrange.EditorAsync();
        await using var session = await app.OpenAsync();
        var page = session.Page;
        await page.GotoAsync("/account/login");
        await TypeAsync(page.Locator("#email"), email);
        await TypeAsync(page.Locator("#password"), "not-the-password");
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

    /// <summary>Types as a person does, a key at a time, so inputs that react per keystroke are tried as they are used.</summary>
    /// <summary>Types as a person does, once the field shows it can take it (enabled and not read-only).</summary>
    internal static async Task TypeAsync(ILocator field, string text)
    {
        await Assertions.Expect(field).ToBeEditableAsync();
        await field.PressSequentiallyAsync(text, new() { Delay = 100 });
    }

    private Task<BrowserSession> SignedInAsync(string email) => SignedInAsync(app, email);

    /// <summary>A browser session signed in as the editor, on the editor's dashboard.</summary>
    internal static async Task<BrowserSession> SignedInAsync(AppFixture app, string email)
    {
        var session = await app.OpenAsync();
        var page = session.Page;
        await page.GotoAsync("/account/login");
        await page.Locator("#email").FillAsync(email);
        await page.Locator("#password").FillAsync(Arranger.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/edit$"));
        return session;
    }

    [GeneratedRegex("/edit/events/(\\d+)$")]
    private static partial Regex EventUrl();
}
