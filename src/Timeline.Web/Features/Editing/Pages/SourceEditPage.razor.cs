using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.JSInterop;
using Timeline.Domain;
using Timeline.Web.Data;
using Timeline.Web.Features.Reading;

namespace Timeline.Web.Features.Editing.Pages;

/// <summary>The editor's view of a source: its details and text, and the passage picker.</summary>
public sealed partial class SourceEditPage : IDisposable
{
    private SourceEditModel? model;
    private bool notFound;
    private bool busy;
    private int tab;
    private FieldErrors? serverErrors;
    private ConflictInfo? conflict;
    private IReadOnlyList<ReanchorOutcome>? report;
    private IReadOnlyList<EventChoice> choices = [];
    private IReadOnlyList<TimelineRow> timelines = [];
    private EventChoice? target;
    private EventChoice? chosen;
    private int? timelineId;
    private bool reveal;
    private IReadOnlyList<PhraseMatch> matches = [];
    private string phrase = "";
    private (int Start, int End)? selection;
    private ExcerptRole role = ExcerptRole.Supports;
    // The passage being chosen is drawn as a highlight of its own, under an id no excerpt has.
    private const int SelectionId = -1;
    private ElementReference textElement;
    private DotNetObjectReference<SourceEditPage>? self;
    private bool watching;

    [Parameter]
    public int? Id { get; set; }

    /// <summary>The event to attach passages to, when the editor came from an event.</summary>
    [SupplyParameterFromQuery(Name = "event")]
    public int? EventQuery { get; set; }

    /// <summary>The timeline new events go to, when the editor came from a timeline.</summary>
    [SupplyParameterFromQuery(Name = "timeline")]
    public int? TimelineQuery { get; set; }

    [Inject]
    private IJSRuntime JS { get; set; } = null!;

    protected override async Task OnParametersSetAsync()
    {
        choices = await Events.ChoicesAsync();
        timelines = await Timelines.ListAsync();
        target = EventQuery is { } back ? choices.FirstOrDefault(c => c.Id == back) : null;
        timelineId ??= target?.TimelineId ?? timelines.FirstOrDefault(t => t.Id == TimelineQuery)?.Id ?? timelines.OrderByDescending(t => t.UpdatedAt).FirstOrDefault()?.Id;
        await ReloadAsync();
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!watching && model?.Input.Id is not null && tab == 0)
        {
            self ??= DotNetObjectReference.Create(this);
            await JS.InvokeVoidAsync("timelineEditor.watchSelection", textElement, self);
            watching = true;
        }

        if (reveal)
        {
            reveal = false;
            await JS.InvokeVoidAsync("timelineEditor.revealSelection", textElement);
        }
    }

    /// <summary>Called from the page's script when the editor finishes selecting text inside the source.</summary>
    [JSInvokable]
    public Task OnSelection(int start, int end)
    {
        Choose(start, end);
        return InvokeAsync(StateHasChanged);
    }

    public void Dispose() => self?.Dispose();

    private async Task ReloadAsync()
    {
        conflict = null;
        serverErrors = null;
        if (Id is not { } id)
        {
            model = new SourceEditModel(new SourceInput(), []);
            return;
        }

        model = await Editor.LoadAsync(id);
        notFound = model is null;
    }

    private void Choose(int start, int end)
    {
        if (model is null || start < 0 || end > model.Input.Text.Length || start >= end)
        {
            return;
        }

        selection = (start, end);
        reveal = true;
    }

    /// <summary>Takes a reshaped passage (a word more or less, the whole sentence); the browser's own selection is dropped for it.</summary>
    private async Task Shape((int Start, int End) range)
    {
        Choose(range.Start, range.End);
        await JS.InvokeVoidAsync("timelineEditor.clearSelection", textElement);
    }

    private Task ToSentence() =>
        selection is { } sel ? Shape(PassageSelection.ToSentence(model!.Input.Text, sel.Start, sel.End)) : Task.CompletedTask;

    private async Task ClearAsync()
    {
        selection = null;
        await JS.InvokeVoidAsync("timelineEditor.clearSelection", textElement);
    }

    private Task<IEnumerable<EventChoice>> SearchEventsAsync(string? typed, CancellationToken cancellationToken) =>
        Task.FromResult(choices.Where(c => c.Matches(typed)));

    /// <summary>Opens a new event's form with this passage to back it, its date read from the passage's words where they fix one.</summary>
    private void NewEventFromPassage()
    {
        if (selection is not { } sel || timelineId is not { } timeline)
        {
            return;
        }

        Navigation.NavigateTo(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"/edit/timelines/{timeline}/events/new?source={Id}&from={sel.Start}&to={sel.End}&role={role.ToString().ToLowerInvariant()}"));
    }

    private Task FindAsync(string value)
    {
        matches = model is null ? [] : SourceEditor.Find(model.Input.Text, value);
        return Task.CompletedTask;
    }

    private async Task AttachAsync()
    {
        if (selection is not { } sel || (target ?? chosen) is not { } into)
        {
            return;
        }

        if (await CurrentEditorAsync() is not { } user)
        {
            return;
        }

        busy = true;
        var result = await Events.AttachAsync(into.Id, model!.Input.Id!.Value, sel.Start, sel.End, role, user);
        busy = false;
        if (result.Succeeded)
        {
            Saved($"Passage attached to “{into.Title}”. It is saved with its position and surrounding words.");
            if (target is not null)
            {
                Navigation.NavigateTo($"/edit/events/{into.Id}");
                return;
            }

            selection = null;
            await JS.InvokeVoidAsync("timelineEditor.clearSelection", textElement);
            await ReloadAsync();
        }
        else
        {
            Problem(result.Problem ?? "Could not attach the passage.");
        }
    }

    private async Task SaveAsync(SourceInput input)
    {
        if (await CurrentEditorAsync() is not { } user)
        {
            return;
        }

        busy = true;
        var result = await Editor.SaveAsync(input, user);
        busy = false;
        serverErrors = result.Errors.Count > 0 ? result.Errors : null;
        conflict = result.Conflict;
        if (result.Problem is { } problem)
        {
            Problem(problem);
        }

        if (!result.Succeeded)
        {
            return;
        }

        Saved(input.Id is null ? "Source added. Now pick passages from it." : "Source saved.");
        if (input.Id is null)
        {
            // Added from an event's page: the picker keeps that event as the one to back.
            Navigation.NavigateTo(
                EventQuery is { } back ? $"/edit/sources/{result.Value!.Id}?event={back}"
                : TimelineQuery is { } timeline ? $"/edit/sources/{result.Value!.Id}?timeline={timeline}"
                : $"/edit/sources/{result.Value!.Id}");
            return;
        }

        report = result.Value!.Excerpts.Where(e => e.Status != AnchorStatus.AtPosition).ToList();
        await ReloadAsync();
    }

    private async Task DeleteAsync()
    {
        if (await CurrentEditorAsync() is not { } user)
        {
            return;
        }

        var result = await Editor.DeleteAsync(model!.Input.Id!.Value, user);
        if (result.Succeeded)
        {
            Saved("Source moved to the trash; its passages are hidden from readers until it is restored.");
            Navigation.NavigateTo("/edit/sources");
        }
    }

    private static string Describe(AnchorStatus status) => status switch
    {
        AnchorStatus.Moved => "Moved",
        AnchorStatus.Approximate => "Wording changed (check it)",
        AnchorStatus.Broken => "Broken: not found",
        _ => "In place",
    };

    /// <summary>The text with quoted passages highlighted, built without any added whitespace so selection offsets match the stored text.</summary>
    private RenderFragment PickerText => builder =>
    {
        if (model is null)
        {
            return;
        }

        var ranges = model.Excerpts.Where(x => x.Anchor != AnchorStatus.Broken).Select(x => (x.Id, x.Start, x.End)).ToList();
        if (selection is { } sel)
        {
            ranges.Add((SelectionId, sel.Start, sel.End));
        }

        foreach (var segment in SourceHighlighter.Segment(model.Input.Text, ranges))
        {
            var selected = segment.ExcerptIds.Contains(SelectionId);
            var quoted = segment.ExcerptIds.Where(id => id != SelectionId).ToList();
            if (segment.IsHighlighted)
            {
                builder.OpenElement(0, "mark");
                if (quoted.Count > 0)
                {
                    builder.AddAttribute(1, "data-pick", string.Join(' ', quoted));
                    builder.AddAttribute(2, "title", Citations(quoted));
                }

                builder.AddAttribute(3, "class", selected ? (quoted.Count > 0 ? "picker-selection picker-selection--quoted" : "picker-selection") : null);
                builder.AddContent(4, segment.Text);
                builder.CloseElement();
            }
            else
            {
                builder.AddContent(5, segment.Text);
            }
        }
    };

    private string Citations(IReadOnlyList<int> excerptIds) =>
        "Quoted in: " + string.Join("; ", model!.Excerpts.Where(x => excerptIds.Contains(x.Id)).SelectMany(x => x.Events).Distinct());
}
