using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Timeline.Web.Features.Editing.Shared;

namespace Timeline.Web.Tests.Components;

/// <summary>
/// The tag and actor input, driven as a browser drives it: each key sends its keydown and then the box's new text.
/// Nothing is added while typing; Enter and comma add exactly the typed text; case and duplicates are folded.
/// </summary>
public sealed class LabelInputTests
{
    /// <summary>The seed's actors, alphabetical as the editor lists them: "Wildberries" is the 29th.</summary>
    private static readonly string[] Actors =
    [
        "Bu Khyn", "C4ADS", "Chris Monday", "Genco", "Kanson", "Kim Jong-un", "Mike Pompeo", "Mokran", "National Intelligence Service",
        "Nikki Haley", "North Korea", "RTVI", "Russia", "Russian Education Ministry", "Russian Foreign Ministry", "Russian Interior Ministry",
        "Russian Labor Ministry", "Sakhalin authorities", "Sakorenma", "Sistema", "St. Petersburg authorities", "The Moscow Times",
        "The Wall Street Journal", "UN Security Council", "United States", "Vladimir Evtushenkov", "Vladimir Putin",
        "Vladivostok city authorities", "Wildberries", "Yuzhny-Agrokombinat", "Zenco-39",
    ];

    [Fact]
    public async Task Typing_slowly_or_fast_only_edits_the_box_and_adds_nothing()
    {
        await using var ctx = MudContext.Create();
        var field = new Field(ctx, known: ["forced labour", "labour", "sanctions"]);

        await field.TypeAsync("forced labour camps");

        Assert.Empty(field.Chips);
        Assert.Equal(0, field.Changes);
        Assert.Contains("Enter adds “forced labour camps”.", field.Popup.TextContent, StringComparison.Ordinal);
        // The text is the browser's: the server never writes it back, so it cannot overwrite letters typed meanwhile.
        Assert.Null(field.Box.GetAttribute("value"));
    }

    [Fact]
    public async Task Enter_adds_exactly_the_typed_text_trimmed_with_its_inner_spaces_collapsed()
    {
        await using var ctx = MudContext.Create();
        var field = new Field(ctx, known: ["forced labour", "labour"]);

        await field.TypeAsync("  forced   labour camps ");
        await field.PressAsync("Enter");

        Assert.Equal(["forced labour camps"], field.Chips);
        Assert.Equal(["forced labour camps"], field.Chosen);
        Assert.Equal("false", field.Box.GetAttribute("aria-expanded"));
        Assert.Null(field.Box.GetAttribute("value"));
    }

    [Fact]
    public async Task A_comma_adds_the_typed_text_like_Enter()
    {
        await using var ctx = MudContext.Create();
        var field = new Field(ctx);

        await field.TypeAsync("sanctions evasion");
        await field.PressAsync(",");
        await field.TypeAsync("labour");
        await field.PressAsync("Enter");

        Assert.Equal(["sanctions evasion", "labour"], field.Chosen);
    }

    [Fact]
    public async Task Pasted_text_with_commas_adds_each_part_and_keeps_the_last_in_the_box()
    {
        await using var ctx = MudContext.Create();
        var field = new Field(ctx);

        await field.SetTextAsync("labour, sanctions ,visas");

        Assert.Equal(["labour", "sanctions"], field.Chosen);
        var settle = Assert.Single(ctx.JSInterop.Invocations, i => i.Identifier == "timelineEditor.settleLabelInput");
        Assert.Equal(["labour, sanctions ,visas", "visas"], settle.Arguments.Skip(1));
        Assert.Contains("Enter adds “visas”.", field.Popup.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Enter_or_comma_in_an_empty_box_adds_nothing()
    {
        await using var ctx = MudContext.Create();
        var field = new Field(ctx, known: ["labour"]);

        await field.PressAsync("Enter");
        await field.TypeAsync("   ");
        await field.PressAsync(",");

        Assert.Empty(field.Chips);
        Assert.Equal(0, field.Changes);
    }

    [Fact]
    public async Task Backspace_in_the_empty_box_removes_the_last_chip_but_only_deletes_text_otherwise()
    {
        await using var ctx = MudContext.Create();
        var field = new Field(ctx, values: ["labour", "sanctions"]);

        await field.TypeAsync("vi");
        await field.BackspaceAsync();
        await field.BackspaceAsync();
        Assert.Equal(["labour", "sanctions"], field.Chips);

        await field.BackspaceAsync();
        Assert.Equal(["labour"], field.Chips);
        Assert.Equal(["labour"], field.Chosen);
    }

    [Fact]
    public async Task A_value_typed_in_another_case_is_added_in_the_known_spelling()
    {
        await using var ctx = MudContext.Create();
        var field = new Field(ctx, known: ["labour", "Kim Jong-un"]);

        await field.TypeAsync("LABOUR");
        await field.PressAsync("Enter");
        await field.TypeAsync("kim  jong-UN");
        await field.PressAsync(",");

        Assert.Equal(["labour", "Kim Jong-un"], field.Chosen);
    }

    [Fact]
    public async Task A_value_already_chosen_in_any_case_is_not_added_again()
    {
        await using var ctx = MudContext.Create();
        var field = new Field(ctx, values: ["labour"], known: ["labour"]);

        await field.TypeAsync("Labour");
        await field.PressAsync("Enter");
        await field.TypeAsync("new tag");
        await field.PressAsync("Enter");
        await field.TypeAsync("NEW TAG");
        await field.PressAsync("Enter");

        Assert.Equal(["labour", "new tag"], field.Chips);
        Assert.Equal(1, field.Changes);
        Assert.Contains("“new tag” is already chosen.", field.Status, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Typing_part_of_a_known_value_beyond_the_twelfth_lists_it_and_ArrowDown_then_Enter_picks_it()
    {
        await using var ctx = MudContext.Create();
        var field = new Field(ctx, label: "Actors", known: Actors);
        Assert.True(Array.IndexOf(Actors, "Wildberries") >= 12);

        await field.TypeAsync("berr");
        Assert.Equal(["Wildberries"], field.Options);

        await field.PressAsync("ArrowDown");
        Assert.Equal(field.Option("Wildberries").Id, field.Box.GetAttribute("aria-activedescendant"));
        await field.PressAsync("Enter");

        Assert.Equal(["Wildberries"], field.Chosen);
    }

    [Fact]
    public async Task Every_known_value_is_reachable_by_typing_part_of_it()
    {
        await using var ctx = MudContext.Create();
        var field = new Field(ctx, label: "Actors", known: Actors);

        foreach (var actor in Actors)
        {
            await field.SetTextAsync(actor[1..^1]);
            Assert.Contains(actor, field.Options);
        }
    }

    [Fact]
    public async Task Suggestions_are_filtered_ignoring_case_and_accents_with_values_that_start_with_the_text_first()
    {
        await using var ctx = MudContext.Create();
        var field = new Field(ctx, known: ["Belarus", "Prussia", "Russia", "Rusça", "White Russians", "Sanctions"]);

        await field.TypeAsync("RUS");
        Assert.Equal(["Russia", "Rusça", "White Russians", "Belarus", "Prussia"], field.Options);
        Assert.Equal("Rus", field.Option("Russia").QuerySelector(".label-input__match")!.TextContent);

        await field.SetTextAsync("rusca");
        Assert.Equal(["Rusça"], field.Options);
    }

    [Fact]
    public async Task At_most_eight_suggestions_are_listed_and_the_list_says_how_many_more_match()
    {
        await using var ctx = MudContext.Create();
        var field = new Field(ctx, label: "Actors", known: Actors);

        await field.TypeAsync("i");

        Assert.Equal(LabelInput.MaxSuggestions, field.Options.Count);
        var matching = Actors.Count(a => a.Contains('i', StringComparison.OrdinalIgnoreCase));
        Assert.Contains($"{matching - LabelInput.MaxSuggestions} more match", field.Popup.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chosen_values_are_not_suggested_again()
    {
        await using var ctx = MudContext.Create();
        var field = new Field(ctx, values: ["Russia"], label: "Actors", known: Actors);

        await field.TypeAsync("russia");

        Assert.DoesNotContain("Russia", field.Options);
        Assert.Contains("Russian Foreign Ministry", field.Options);
    }

    [Fact]
    public async Task Clicking_a_suggestion_adds_it_and_empties_the_box()
    {
        await using var ctx = MudContext.Create();
        var field = new Field(ctx, label: "Actors", known: Actors);

        await field.TypeAsync("putin");
        await field.Option("Vladimir Putin").ClickAsync(new MouseEventArgs());

        Assert.Equal(["Vladimir Putin"], field.Chosen);
        Assert.Empty(field.Options);
        Assert.DoesNotContain("Enter adds", field.Popup.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Arrow_keys_move_the_highlight_and_wrap_and_Escape_closes_the_list()
    {
        await using var ctx = MudContext.Create();
        var field = new Field(ctx, known: ["labour", "forced labour", "labour camps"]);

        await field.TypeAsync("labour");
        Assert.Equal("true", field.Box.GetAttribute("aria-expanded"));
        Assert.Equal(field.Box.GetAttribute("aria-controls"), field.Listbox.Id);
        Assert.Null(field.Box.GetAttribute("aria-activedescendant"));
        Assert.Equal(["labour", "labour camps", "forced labour"], field.Options);

        await field.PressAsync("ArrowDown");
        await field.PressAsync("ArrowDown");
        Assert.Equal("true", field.Option("labour camps").GetAttribute("aria-selected"));
        await field.PressAsync("ArrowUp");
        await field.PressAsync("ArrowUp");
        Assert.Equal(field.Option("forced labour").Id, field.Box.GetAttribute("aria-activedescendant"));

        await field.PressAsync("Escape");
        Assert.Equal("false", field.Box.GetAttribute("aria-expanded"));
        Assert.True(field.Popup.HasAttribute("hidden"));
        Assert.Empty(field.Options);

        // With the list closed, Enter adds the typed text, not the option that was highlighted.
        await field.PressAsync("Enter");
        Assert.Equal(["labour"], field.Chosen);
    }

    [Fact]
    public async Task ArrowDown_in_the_empty_box_lists_known_values()
    {
        await using var ctx = MudContext.Create();
        var field = new Field(ctx, label: "Actors", known: Actors);

        await field.Box.FocusAsync(new FocusEventArgs());
        Assert.Equal("false", field.Box.GetAttribute("aria-expanded"));
        await field.PressAsync("ArrowDown");

        Assert.Equal(Actors.Take(LabelInput.MaxSuggestions), field.Options);
        await field.PressAsync("Enter");
        Assert.Equal([Actors[0]], field.Chosen);
    }

    [Fact]
    public async Task An_input_method_Enter_that_confirms_a_composition_adds_nothing()
    {
        await using var ctx = MudContext.Create();
        var field = new Field(ctx, label: "Actors");

        await field.SetTextAsync("김정은");
        await field.Box.KeyDownAsync(new KeyboardEventArgs { Key = "Enter", IsComposing = true });
        Assert.Empty(field.Chips);

        await field.PressAsync("Enter");
        Assert.Equal(["김정은"], field.Chosen);
    }

    [Fact]
    public async Task Each_chip_has_a_remove_button_named_for_its_value_in_a_list_named_for_the_field()
    {
        await using var ctx = MudContext.Create();
        var field = new Field(ctx, values: ["labour", "sanctions"]);

        var list = field.Cut.Find("ul[aria-label='Tags chosen']");
        Assert.Equal(2, list.QuerySelectorAll("li").Length);
        await field.Cut.Find("button[aria-label='Remove labour']").ClickAsync(new MouseEventArgs());

        Assert.Equal(["sanctions"], field.Chosen);
        Assert.Equal("button", field.Cut.Find("button[aria-label='Remove sanctions']").GetAttribute("type"));
    }

    [Fact]
    public async Task The_box_is_a_labelled_combobox_described_by_its_help_or_its_error()
    {
        await using var ctx = MudContext.Create();
        var field = new Field(ctx, help: "Enter or comma adds");

        Assert.Equal("combobox", field.Box.GetAttribute("role"));
        Assert.Equal("Tags", field.Cut.Find($"label[for='{field.Box.Id}']").TextContent);
        Assert.Equal("Enter or comma adds", field.Cut.Find($"#{field.Box.GetAttribute("aria-describedby")}").TextContent);

        field.Cut.Render(p => p.Add(c => c.Error, "Use at most 20 tags."));
        Assert.Equal("true", field.Box.GetAttribute("aria-invalid"));
        Assert.Equal("Use at most 20 tags.", field.Cut.Find($"#{field.Box.GetAttribute("aria-describedby")}").TextContent);
    }

    [Fact]
    public async Task Text_left_in_the_box_is_pointed_out_when_the_field_loses_focus()
    {
        await using var ctx = MudContext.Create();
        var field = new Field(ctx, help: "Enter or comma adds");

        await field.TypeAsync("labour");
        await field.Box.BlurAsync(new FocusEventArgs());

        Assert.Empty(field.Chips);
        Assert.Contains("“labour” is not added yet", field.Cut.Find($"#{field.Box.GetAttribute("aria-describedby")}").TextContent, StringComparison.Ordinal);
    }

    /// <summary>One rendered input and the values its parent received, found as a user finds them: by label and role.</summary>
    private sealed class Field
    {
        private readonly string label;
        private string text = "";

        public Field(BunitContext ctx, List<string>? values = null, string label = "Tags", IReadOnlyList<string>? known = null, string? help = null)
        {
            this.label = label;
            Chosen = values ?? [];
            Cut = ctx.Render<LabelInput>(p => p
                .Add(c => c.Label, label)
                .Add(c => c.Help, help)
                .Add(c => c.Values, Chosen)
                .Add(c => c.Known, known ?? [])
                .Add(c => c.ValuesChanged, v =>
                {
                    Chosen = v;
                    Changes++;
                }));
        }

        public IRenderedComponent<LabelInput> Cut { get; }

        /// <summary>The values as the parent holds them through the two-way binding.</summary>
        public List<string> Chosen { get; private set; }

        public int Changes { get; private set; }

        public IElement Box => Cut.Find($"#{Cut.Find("label").GetAttribute("for")}");

        public IElement Listbox => Cut.Find("[role=listbox]");

        public IElement Popup => Cut.Find(".label-input__popup");

        public List<string> Chips => [.. Cut.FindAll($"ul[aria-label='{label} chosen'] li").Select(li => li.TextContent.Trim())];

        public List<string> Options => [.. Cut.FindAll("[role=option]").Select(o => o.TextContent.Trim())];

        public string Status => Cut.Find("[role=status]").TextContent;

        public IElement Option(string text) => Cut.FindAll("[role=option]").Single(o => o.TextContent.Trim() == text);

        /// <summary>Types as a browser reports it: a keydown for each character, then the box's text with it added.</summary>
        public async Task TypeAsync(string typed)
        {
            foreach (var c in typed)
            {
                await Box.KeyDownAsync(new KeyboardEventArgs { Key = c.ToString(), Type = "keydown" });
                await SetTextAsync(text + c);
            }
        }

        /// <summary>The box's text changes at once (pasted, or picked from a phone keyboard's suggestions).</summary>
        public Task SetTextAsync(string value)
        {
            text = value;
            return Box.InputAsync(new ChangeEventArgs { Value = value });
        }

        /// <summary>A key that does not type (Enter, comma, arrows, Escape); as editor.js does, Enter and comma empty the box.</summary>
        public async Task PressAsync(string key)
        {
            await Box.KeyDownAsync(new KeyboardEventArgs { Key = key, Type = "keydown" });
            if (key is "Enter" or ",")
            {
                text = "";
            }
        }

        /// <summary>Backspace: its keydown, then the box's text one character shorter if it had any.</summary>
        public async Task BackspaceAsync()
        {
            await Box.KeyDownAsync(new KeyboardEventArgs { Key = "Backspace", Type = "keydown" });
            if (text.Length > 0)
            {
                await SetTextAsync(text[..^1]);
            }
        }
    }
}
