using System.Text.RegularExpressions;
using Deque.AxeCore.Playwright;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Timeline.Web.Data;
using Timeline.Web.Features.Editing;

namespace Timeline.E2E;

/// <summary>
/// The event form's tag and actor inputs in real Chromium, typed into a key at a time as a person types: typing only
/// edits the box, Enter and comma add what was typed without submitting the form, Backspace removes the last chip,
/// and every known actor is reachable by typing part of it.
/// </summary>
[Collection(AppGroup.Name)]
public sealed partial class LabelInputTests(AppFixture app)
{
    /// <summary>A person typing at a steady, unhurried pace; the report had every letter become a tag at this speed.</summary>
    private static readonly LocatorPressSequentiallyOptions Typing = new() { Delay = 150 };

    [Fact]
    public async Task Typing_a_tag_slowly_then_Enter_gives_one_chip_and_does_not_submit_the_form()
    {
        var timeline = await app.Arrange.TimelineAsync();
        await using var session = await SignedInAsync(await app.Arrange.EditorAsync());
        var page = session.Page;
        await page.GotoAsync($"/edit/timelines/{timeline.Id}/events/new");
        // A form that could be created, so that a submission by Enter would show as a new event.
        await EditorJourneyTests.TypeAsync(page.Locator("#event-title"), "Camps in the Far East");
        await EditorJourneyTests.TypeAsync(page.Locator("#event-start"), "2025-05");
        await page.EvaluateAsync("() => { window.submits = 0; document.querySelector('form.event-form').addEventListener('submit', () => window.submits++); }");
        var tags = page.GetByRole(AriaRole.Combobox, new() { Name = "Tags", Exact = true });

        await Assertions.Expect(tags).ToBeEditableAsync();
        await tags.PressSequentiallyAsync("forced labour camps", Typing);

        // The server has seen every letter when it offers to add the whole text; nothing was added on the way.
        await Assertions.Expect(page.GetByText("Enter adds “forced labour camps”.")).ToBeVisibleAsync();
        await Assertions.Expect(Chosen(page, "Tags")).ToHaveCountAsync(0);

        await tags.PressAsync("Enter");

        await Assertions.Expect(Chosen(page, "Tags").GetByRole(AriaRole.Listitem)).ToHaveTextAsync(["forced labour camps"]);
        await Assertions.Expect(tags).ToHaveValueAsync("");
        Assert.Equal(0, await page.EvaluateAsync<int>("() => window.submits"));
        Assert.EndsWith($"/edit/timelines/{timeline.Id}/events/new", page.Url, StringComparison.Ordinal);
        Assert.Empty(await EventIdsAsync(timeline.Id));

        // The button still creates it, with exactly that tag.
        await page.GetByRole(AriaRole.Button, new() { Name = "Create draft" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/edit/events/\\d+$"));
        var created = Assert.Single(await EventIdsAsync(timeline.Id));
        Assert.Equal(["forced labour camps"], (await LoadAsync(created)).Tags);
    }

    [Fact]
    public async Task On_an_existing_event_Enter_comma_and_Backspace_edit_the_tags_and_Save_stores_exactly_those()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var known = $"Camp Network {suffix}";
        var timeline = await app.Arrange.TimelineAsync();
        await app.Arrange.EventAsync(timeline.Id, "Holds the known tag", "Arranged.", tags: [known]);
        var eventId = await app.Arrange.EventAsync(timeline.Id, "Tags to edit", "Arranged.", tags: ["labour"]);
        await using var session = await SignedInAsync(await app.Arrange.EditorAsync());
        var page = session.Page;
        await page.GotoAsync($"/edit/events/{eventId}");
        var tags = page.GetByRole(AriaRole.Combobox, new() { Name = "Tags", Exact = true });
        var chips = Chosen(page, "Tags").GetByRole(AriaRole.Listitem);
        await Assertions.Expect(chips).ToHaveTextAsync(["labour"]);

        await Assertions.Expect(tags).ToBeEditableAsync();
        await tags.PressSequentiallyAsync($"wage arrears {suffix}", Typing);
        await tags.PressAsync("Enter");
        await Assertions.Expect(chips).ToHaveTextAsync(["labour", $"wage arrears {suffix}"]);
        // A comma ends a tag as Enter does; a known tag typed in capitals keeps its known spelling.
        await Assertions.Expect(tags).ToBeEditableAsync();
        await tags.PressSequentiallyAsync($"{known.ToUpperInvariant()},mistake {suffix},", Typing);
        await Assertions.Expect(chips).ToHaveTextAsync(["labour", $"wage arrears {suffix}", known, $"mistake {suffix}"]);
        await Assertions.Expect(tags).ToHaveValueAsync("");
        await tags.PressAsync("Backspace");
        await Assertions.Expect(chips).ToHaveTextAsync(["labour", $"wage arrears {suffix}", known]);

        await page.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Draft saved.").First).ToBeVisibleAsync();

        Assert.Equal([known, "labour", $"wage arrears {suffix}"], (await LoadAsync(eventId)).Tags);
        await using var scope = app.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<TimelineDbContext>>().CreateDbContextAsync();
        Assert.Equal(1, await db.Tags.CountAsync(t => t.Name == known));
        Assert.Equal(0, await db.Tags.CountAsync(t => t.Name.Contains("mistake")));
    }

    [Fact]
    public async Task Typing_as_fast_as_the_browser_takes_keys_with_commas_between_tags_gives_exactly_the_typed_tags()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var timeline = await app.Arrange.TimelineAsync();
        var eventId = await app.Arrange.EventAsync(timeline.Id, "Fast typing", "Arranged.");
        await using var session = await SignedInAsync(await app.Arrange.EditorAsync());
        var page = session.Page;
        await page.GotoAsync($"/edit/events/{eventId}");
        var tags = page.GetByRole(AriaRole.Combobox, new() { Name = "Tags", Exact = true });
        await Assertions.Expect(tags).ToBeVisibleAsync();
        string[] typed = [.. Enumerable.Range(1, 8).Select(i => $"fast tag {suffix} number {i}")];

        // Far faster than the server answers: no letter may be lost or land in the wrong tag.
        await Assertions.Expect(tags).ToBeEditableAsync();
        await tags.PressSequentiallyAsync(string.Join(",", typed), new() { Delay = 0 });
        await tags.PressAsync("Enter");
        await Assertions.Expect(tags).ToBeEditableAsync();
        await tags.PressSequentiallyAsync("oops", new() { Delay = 0 });
        foreach (var _ in "oops!")
        {
            await tags.PressAsync("Backspace");
        }

        await Assertions.Expect(Chosen(page, "Tags").GetByRole(AriaRole.Listitem)).ToHaveTextAsync(typed[..^1]);
        await Assertions.Expect(tags).ToHaveValueAsync("");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Draft saved.").First).ToBeVisibleAsync();
        Assert.Equal(typed[..^1], (await LoadAsync(eventId)).Tags);
    }

    [Fact]
    public async Task Pasting_a_comma_separated_list_adds_each_part_and_leaves_the_last_in_the_box()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var timeline = await app.Arrange.TimelineAsync();
        var eventId = await app.Arrange.EventAsync(timeline.Id, "Pasting", "Arranged.");
        await using var session = await SignedInAsync(await app.Arrange.EditorAsync());
        var page = session.Page;
        await page.GotoAsync($"/edit/events/{eventId}");
        var tags = page.GetByRole(AriaRole.Combobox, new() { Name = "Tags", Exact = true });

        await tags.FillAsync($"Labour, pasted {suffix} ,last {suffix}");

        await Assertions.Expect(Chosen(page, "Tags").GetByRole(AriaRole.Listitem)).ToHaveTextAsync(["labour", $"pasted {suffix}"]);
        await Assertions.Expect(tags).ToHaveValueAsync($"last {suffix}");
        await tags.PressAsync("Enter");
        await Assertions.Expect(Chosen(page, "Tags").GetByRole(AriaRole.Listitem)).ToHaveTextAsync(["labour", $"pasted {suffix}", $"last {suffix}"]);
    }

    [Fact]
    public async Task Typing_part_of_a_known_actor_beyond_the_first_twelve_lists_it_and_ArrowDown_then_Enter_picks_it()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var actor = $"Zhou Testactor {suffix}";
        var timeline = await app.Arrange.TimelineAsync();
        await app.Arrange.EventAsync(timeline.Id, "Holds the actor", "Arranged.", actors: [actor]);
        var eventId = await app.Arrange.EventAsync(timeline.Id, "Actor to pick", "Arranged.");
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var (_, actors) = await scope.ServiceProvider.GetRequiredService<EventEditor>().LabelsAsync();
            Assert.True(actors.ToList().IndexOf(actor) >= 12, "The actor must not be among the first twelve known ones.");
        }

        await using var session = await SignedInAsync(await app.Arrange.EditorAsync());
        var page = session.Page;
        await page.GotoAsync($"/edit/events/{eventId}");
        var box = page.GetByRole(AriaRole.Combobox, new() { Name = "Actors", Exact = true });

        await Assertions.Expect(box).ToBeEditableAsync();
        await box.PressSequentiallyAsync($"testactor {suffix}", Typing);

        var option = page.GetByRole(AriaRole.Option, new() { Name = actor, Exact = true });
        await Assertions.Expect(option).ToBeVisibleAsync();
        await Assertions.Expect(box).ToHaveAttributeAsync("aria-expanded", "true");
        var axe = await page.RunAxe(new Deque.AxeCore.Commons.AxeRunContext { Include = [new Deque.AxeCore.Commons.AxeSelector(".label-input")] });
        Assert.True(axe.Violations.Length == 0, string.Join("\n", axe.Violations.Select(v => $"{v.Id} ({v.Impact}): {v.Help} — {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html))}")));

        await box.PressAsync("ArrowDown");
        await Assertions.Expect(option).ToHaveAttributeAsync("aria-selected", "true");
        await Assertions.Expect(box).ToHaveAttributeAsync("aria-activedescendant", (await option.GetAttributeAsync("id"))!);
        await box.PressAsync("Enter");

        await Assertions.Expect(Chosen(page, "Actors").GetByRole(AriaRole.Listitem)).ToHaveTextAsync([actor]);
        await Assertions.Expect(box).ToHaveAttributeAsync("aria-expanded", "false");
        await Assertions.Expect(box).ToHaveValueAsync("");
        Assert.EndsWith($"/edit/events/{eventId}", page.Url, StringComparison.Ordinal);

        await page.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Draft saved.").First).ToBeVisibleAsync();
        Assert.Equal([actor], (await LoadAsync(eventId)).Actors);
    }

    [Fact]
    public async Task A_chip_is_removed_by_its_button_and_a_suggestion_is_added_by_a_click()
    {
        var timeline = await app.Arrange.TimelineAsync();
        var eventId = await app.Arrange.EventAsync(timeline.Id, "Chips by mouse", "Arranged.", tags: ["labour", "sanctions"]);
        await using var session = await SignedInAsync(await app.Arrange.EditorAsync());
        var page = session.Page;
        await page.GotoAsync($"/edit/events/{eventId}");
        var tags = page.GetByRole(AriaRole.Combobox, new() { Name = "Tags", Exact = true });
        var chips = Chosen(page, "Tags").GetByRole(AriaRole.Listitem);
        await Assertions.Expect(chips).ToHaveTextAsync(["labour", "sanctions"]);

        await page.GetByRole(AriaRole.Button, new() { Name = "Remove labour" }).ClickAsync();
        await Assertions.Expect(chips).ToHaveTextAsync(["sanctions"]);
        await Assertions.Expect(tags).ToBeFocusedAsync();

        await Assertions.Expect(tags).ToBeEditableAsync();
        await tags.PressSequentiallyAsync("LAB", Typing);
        await page.GetByRole(AriaRole.Option, new() { Name = "labour", Exact = true }).ClickAsync();
        await Assertions.Expect(chips).ToHaveTextAsync(["sanctions", "labour"]);
        await Assertions.Expect(tags).ToBeFocusedAsync();
        await Assertions.Expect(tags).ToBeEditableAsync();
        await tags.PressSequentiallyAsync("mili", Typing);
        await Assertions.Expect(page.GetByRole(AriaRole.Option, new() { Name = "military", Exact = true })).ToBeVisibleAsync();
        await tags.PressAsync("Escape");
        await Assertions.Expect(page.GetByRole(AriaRole.Listbox, new() { Name = "Known tags" })).ToBeHiddenAsync();
        await Assertions.Expect(tags).ToHaveValueAsync("mili");
    }

    private static ILocator Chosen(IPage page, string label) => page.GetByRole(AriaRole.List, new() { Name = $"{label} chosen", Exact = true });

    private async Task<EventInput> LoadAsync(int eventId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var loaded = await scope.ServiceProvider.GetRequiredService<EventEditor>().LoadAsync(eventId);
        return Assert.IsType<EventEditModel>(loaded).Input;
    }

    private async Task<List<int>> EventIdsAsync(int timelineId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<TimelineDbContext>>().CreateDbContextAsync();
        return await db.Events.IgnoreQueryFilters().Where(e => e.TimelineId == timelineId).Select(e => e.Id).ToListAsync();
    }

    /// <summary>Signs in as <see cref="EditorJourneyTests"/> does, in a session the test disposes.</summary>
    private async Task<BrowserSession> SignedInAsync(string email)
    {
        var session = await app.OpenAsync();
        var page = session.Page;
        await page.GotoAsync("/account/login");
        await page.Locator("#email").FillAsync(email);
        await page.Locator("#password").FillAsync(Arranger.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(EditorHome());
        return session;
    }

    [GeneratedRegex("/edit$")]
    private static partial Regex EditorHome();
}
