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

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
