using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.JSInterop;

namespace Timeline.Web.Features.Editing.Shared;

/// <summary>
/// Picks a list of labels (tags or actors) as people know from label and recipient fields: typing only edits the box
/// and filters every known value; Enter or comma adds the typed text, or the suggestion highlighted with the arrow
/// keys; clicking a suggestion adds it; Escape closes the list; Backspace in the empty box removes the last chip.
/// A value is added in its known spelling and never twice, whatever its case.
/// </summary>
/// <remarks>
/// The box's text belongs to the browser: it is never rendered (a rendered value would overwrite letters typed while the
/// render was on its way). The server follows it through input events; Blazor Server handles a circuit's events in the
/// order they were sent, so when a key arrives the text is what the box held just before that key. Every handler
/// changes its state before it awaits anything that could yield. The client part is in editor.js: it keeps Enter and
/// comma from submitting the form or typing a comma, and empties the box itself when Enter, comma or a click on a
/// suggestion adds a value.
/// </remarks>
public sealed partial class LabelInput
{
    /// <summary>How many suggestions are listed; typing more of a value reaches the others.</summary>
    public const int MaxSuggestions = 8;

    private const CompareOptions Loose = CompareOptions.IgnoreCase | CompareOptions.IgnoreNonSpace;

    private ElementReference input;
    private string text = "";
    private int active = -1;
    private bool focused;
    private bool browsing;
    private bool dismissed;
    private string announcement = "";
    private Suggestions suggestions = Suggestions.None;

    [Parameter, EditorRequired]
    public required string Label { get; set; }

    [Parameter]
    public string? Help { get; set; }

    [Parameter]
    public string? Error { get; set; }

    [Parameter]
    public List<string> Values { get; set; } = [];

    [Parameter]
    public EventCallback<List<string>> ValuesChanged { get; set; }

    /// <summary>Every value already in use, in the order to suggest them (alphabetical).</summary>
    [Parameter]
    public IReadOnlyList<string> Known { get; set; } = [];

    /// <summary>The id of the text box; by default derived from the label.</summary>
    [Parameter]
    public string? InputId { get; set; }

    private string Id => InputId ?? $"labels-{Timeline.Domain.Slug.From(Label)}";

    private string ListId => $"{Id}-options";

    private string HelpId => $"{Id}-help";

    private string ErrorClass => Error is null ? "" : " mud-input-error";

    private bool PopupOpen => focused && !dismissed && (text.Length > 0 || browsing);

    private bool Expanded => PopupOpen && suggestions.Shown.Count > 0;

    private Suggestion? ActiveOption => Expanded && active >= 0 && active < suggestions.Shown.Count ? suggestions.Shown[active] : null;

    private string? HelperText => Error
        ?? (!focused && Clean(text) is { Length: > 0 } pending ? $"“{pending}” is not added yet: press Enter in the box to add it." : Help);

    /// <summary>What Enter would do now, and how many more values match than are listed.</summary>
    private string? Hint
    {
        get
        {
            var more = suggestions.Total - suggestions.Shown.Count;
            var narrow = more > 0 ? $"{more} more {(more == 1 ? "matches" : "match")}: type more to find {(more == 1 ? "it" : "them")}." : null;
            var choice = Spelling(ActiveOption?.Value ?? Clean(text));
            if (choice.Length == 0)
            {
                return narrow;
            }

            var adds = Chosen(choice) is { } already ? $"“{already}” is already chosen." : $"Enter adds “{choice}”.";
            return narrow is null ? adds : $"{adds} {narrow}";
        }
    }

    /// <summary>Trims a label and collapses the whitespace inside it.</summary>
    internal static string Clean(string? value) => Whitespace().Replace(value?.Trim() ?? "", " ");

    /// <summary>
    /// The known values, not yet chosen, that contain the text, ignoring case and accents: those that start with it first,
    /// then those with a word that starts with it, then the rest, each in the known order; at most <paramref name="max"/>.
    /// </summary>
    internal static Suggestions Suggest(IReadOnlyList<string> known, IReadOnlyCollection<string> chosen, string text, int max = MaxSuggestions)
    {
        ArgumentNullException.ThrowIfNull(known);
        ArgumentNullException.ThrowIfNull(chosen);
        var query = Clean(text);
        var found = new List<(Suggestion Suggestion, int Rank, int Order)>();
        for (var order = 0; order < known.Count; order++)
        {
            var value = known[order];
            if (chosen.Contains(value, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            if (query.Length == 0)
            {
                found.Add((new Suggestion(value, 0, 0), 0, order));
            }
            else if (Match(value, query) is { } match)
            {
                found.Add((new Suggestion(value, match.At, match.Length), match.Rank, order));
            }
        }

        var shown = found.OrderBy(f => f.Rank).ThenBy(f => f.Order).Take(max).Select(f => f.Suggestion).ToList();
        return new Suggestions(shown, found.Count);
    }

    protected override void OnParametersSet() => Refresh();

    /// <summary>Where the query matches the value: rank 0 at its start, 1 at the start of a later word, 2 inside a word.</summary>
    private static (int At, int Length, int Rank)? Match(string value, string query)
    {
        var first = Find(value, query, 0, out var firstLength);
        if (first < 0)
        {
            return null;
        }

        for (int at = first, length = firstLength; at >= 0; at = Find(value, query, at + 1, out length))
        {
            if (at == 0 || !char.IsLetterOrDigit(value[at - 1]))
            {
                return (at, length, at == 0 ? 0 : 1);
            }
        }

        return (first, firstLength, 2);
    }

    /// <summary>The first place at or after <paramref name="from"/> where the query matches, ignoring case and accents; -1 if none.</summary>
    private static int Find(string value, string query, int from, out int length)
    {
        length = 0;
        if (from >= value.Length)
        {
            return -1;
        }

        var at = CultureInfo.InvariantCulture.CompareInfo.IndexOf(value.AsSpan(from), query, Loose, out length);
        return at < 0 ? -1 : from + at;
    }

    private async Task OnInputAsync(ChangeEventArgs e)
    {
        var value = e.Value as string ?? "";
        focused = true;
        dismissed = false;
        active = -1;
        text = value;
        if (value.Contains(',', StringComparison.Ordinal))
        {
            // Pasted text, or a comma from a keyboard whose key editor.js could not see (some phone keyboards): each part
            // before a comma is a value, and the box keeps what follows the last one, and whatever was typed since.
            var parts = value.Split(',');
            text = parts[^1].TrimStart();
            foreach (var part in parts[..^1])
            {
                await AddAsync(part);
            }

            Refresh();
            await JS.InvokeVoidAsync("timelineEditor.settleLabelInput", input, value, text);
            return;
        }

        Refresh();
    }

    private async Task OnKeyDownAsync(KeyboardEventArgs e)
    {
        if (e.IsComposing)
        {
            return;
        }

        focused = true;
        switch (e.Key)
        {
            case "Enter" or ",":
                var choice = ActiveOption?.Value ?? text;
                text = "";
                active = -1;
                browsing = false;
                Refresh();
                await AddAsync(choice);
                break;
            case "ArrowDown" or "ArrowUp":
                Move(e.Key == "ArrowDown" ? 1 : -1);
                break;
            case "Escape":
                dismissed = true;
                browsing = false;
                active = -1;
                break;
            case "Backspace" when text.Length == 0 && Values.Count > 0:
                await RemoveAsync(Values[^1], refocus: false);
                break;
        }
    }

    private void OnFocus() => focused = true;

    private void OnBlur()
    {
        focused = false;
        browsing = false;
        dismissed = false;
        active = -1;
    }

    /// <summary>Opens the list (all known values when the box is empty) and moves the highlight, wrapping at either end.</summary>
    private void Move(int step)
    {
        if (!PopupOpen)
        {
            dismissed = false;
            browsing = true;
            active = -1;
            Refresh();
        }

        var count = suggestions.Shown.Count;
        if (count > 0)
        {
            active = active < 0 ? (step > 0 ? 0 : count - 1) : (active + step + count) % count;
        }
    }

    private async Task ChooseAsync(string value)
    {
        text = "";
        active = -1;
        browsing = false;
        Refresh();
        await AddAsync(value);
    }

    private async Task AddAsync(string typed)
    {
        var value = Spelling(Clean(typed));
        if (value.Length == 0)
        {
            return;
        }

        if (Chosen(value) is { } already)
        {
            announcement = $"“{already}” is already chosen.";
            return;
        }

        Values = [.. Values, value];
        announcement = $"Added {value}.";
        Refresh();
        await ValuesChanged.InvokeAsync(Values);
    }

    private async Task RemoveAsync(string value, bool refocus = true)
    {
        Values = [.. Values.Where(v => v != value)];
        announcement = $"Removed {value}.";
        Refresh();
        await ValuesChanged.InvokeAsync(Values);
        if (refocus)
        {
            // The removed chip's button is gone: keep the keyboard in this field.
            await input.FocusAsync();
        }
    }

    /// <summary>The known spelling of a value typed in any case, or the value itself.</summary>
    private string Spelling(string value) =>
        value.Length == 0 ? value : Known.FirstOrDefault(k => string.Equals(Clean(k), value, StringComparison.OrdinalIgnoreCase)) ?? value;

    private string? Chosen(string value) => Values.FirstOrDefault(v => string.Equals(v, value, StringComparison.OrdinalIgnoreCase));

    private void Refresh()
    {
        suggestions = text.Length > 0 || browsing ? Suggest(Known, Values, text) : Suggestions.None;
        if (active >= suggestions.Shown.Count)
        {
            active = -1;
        }
    }

    private string OptionId(int index) => $"{Id}-option-{index}";

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    /// <summary>One suggested value, and where the typed text matched in it (shown in bold).</summary>
    internal sealed record Suggestion(string Value, int MatchStart, int MatchLength);

    /// <summary>The suggestions listed, and how many values matched in all.</summary>
    internal sealed record Suggestions(IReadOnlyList<Suggestion> Shown, int Total)
    {
        public static Suggestions None { get; } = new([], 0);
    }
}
