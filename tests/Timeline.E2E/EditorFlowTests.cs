using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Timeline.Web.Data;
using Timeline.Web.Features.Editing;
using Xunit.Abstractions;

namespace Timeline.E2E;

/// <summary>
/// The journalist's flow in real Chromium, typed at a person's pace: a new source's passage becomes a new published
/// event in one flow (its clicks counted), events are found by title in the picker, drafts are previewed as readers
/// will see them, every save is acknowledged, and a dispute's note reaches readers.
/// </summary>
[Collection(AppGroup.Name)]
public sealed class EditorFlowTests(AppFixture app, ITestOutputHelper output)
{
    private const string ArticleText =
        "Officials in the region spoke to reporters on Monday. On March 3, 2025, about 200 North Korean workers arrived at a " +
        "construction site near Moscow, the officials said. No one else has confirmed the figure. The company did not answer.";

    /// <summary>The goal: a new source's passage backs a new published event in at most 15 clicks.</summary>
    private const int MaxClicks = 15;

    [Fact]
    public async Task A_passage_of_a_newly_added_source_becomes_a_published_event_in_one_flow_of_at_most_15_clicks()
    {
        var timeline = await app.Arrange.TimelineAsync();
        await using var session = await EditorJourneyTests.SignedInAsync(app, await app.Arrange.EditorAsync());
        var page = session.Page;
        var clicks = 0;
        var keys = 0;
        async Task Click(ILocator target)
        {
            clicks++;
            await target.ClickAsync();
        }

        async Task Type(ILocator field, string text)
        {
            await Click(field);
            keys += text.Length;
            await EditorJourneyTests.TypeAsync(field, text);
        }

        var title = $"Workers arrive {Guid.NewGuid():N}"[..22];
        var outlet = $"Outlet {Guid.NewGuid():N}"[..13];
        await page.GotoAsync($"/edit/timelines/{timeline.Id}");
        await Click(page.GetByRole(AriaRole.Link, new() { Name = "New event from a new source" }));

        await Type(page.GetByLabel("Title or headline"), "Workers reach a building site");
        await Type(page.GetByLabel("Outlet", new() { Exact = true }), outlet);
        // The article's text is pasted, as editors bring it in.
        await Click(page.GetByLabel("Full text"));
        await page.GetByLabel("Full text").FillAsync(ArticleText);
        await Assertions.Expect(page.GetByText($"{ArticleText.Length:N0} of 500,000 characters")).ToBeVisibleAsync();
        await Click(page.GetByRole(AriaRole.Button, new() { Name = "Add source" }));

        await Type(page.GetByLabel("Find a phrase"), "200 North Korean workers");
        var match = page.Locator("button.match").Filter(new() { Has = page.Locator("strong", new() { HasTextRegex = new Regex("^200 North Korean workers$") }) }).First;
        await Click(match);
        await Assertions.Expect(page.Locator("#picker-text mark.picker-selection")).ToHaveTextAsync("200 North Korean workers");
        await Click(page.GetByRole(AriaRole.Button, new() { Name = "Whole sentence" }));
        const string Sentence = "On March 3, 2025, about 200 North Korean workers arrived at a construction site near Moscow, the officials said.";
        await Assertions.Expect(page.GetByTestId("selected-passage")).ToHaveTextAsync(Sentence);
        await Assertions.Expect(page.Locator("#picker-text mark.picker-selection")).ToHaveTextAsync(Sentence);
        await Click(page.GetByRole(AriaRole.Button, new() { Name = "New event from this passage" }));

        // The new event's form holds the passage and the date its words give.
        await Assertions.Expect(page.GetByTestId("backing-passage")).ToHaveTextAsync(Sentence);
        await Assertions.Expect(page.Locator("#event-start")).ToHaveValueAsync("2025-03-03");
        await Type(page.Locator("#event-title"), title);
        await Assertions.Expect(page.Locator("#event-title")).ToHaveValueAsync(title);
        await Click(page.GetByRole(AriaRole.Button, new() { Name = "Create and publish" }));

        await Assertions.Expect(page).ToHaveURLAsync(new Regex(@"/edit/events/\d+$"));
        await Assertions.Expect(page.GetByTestId("event-state")).ToHaveTextAsync("Published: readers see it");
        await Assertions.Expect(page.Locator(".excerpt-editor blockquote")).ToHaveTextAsync(Sentence);
        output.WriteLine($"One flow from a new source to a published event: {clicks} clicks, {keys} typed characters, one paste.");
        Assert.InRange(clicks, 1, MaxClicks);

        await using var reader = await app.OpenAsync();
        await reader.Page.GotoAsync($"/t/{timeline.Slug}");
        var card = reader.Page.Locator("article.event", new() { Has = reader.Page.GetByRole(AriaRole.Heading, new() { Name = title }) });
        await Assertions.Expect(card.Locator("time")).ToHaveTextAsync("3 March 2025");
        await Assertions.Expect(card.Locator("blockquote")).ToHaveTextAsync(Sentence);
    }

    [Fact]
    public async Task In_the_picker_an_event_is_found_by_typing_part_of_its_title()
    {
        var timeline = await app.Arrange.TimelineAsync();
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var wanted = await app.Arrange.EventAsync(timeline.Id, $"Warehouse videos {suffix}", "Arranged.");
        await app.Arrange.EventAsync(timeline.Id, $"Another event {suffix}", "Arranged.");
        var sourceId = await app.Arrange.SourceCopyAsync("The Moscow Times");
        await using var session = await EditorJourneyTests.SignedInAsync(app, await app.Arrange.EditorAsync());
        var page = session.Page;
        await page.GotoAsync($"/edit/sources/{sourceId}");
        await EditorJourneyTests.TypeAsync(page.GetByLabel("Find a phrase"), "Elektrostal");
        // The matches follow the typing (debounced): choose one for the whole word, not for a part typed earlier.
        await page.Locator("button.match").Filter(new() { Has = page.Locator("strong", new() { HasTextRegex = new Regex("^Elektrostal$") }) }).First.ClickAsync();

        await EditorJourneyTests.TypeAsync(page.Locator("#picker-event"), $"videos {suffix}");
        var option = page.GetByRole(AriaRole.Option).Filter(new() { HasText = $"Warehouse videos {suffix}" });
        await Assertions.Expect(page.GetByRole(AriaRole.Option)).ToHaveCountAsync(1);
        await Assertions.Expect(option).ToContainTextAsync("June 2025");
        await option.ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Attach to event" }).ClickAsync();

        await Assertions.Expect(page.Locator("#picker-text mark[data-pick]")).ToHaveCountAsync(1);
        await using var scope = app.Services.CreateAsyncScope();
        var loaded = await scope.ServiceProvider.GetRequiredService<EventEditor>().LoadAsync(wanted);
        Assert.Contains("Elektrostal", Assert.Single(loaded!.Excerpts).Quote, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_draft_is_previewed_as_readers_will_see_it_and_readers_see_it_only_once_published()
    {
        var timeline = await app.Arrange.TimelineAsync();
        var eventId = await app.Arrange.EventAsync(timeline.Id, "A draft to preview", "Only **editors** see this yet.");
        await using var session = await EditorJourneyTests.SignedInAsync(app, await app.Arrange.EditorAsync());
        var page = session.Page;
        await page.GotoAsync($"/edit/events/{eventId}");
        await Assertions.Expect(page.GetByTestId("event-state")).ToHaveTextAsync("Draft: only editors see it");

        var previewPage = await page.Context.RunAndWaitForPageAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Preview as readers will see it" }).ClickAsync());
        await Assertions.Expect(previewPage.GetByRole(AriaRole.Note)).ToContainTextAsync("Draft: readers cannot see this event yet.");
        await Assertions.Expect(previewPage.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("A draft to preview");
        await Assertions.Expect(previewPage.Locator(".event__summary strong")).ToHaveTextAsync("editors");
        // The preview is the reader's plain document: no editor script or styles.
        Assert.Equal(0, await previewPage.Locator("script[src*='blazor']").CountAsync());
        await previewPage.CloseAsync();

        var slug = (await LoadAsync(eventId)).Slug;
        await using var reader = await app.OpenAsync();
        var hidden = await reader.Page.GotoAsync($"/t/{timeline.Slug}/e/{slug}");
        Assert.Equal(404, hidden!.Status);

        await page.GetByRole(AriaRole.Button, new() { Name = "Save and publish" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("event-state")).ToHaveTextAsync("Published: readers see it");
        var shown = await reader.Page.GotoAsync($"/t/{timeline.Slug}/e/{slug}");
        Assert.Equal(200, shown!.Status);

        await page.GetByRole(AriaRole.Button, new() { Name = "Unpublish" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("event-state")).ToHaveTextAsync("Draft: only editors see it");
        await Assertions.Expect(page.GetByTestId("save-status")).ToContainTextAsync("Unpublished: only editors see this event now.");
        Assert.False((await LoadAsync(eventId)).IsPublished);
    }

    [Fact]
    public async Task Two_saves_in_a_row_are_each_acknowledged()
    {
        var timeline = await app.Arrange.TimelineAsync();
        var eventId = await app.Arrange.EventAsync(timeline.Id, "Saved twice", "First.", published: true);
        await using var session = await EditorJourneyTests.SignedInAsync(app, await app.Arrange.EditorAsync());
        var page = session.Page;
        await page.GotoAsync($"/edit/events/{eventId}");
        var summary = page.Locator("#event-summary");
        var acknowledged = page.Locator(".mud-snackbar").Filter(new() { HasText = "Saved. Readers see the change now." });

        await EditorJourneyTests.TypeAsync(summary, " One.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
        await Assertions.Expect(acknowledged).ToHaveCountAsync(1);
        await EditorJourneyTests.TypeAsync(summary, " Two.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();

        // The same message again, a moment later: a second one shows rather than being swallowed as a duplicate.
        await Assertions.Expect(acknowledged).ToHaveCountAsync(2);
        await Assertions.Expect(page.GetByTestId("save-status")).ToContainTextAsync("Saved. Readers see the change now.");
        Assert.Equal("First. One. Two.", (await LoadAsync(eventId)).Summary);
    }

    [Fact]
    public async Task A_note_on_what_a_disputing_passage_differs_in_is_shown_to_readers_beside_it()
    {
        var timeline = await app.Arrange.TimelineAsync();
        var eventId = await app.Arrange.EventAsync(timeline.Id, "Troops counted", "Arranged.", published: true);
        var sourceId = await app.Arrange.SourceCopyAsync("The Moscow Times");
        const string Passage = "A 2017 UN Security Council resolution bans North Korean workers from earning income abroad.";
        await app.Arrange.UseAsync<EventEditor, int>(async editor =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            var source = await scope.ServiceProvider.GetRequiredService<SourceEditor>().LoadAsync(sourceId);
            var at = source!.Input.Text.IndexOf(Passage, StringComparison.Ordinal);
            return await editor.AttachAsync(eventId, sourceId, at, at + Passage.Length, ExcerptRole.Disputes, new EditorIdentity(null, "arranger"));
        });
        await using var session = await EditorJourneyTests.SignedInAsync(app, await app.Arrange.EditorAsync());
        var page = session.Page;
        await page.GotoAsync($"/edit/events/{eventId}");
        var form = page.GetByRole(AriaRole.Form, new() { Name = "What this passage differs in" });
        await Assertions.Expect(form.GetByText("Say what this passage differs in")).ToBeVisibleAsync();

        await form.GetByRole(AriaRole.Combobox, new() { Name = "What differs" }).ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "how it is characterised" }).ClickAsync();
        const string Note = "This article calls it a ban on earning income abroad; the others speak of new permits.";
        await EditorJourneyTests.TypeAsync(form.GetByLabel("Note for readers"), Note);
        await Assertions.Expect(form.GetByLabel("Note for readers")).ToHaveValueAsync(Note);
        await form.GetByRole(AriaRole.Button, new() { Name = "Save note" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Note saved. Readers see it beside the passages.")).ToBeVisibleAsync();

        await using var reader = await app.OpenAsync();
        var slug = (await LoadAsync(eventId)).Slug;
        await reader.Page.GotoAsync($"/t/{timeline.Slug}/e/{slug}");
        var quote = reader.Page.Locator("figure.excerpt--disputes");
        await Assertions.Expect(quote.Locator(".dispute-note")).ToHaveTextAsync($"What differs: how it is characterised. {Note}");
        await Assertions.Expect(reader.Page.Locator(".event__dispute")).ToContainTextAsync("They differ on how it is characterised");
        await reader.Page.GotoAsync($"/t/{timeline.Slug}/disagreements");
        await Assertions.Expect(reader.Page.Locator("article.dispute > .dispute-note")).ToContainTextAsync(Note);
    }

    [Fact]
    public async Task An_image_uploaded_with_alt_text_shows_on_the_reader_page_and_in_the_embed_and_a_file_that_is_not_an_image_is_refused()
    {
        var timeline = await app.Arrange.TimelineAsync();
        var eventId = await app.Arrange.EventAsync(timeline.Id, "Warehouse pictured", "Arranged.", published: true);
        await using var session = await EditorJourneyTests.SignedInAsync(app, await app.Arrange.EditorAsync());
        var page = session.Page;
        await page.GotoAsync($"/edit/events/{eventId}");
        var media = page.GetByRole(AriaRole.Form, new() { Name = "Media" });
        await Assertions.Expect(media.GetByLabel("Alt text: what the image shows")).ToBeEditableAsync();

        // The file input takes files once Blazor has wired it up (it marks the element when it has).
        await page.WaitForFunctionAsync("() => document.getElementById('media-file')?._blazorInputFileNextFileId !== undefined");

        // Not an image: refused at the field, nothing saved.
        await page.Locator("#media-file").SetInputFilesAsync(new FilePayload { Name = "notes.png", MimeType = "image/png", Buffer = "just some text"u8.ToArray() });
        await Assertions.Expect(media.GetByRole(AriaRole.Status)).ToContainTextAsync("Ready to save: notes.png");
        await EditorJourneyTests.TypeAsync(media.GetByLabel("Alt text: what the image shows"), "Not really a picture");
        await media.GetByRole(AriaRole.Button, new() { Name = "Save media" }).ClickAsync();
        await Assertions.Expect(media.GetByRole(AriaRole.Status)).ToContainTextAsync("not an image that can be read");
        Assert.Null((await LoadModelAsync(eventId)).Media);

        await page.Locator("#media-file").SetInputFilesAsync(new FilePayload { Name = "warehouse.png", MimeType = "image/png", Buffer = Png(1000, 600) });
        await Assertions.Expect(media.GetByRole(AriaRole.Status)).ToContainTextAsync("Ready to save: warehouse.png");
        await media.GetByLabel("Alt text: what the image shows").ClearAsync();
        await EditorJourneyTests.TypeAsync(media.GetByLabel("Alt text: what the image shows"), "Workers in purple uniforms");
        await EditorJourneyTests.TypeAsync(media.GetByLabel("Credit (optional)"), "Photo: Test Agency");
        await Assertions.Expect(media.GetByLabel("Credit (optional)")).ToHaveValueAsync("Photo: Test Agency");
        await media.GetByRole(AriaRole.Button, new() { Name = "Save media" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("current-media").Locator("img")).ToHaveAttributeAsync("alt", "Workers in purple uniforms");

        var slug = (await LoadAsync(eventId)).Slug;
        await using var reader = await app.OpenAsync(width: 360, height: 800);
        await reader.Page.GotoAsync($"/t/{timeline.Slug}/e/{slug}");
        var image = reader.Page.GetByRole(AriaRole.Img, new() { Name = "Workers in purple uniforms" });
        await image.ScrollIntoViewIfNeededAsync();
        await Assertions.Expect(image).ToBeVisibleAsync();
        // The phone gets a narrow rendition, not the widest.
        await Assertions.Expect(image).ToHaveJSPropertyAsync("complete", true);
        var chosen = await image.EvaluateAsync<string>("img => img.currentSrc");
        Assert.Matches(@"/media/\d+/(480|960)\.webp$", chosen);
        await Assertions.Expect(reader.Page.Locator(".event-media__credit")).ToHaveTextAsync("Photo: Test Agency");

        await reader.Page.GotoAsync($"/embed/t/{timeline.Slug}/e/{slug}");
        await Assertions.Expect(reader.Page.GetByRole(AriaRole.Img, new() { Name = "Workers in purple uniforms" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task After_signing_out_in_one_tab_a_save_in_another_open_tab_is_refused_and_nothing_changes()
    {
        var timeline = await app.Arrange.TimelineAsync();
        var eventId = await app.Arrange.EventAsync(timeline.Id, "Two tabs", "As arranged.", published: true);
        await using var session = await EditorJourneyTests.SignedInAsync(app, await app.Arrange.EditorAsync());
        var first = session.Page;
        var second = await session.Context.NewPageAsync();
        await second.GotoAsync($"/edit/events/{eventId}");
        await Assertions.Expect(second.Locator("#event-summary")).ToHaveValueAsync("As arranged.");

        await first.GotoAsync("/edit");
        await first.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Assertions.Expect(first).ToHaveURLAsync(new Regex("/$"));

        await EditorJourneyTests.TypeAsync(second.Locator("#event-summary"), " Changed after signing out.");
        await second.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();

        await Assertions.Expect(second.GetByText("You are signed out (in this tab or another), so nothing was saved.")).ToBeVisibleAsync();
        Assert.Equal("As arranged.", (await LoadAsync(eventId)).Summary);
    }

    [Fact]
    public async Task An_editor_disabled_by_an_admin_cannot_save_from_the_tab_they_have_open()
    {
        var timeline = await app.Arrange.TimelineAsync();
        var eventId = await app.Arrange.EventAsync(timeline.Id, "Disabled editor", "As arranged.", published: true);
        var email = await app.Arrange.EditorAsync();
        await using var editor = await EditorJourneyTests.SignedInAsync(app, email);
        await editor.Page.GotoAsync($"/edit/events/{eventId}");
        await Assertions.Expect(editor.Page.Locator("#event-summary")).ToHaveValueAsync("As arranged.");

        await using var admin = await EditorJourneyTests.SignedInAsync(app, await app.Arrange.AdminAsync());
        await admin.Page.GotoAsync("/edit/users");
        await admin.Page.GetByRole(AriaRole.Button, new() { Name = $"Manage {email}" }).ClickAsync();
        var panel = admin.Page.GetByTestId("manage-panel");
        await panel.GetByRole(AriaRole.Button, new() { Name = "Disable" }).ClickAsync();
        await Assertions.Expect(panel.GetByTestId("account-outcome")).ToContainTextAsync("their open sessions have ended");
        await Assertions.Expect(admin.Page.GetByTestId($"status-{email}")).ToContainTextAsync("Disabled");
        await Assertions.Expect(admin.Page.GetByTestId("account-history")).ToContainTextAsync(email);

        await EditorJourneyTests.TypeAsync(editor.Page.Locator("#event-summary"), " Changed after being disabled.");
        await editor.Page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();

        await Assertions.Expect(editor.Page.GetByText("You are signed out (in this tab or another), so nothing was saved.")).ToBeVisibleAsync();
        Assert.Equal("As arranged.", (await LoadAsync(eventId)).Summary);
    }

    private static byte[] Png(int width, int height)
    {
        using var bitmap = new SkiaSharp.SKBitmap(width, height);
        using (var canvas = new SkiaSharp.SKCanvas(bitmap))
        {
            canvas.Clear(SkiaSharp.SKColors.Purple);
        }

        using var image = SkiaSharp.SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SkiaSharp.SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    private async Task<EventEditModel> LoadModelAsync(int eventId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<EventEditor>().LoadAsync(eventId))!;
    }

    private async Task<EventInput> LoadAsync(int eventId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<EventEditor>().LoadAsync(eventId))!.Input;
    }
}
