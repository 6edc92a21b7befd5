using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using Timeline.Web.Features.Accounts;

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

    [Inject]
    private EditorSessions Sessions { get; set; } = null!;

    /// <summary>
    /// Who is saving, checked on every save: null (and the editor told why) when this page's sign-in has ended, in this
    /// tab or another, so that nothing is saved under a sign-in that is over.
    /// </summary>
    protected async Task<EditorIdentity?> CurrentEditorAsync()
    {
        var user = AuthenticationState is null ? new ClaimsPrincipal() : (await AuthenticationState).User;
        if (!await Sessions.IsActiveAsync(user))
        {
            Problem("You are signed out (in this tab or another), so nothing was saved. Copy anything you typed, sign in again, then reload this page.");
            return null;
        }

        return new EditorIdentity(user.FindFirstValue(ClaimTypes.NameIdentifier), user.Identity?.Name ?? "unknown editor");
    }

    protected void Saved(string message) => Snackbar.Add(message, Severity.Success);

    protected void Problem(string message) => Snackbar.Add(message, Severity.Error, o => o.RequireInteraction = true);
}
