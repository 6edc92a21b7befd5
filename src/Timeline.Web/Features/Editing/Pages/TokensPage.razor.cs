using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;
using Timeline.Web.Features.Accounts;

namespace Timeline.Web.Features.Editing.Pages;

/// <summary>An editor's API tokens: the list with each one's state, making one (its secret shown once), revoking one.</summary>
public sealed partial class TokensPage
{
    private IReadOnlyList<ApiTokenRow> tokens = [];
    private ApiTokenCreated? created;
    private FieldErrors errors = [];
    private string name = "";
    private int lifetime = 90;
    private bool everyone;
    private bool busy;
    private bool loading = true;
    private int? confirming;

    [Inject]
    private ApiTokens Tokens { get; set; } = null!;

    [Inject]
    private TimeProvider Clock { get; set; } = null!;

    [Inject]
    private IJSRuntime JS { get; set; } = null!;

    private DateTimeOffset Now => Clock.GetUtcNow();

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        if (await CurrentEditorAsync() is { } viewer)
        {
            tokens = await Tokens.ListAsync(viewer, everyone);
        }

        loading = false;
    }

    private async Task ShowEveryoneAsync(bool value)
    {
        everyone = value;
        await LoadAsync();
    }

    private async Task CreateAsync()
    {
        if (await CurrentEditorAsync() is not { } editor)
        {
            return;
        }

        busy = true;
        errors = [];
        var result = await Tokens.CreateAsync(editor, name, lifetime == 0 ? null : lifetime);
        busy = false;
        if (!result.Succeeded)
        {
            errors = result.Errors;
            if (result.Problem is { } problem)
            {
                Problem(problem);
            }

            return;
        }

        created = result.Value;
        name = "";
        Saved($"Made the token “{created!.Token.Name}”. Copy it now: you will not see it again.");
        await LoadAsync();
    }

    private async Task RevokeAsync(ApiTokenRow token)
    {
        if (await CurrentEditorAsync() is not { } editor)
        {
            return;
        }

        busy = true;
        var result = await Tokens.RevokeAsync(editor, token.Id);
        busy = false;
        confirming = null;
        if (result.Succeeded)
        {
            Saved(result.Message);
            if (created?.Token.Id == token.Id)
            {
                created = null;
            }
        }
        else
        {
            Problem(result.Message);
        }

        await LoadAsync();
    }

    private async Task CopyAsync()
    {
        try
        {
            await JS.InvokeVoidAsync("timelineEditor.copy", created!.Secret);
            Snackbar.Add("Copied. Paste it into the program's settings.", Severity.Success);
        }
        catch (JSException)
        {
            Snackbar.Add("The browser did not allow copying: select the token and copy it by hand.", Severity.Warning);
        }
    }

    private string State(ApiTokenRow token) => token.StateAt(Now) switch
    {
        ApiTokenState.Revoked => $"Revoked {When(token.RevokedAt!.Value)}",
        ApiTokenState.Expired => $"Expired {When(token.ExpiresAt!.Value)}",
        _ => token.ExpiresAt is { } expires ? $"Active until {When(expires)}" : "Active, no expiry",
    };

    private static string When(DateTimeOffset at) => at.UtcDateTime.ToString("d MMM yyyy HH:mm", CultureInfo.InvariantCulture);
}
