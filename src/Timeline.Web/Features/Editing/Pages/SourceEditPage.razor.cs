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
    private IReadOnlyList<PhraseMatch> matches = [];
    private string phrase = "";
    private (int Start, int End)? selection;
    private int? eventId;
    private ExcerptRole role = ExcerptRole.Supports;
    private ElementReference textElement;
    private DotNetObjectReference<SourceEditPage>? self;
    private bool watching;

    [Parameter]
    public int? Id { get; set; }

    /// <summary>The event to attach passages to, when the editor came from an event.</summary>
    [SupplyParameterFromQuery(Name = "event")]
    public int? EventQuery { get; set; }

    [Inject]
    private IJSRuntime JS { get; set; } = null!;

    protected override async Task OnParametersSetAsync()
    {
        choices = await Events.ChoicesAsync();
        eventId ??= EventQuery;
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
    }

    private Task FindAsync(string value)
    {
        matches = model is null ? [] : SourceEditor.Find(model.Input.Text, value);
        return Task.CompletedTask;
    }

    private async Task AttachAsync()
    {
        if (selection is not { } sel || eventId is not { } target)
        {
            return;
        }

        busy = true;
        var result = await Events.AttachAsync(target, model!.Input.Id!.Value, sel.Start, sel.End, role, await CurrentEditorAsync());
        busy = false;
        if (result.Succeeded)
        {
            Saved("Passage attached. It is saved with its position and surrounding words.");
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
        busy = true;
        var result = await Editor.SaveAsync(input, await CurrentEditorAsync());
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
            Navigation.NavigateTo($"/edit/sources/{result.Value!.Id}");
            return;
        }

        report = result.Value!.Excerpts.Where(e => e.Status != AnchorStatus.AtPosition).ToList();
        await ReloadAsync();
    }

    private async Task DeleteAsync()
    {
        var result = await Editor.DeleteAsync(model!.Input.Id!.Value, await CurrentEditorAsync());
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
        foreach (var segment in SourceHighlighter.Segment(model.Input.Text, ranges))
        {
            if (segment.IsHighlighted)
            {
                builder.OpenElement(0, "mark");
                builder.AddAttribute(1, "data-pick", string.Join(' ', segment.ExcerptIds));
                builder.AddAttribute(2, "title", Citations(segment.ExcerptIds));
                builder.AddContent(3, segment.Text);
                builder.CloseElement();
            }
            else
            {
                builder.AddContent(4, segment.Text);
            }
        }
    };

    private string Citations(IReadOnlyList<int> excerptIds) =>
        "Quoted in: " + string.Join("; ", model!.Excerpts.Where(x => excerptIds.Contains(x.Id)).SelectMany(x => x.Events).Distinct());
}
