using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Timeline.Web.Data;
using Timeline.Web.Features.Accounts;
using Timeline.Web.Features.Editing;
using Timeline.Web.Tests.Infrastructure;

namespace Timeline.Web.Tests.Newsroom;

/// <summary>
/// What admins do to accounts, with the real sign-in form and the real database: disable (sessions end, sign-in
/// refused) and enable, remove (revisions keep the name), set a password to be changed at the next sign-in, lift the
/// sign-in wait, change roles; editors cannot; the last admin is protected; every action is recorded.
/// </summary>
public sealed class AccountAdminTests : IDisposable
{
    private readonly TimelineAppFactory app = new();

    public void Dispose() => app.Dispose();

    private async Task<EditorIdentity> IdentityAsync(string email)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<EditorUser>>().FindByEmailAsync(email);
        return new EditorIdentity(user!.Id, email);
    }

    private async Task<AccountResult> AsAdminAsync(Func<AccountAdmin, Task<AccountResult>> action)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<AccountAdmin>());
    }

    private static async Task<HttpStatusCode> EditorPageAsync(HttpClient client) =>
        (await client.GetAsync(new Uri("/edit", UriKind.Relative))).StatusCode;

    [Fact]
    public async Task Disabling_an_editor_ends_their_open_sessions_refuses_sign_in_and_enabling_lets_them_back()
    {
        var admin = await IdentityAsync(await app.CreateUserAsync(Roles.Admin));
        var email = await app.CreateUserAsync(Roles.Editor);
        var editor = await IdentityAsync(email);
        var open = await app.SignedInClientAsync(email);
        Assert.Equal(HttpStatusCode.OK, await EditorPageAsync(open));

        var disabled = await AsAdminAsync(a => a.DisableAsync(admin, editor.UserId!));

        Assert.True(disabled.Succeeded, disabled.Message);
        Assert.NotEqual(HttpStatusCode.OK, await EditorPageAsync(open));
        using var fresh = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var refused = await TimelineAppFactory.SignInAsync(fresh, email, "integration-pass-1");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("This account is disabled", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Assert.True((await AsAdminAsync(a => a.EnableAsync(admin, editor.UserId!))).Succeeded);
        var back = await app.SignedInClientAsync(email);
        Assert.Equal(HttpStatusCode.OK, await EditorPageAsync(back));
    }

    [Fact]
    public async Task An_editor_cannot_manage_accounts_and_the_users_page_is_for_admins_only()
    {
        await app.CreateUserAsync(Roles.Admin);
        var email = await app.CreateUserAsync(Roles.Editor);
        var editor = await IdentityAsync(email);
        var other = await IdentityAsync(await app.CreateUserAsync(Roles.Editor));

        foreach (var action in new Func<AccountAdmin, Task<AccountResult>>[]
        {
            a => a.DisableAsync(editor, other.UserId!),
            a => a.RemoveAsync(editor, other.UserId!),
            a => a.SetRoleAsync(editor, editor.UserId!, Roles.Admin),
            a => a.SetPasswordAsync(editor, other.UserId!, "another-pass-2"),
            a => a.UnlockAsync(editor, other.UserId!),
        })
        {
            var result = await AsAdminAsync(action);
            Assert.False(result.Succeeded);
            Assert.Equal("Only an admin can manage accounts.", result.Message);
        }

        var client = await app.SignedInClientAsync(email);
        Assert.NotEqual(HttpStatusCode.OK, (await client.GetAsync(new Uri("/edit/users", UriKind.Relative))).StatusCode);
        await app.WithDbAsync(db =>
        {
            Assert.Empty(db.AccountEvents);
            return Task.CompletedTask;
        });
    }

    [Fact]
    public async Task The_last_admin_cannot_be_demoted_disabled_or_removed_and_nobody_disables_or_removes_themselves()
    {
        var admin = await IdentityAsync(await app.CreateUserAsync(Roles.Admin));

        var demoted = await AsAdminAsync(a => a.SetRoleAsync(admin, admin.UserId!, Roles.Editor));
        var disabled = await AsAdminAsync(a => a.DisableAsync(admin, admin.UserId!));
        var removed = await AsAdminAsync(a => a.RemoveAsync(admin, admin.UserId!));

        Assert.Equal("This is the last admin: make another account an admin first.", demoted.Message);
        Assert.Equal("You cannot disable your own account: another admin can.", disabled.Message);
        Assert.Equal("You cannot remove your own account: another admin can.", removed.Message);

        // With a second admin, the first may step down.
        var second = await IdentityAsync(await app.CreateUserAsync(Roles.Admin));
        Assert.True((await AsAdminAsync(a => a.SetRoleAsync(admin, admin.UserId!, Roles.Editor))).Succeeded);
        // Now the second is the last admin: the first, an editor, cannot touch it, and it cannot be demoted.
        Assert.False((await AsAdminAsync(a => a.RemoveAsync(admin, second.UserId!))).Succeeded);
        Assert.Equal("This is the last admin: make another account an admin first.",
            (await AsAdminAsync(a => a.SetRoleAsync(second, second.UserId!, Roles.Editor))).Message);
    }

    [Fact]
    public async Task A_removed_accounts_revisions_keep_its_name_and_the_action_is_recorded()
    {
        var admin = await IdentityAsync(await app.CreateUserAsync(Roles.Admin));
        var email = await app.CreateUserAsync(Roles.Editor);
        var editor = await IdentityAsync(email);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var saved = await scope.ServiceProvider.GetRequiredService<EventEditor>()
                .SaveAsync(new EventInput { TimelineId = 1, Title = "Made by a leaver", Slug = "made-by-a-leaver", Start = "2025-05" }, editor);
            Assert.True(saved.Succeeded);
        }

        var removed = await AsAdminAsync(a => a.RemoveAsync(admin, editor.UserId!));

        Assert.True(removed.Succeeded, removed.Message);
        await app.WithDbAsync(db =>
        {
            Assert.DoesNotContain(db.Users, u => u.Email == email);
            var revision = db.Revisions.Single(r => r.Summary.Contains("Made by a leaver"));
            Assert.Equal(email, revision.UserName);
            Assert.Null(revision.UserId);
            var record = db.AccountEvents.Single();
            Assert.Equal(admin.UserName, record.ActorName);
            Assert.Equal(email, record.SubjectEmail);
            Assert.Equal("Removed the account", record.Action);
            return Task.CompletedTask;
        });
        using var fresh = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.OK, (await TimelineAppFactory.SignInAsync(fresh, email, "integration-pass-1")).StatusCode);
    }

    [Fact]
    public async Task A_password_set_by_an_admin_must_be_replaced_at_the_next_sign_in()
    {
        var admin = await IdentityAsync(await app.CreateUserAsync(Roles.Admin));
        var email = await app.CreateUserAsync(Roles.Editor);
        var editor = await IdentityAsync(email);
        var open = await app.SignedInClientAsync(email);

        Assert.False((await AsAdminAsync(a => a.SetPasswordAsync(admin, editor.UserId!, "short"))).Succeeded);
        var set = await AsAdminAsync(a => a.SetPasswordAsync(admin, editor.UserId!, "temporary-pass-7"));
        Assert.True(set.Succeeded, set.Message);
        Assert.NotEqual(HttpStatusCode.OK, await EditorPageAsync(open));

        using var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var asked = await TimelineAppFactory.SignInAsync(client, email, "temporary-pass-7");
        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        Assert.Contains("choose your own", await asked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await TimelineAppFactory.SignInAsync(client, email, "integration-pass-1")).StatusCode); // the old one is gone

        var changed = await PostNewPasswordAsync(client, email, "temporary-pass-7", "my-own-pass-9");
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, await EditorPageAsync(client));
        var again = await app.SignedInClientAsync(email, "my-own-pass-9");
        Assert.Equal(HttpStatusCode.OK, await EditorPageAsync(again));
    }

    [Fact]
    public async Task Lifting_the_sign_in_wait_lets_a_throttled_editor_try_again_at_once()
    {
        var admin = await IdentityAsync(await app.CreateUserAsync(Roles.Admin));
        var email = await app.CreateUserAsync(Roles.Editor);
        var editor = await IdentityAsync(email);
        using var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        for (var i = 0; i < 5; i++)
        {
            await TimelineAppFactory.SignInAsync(client, email, "wrong-password-0");
        }

        var waiting = await TimelineAppFactory.SignInAsync(client, email, "integration-pass-1");
        Assert.Contains("Too many failed attempts", await waiting.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            Assert.Contains((await scope.ServiceProvider.GetRequiredService<AccountAdmin>().ListAsync()), r => r.Email == email && r.IsThrottled);
        }

        Assert.True((await AsAdminAsync(a => a.UnlockAsync(admin, editor.UserId!))).Succeeded);

        Assert.Equal(HttpStatusCode.Redirect, (await TimelineAppFactory.SignInAsync(client, email, "integration-pass-1")).StatusCode);
    }

    private static async Task<HttpResponseMessage> PostNewPasswordAsync(HttpClient client, string email, string password, string newPassword)
    {
        var form = await client.GetStringAsync(new Uri("/account/login", UriKind.Relative));
        var token = System.Text.RegularExpressions.Regex.Match(form, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["_handler"] = "login",
            ["Input.Email"] = email,
            ["Input.Password"] = password,
            ["Input.NewPassword"] = newPassword,
            ["Input.ConfirmPassword"] = newPassword,
        });
        return await client.PostAsync(new Uri("/account/login", UriKind.Relative), content);
    }
}
