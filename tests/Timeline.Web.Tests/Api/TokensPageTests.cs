using System.Security.Claims;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Timeline.Web.Data;
using Timeline.Web.Features.Accounts;
using Timeline.Web.Features.Editing.Pages;
using Timeline.Web.Tests.Components;
using Timeline.Web.Tests.Infrastructure;

namespace Timeline.Web.Tests.Api;

/// <summary>
/// The tokens page on the app's real services and database, rendered with bUnit as a signed-in editor: a new token's
/// secret is shown once with the warning, the list says each token's state, and revoking asks first, then refuses the
/// token.
/// </summary>
public sealed class TokensPageTests(TimelineAppFactory app) : IClassFixture<TimelineAppFactory>
{
    private async Task<(BunitContext Context, string UserId)> SignedInAsync()
    {
        var email = await app.CreateUserAsync(Roles.Editor);
        var owner = await app.IdentityAsync(email);
        var session = await app.Services.GetRequiredService<EditorSessions>().StartAsync(owner.UserId!);
        var ctx = MudContext.Create();
        ctx.Services.AddSingleton(app.Services.GetRequiredService<ApiTokens>());
        ctx.Services.AddSingleton(app.Services.GetRequiredService<EditorSessions>());
        ctx.Services.AddSingleton(TimeProvider.System);
        var auth = ctx.AddAuthorization();
        auth.SetAuthorized(email);
        auth.SetRoles(Roles.Editor);
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, owner.UserId!), new Claim(EditorSessions.Claim, session));
        return (ctx, owner.UserId!);
    }

    [Fact]
    public async Task A_new_token_is_shown_once_with_the_warning_and_listed_as_active_by_its_prefix_only()
    {
        var (ctx, userId) = await SignedInAsync();
        await using var _ = ctx;
        var page = ctx.Render<TokensPage>();
        page.WaitForAssertion(() => Assert.Contains("No tokens yet", page.Find("[data-testid=token-list]").TextContent, StringComparison.Ordinal));

        page.Find("#token-name").Change("newsroom CMS");
        await page.Find("form[aria-label='Make a token']").SubmitAsync();

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=token-secret]")));
        var secret = page.Find("[data-testid=token-secret]").TextContent.Trim();
        Assert.Contains("you will not see it again", page.Find("[data-testid=new-token]").TextContent, StringComparison.Ordinal);
        var stored = await StoredAsync(userId);
        Assert.Equal(ApiTokens.Hash(secret), stored.SecretHash);
        Assert.Equal("Active until", page.Find($"[data-testid=token-state-{stored.Prefix}]").TextContent[..12]);
        // The list shows the prefix; the secret's random part appears only in the one-time panel.
        Assert.DoesNotContain(secret[12..], page.Find("[data-testid=token-list]").TextContent, StringComparison.Ordinal);

        page.FindAll("button").Single(b => b.TextContent.Contains("I have copied it", StringComparison.Ordinal)).Click();
        Assert.Empty(page.FindAll("[data-testid=token-secret]"));
    }

    [Fact]
    public async Task Revoking_asks_first_then_marks_the_token_revoked_and_the_api_refuses_it()
    {
        var (ctx, userId) = await SignedInAsync();
        await using var _ = ctx;
        var made = await app.Services.GetRequiredService<ApiTokens>().CreateAsync(new(userId, "script"), "script", null);
        var page = ctx.Render<TokensPage>();
        page.WaitForAssertion(() => Assert.Equal("Active, no expiry", page.Find($"[data-testid=token-state-{made.Value!.Token.Prefix}]").TextContent));

        page.Find("button[aria-label='Revoke script']").Click();
        page.FindAll("button").Single(b => b.TextContent.Contains("Revoke now", StringComparison.Ordinal)).Click();

        page.WaitForAssertion(() => Assert.StartsWith("Revoked", page.Find($"[data-testid=token-state-{made.Value!.Token.Prefix}]").TextContent, StringComparison.Ordinal));
        Assert.NotNull((await StoredAsync(userId)).RevokedAt);
        Assert.Equal("The token was revoked on ", (await app.Services.GetRequiredService<ApiTokens>().AuthenticateAsync(made.Value!.Secret)).Refusal![..25]);
    }

    private async Task<ApiToken> StoredAsync(string userId)
    {
        ApiToken? token = null;
        await app.WithDbAsync(async db => token = await db.ApiTokens.AsNoTracking().SingleAsync(t => t.UserId == userId));
        return token!;
    }
}
