using System.Net;
using System.Text.RegularExpressions;
using Timeline.Web.Data;
using Timeline.Web.Tests.Infrastructure;

namespace Timeline.Web.Tests.Editing;

/// <summary>Signing out takes the editor's own form, with its antiforgery token: a cross-site POST signs nobody out.</summary>
public sealed partial class SignOutTests : IDisposable
{
    private readonly TimelineAppFactory app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task A_sign_out_posted_without_the_sites_token_is_refused_and_the_editor_stays_signed_in()
    {
        var client = app.CreateClient(new() { AllowAutoRedirect = false });
        await TimelineAppFactory.SignInAsync(client, await app.CreateUserAsync(Roles.Editor), "integration-pass-1");
        var editorPage = await client.GetStringAsync(new Uri("/edit", UriKind.Relative));
        var token = Token().Match(editorPage).Groups[1].Value;
        Assert.NotEmpty(token);

        // What a form on another site can send: the editor's cookies, but not the token of the editor's page.
        using (var forged = new FormUrlEncodedContent(new Dictionary<string, string> { ["anything"] = "1" }))
        {
            var refused = await client.PostAsync(new Uri("/account/logout", UriKind.Relative), forged);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("still signed in", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/edit", UriKind.Relative))).StatusCode);

        using var real = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token });
        var signedOut = await client.PostAsync(new Uri("/account/logout", UriKind.Relative), real);
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        var after = await client.GetAsync(new Uri("/edit", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Contains("/account/login", after.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signing_out_ends_that_sign_in_for_every_tab_that_shares_its_cookie()
    {
        var tab = app.CreateClient(new() { AllowAutoRedirect = false });
        var signIn = await TimelineAppFactory.SignInAsync(tab, await app.CreateUserAsync(Roles.Editor), "integration-pass-1");
        var cookie = string.Join("; ", signIn.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        var otherTab = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        otherTab.DefaultRequestHeaders.Add("Cookie", cookie);
        Assert.Equal(HttpStatusCode.OK, (await otherTab.GetAsync(new Uri("/edit", UriKind.Relative))).StatusCode);

        var token = Token().Match(await tab.GetStringAsync(new Uri("/edit", UriKind.Relative))).Groups[1].Value;
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token });
        Assert.Equal(HttpStatusCode.Redirect, (await tab.PostAsync(new Uri("/account/logout", UriKind.Relative), form)).StatusCode);

        // The other tab still sends the old cookie: the sign-in it names has ended, so it is signed out too.
        var after = await otherTab.GetAsync(new Uri("/edit", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Contains("/account/login", after.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
