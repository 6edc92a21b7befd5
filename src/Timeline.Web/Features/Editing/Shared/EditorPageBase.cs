using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace Timeline.Web.Features.Editing.Shared;

/// <summary>What every editor page needs: who is editing (for revisions) and a way to tell them what happened.</summary>
public abstract class EditorPageBase : ComponentBase
{
    [CascadingParameter]
    private Task<AuthenticationState>? AuthenticationState { get; set; }

    [Inject]
    protected ISnackbar Snackbar { get; set; } = null!;

    [Inject]
    protected NavigationManager Navigation { get; set; } = null!;

    protected async Task<EditorIdentity> CurrentEditorAsync()
    {
        var user = AuthenticationState is null ? new ClaimsPrincipal() : (await AuthenticationState).User;
        return new EditorIdentity(user.FindFirstValue(ClaimTypes.NameIdentifier), user.Identity?.Name ?? "unknown editor");
    }

    protected void Saved(string message) => Snackbar.Add(message, Severity.Success);

    protected void Problem(string message) => Snackbar.Add(message, Severity.Error, o => o.RequireInteraction = true);
}
