using System.Net;
using System.Text.RegularExpressions;
using Timeline.Web.Data;
using Timeline.Web.Tests.Infrastructure;

namespace Timeline.Web.Tests.Editing;

/// <summary>After signing in, the return address is followed when it is a path of this site, in any language.</summary>
public sealed partial class ReturnUrlTests : IDisposable
{
    private readonly TimelineAppFactory app = new();

    public void Dispose() => app.Dispose();

    [Theory]
    [InlineData("%2F%C3%BC", "/%C3%BC")]
    [InlineData("%2Fedit%2Fsources%3Fq%3D%D0%9C%D0%BE%D1%81%D0%BA%D0%B2%D0%B0", "/edit/sources?q=%D0%9C%D0%BE%D1%81%D0%BA%D0%B2%D0%B0")]
    [InlineData("%2Fedit%2Fevents%2F1", "/edit/events/1")]
    [InlineData("%2F%2Fevil.example", "/edit")]
    [InlineData("https%3A%2F%2Fevil.example%2F", "/edit")]
    [InlineData("%2Fa%0D%0ASet-Cookie%3A%20x%3D1", "/edit")]
    public async Task A_correct_sign_in_goes_to_the_local_return_address_escaped_and_never_elsewhere(string returnUrl, string location)
    {
        var email = await app.CreateUserAsync(Roles.Editor);
        var client = app.CreateClient(new() { AllowAutoRedirect = false });
        var form = await client.GetStringAsync(new Uri($"/account/login?ReturnUrl={returnUrl}", UriKind.Relative));
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Token().Match(form).Groups[1].Value,
            ["_handler"] = "login",
            ["Input.Email"] = email,
            ["Input.Password"] = "integration-pass-1",
        });

        var response = await client.PostAsync(new Uri($"/account/login?ReturnUrl={returnUrl}", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(location, response.Headers.Location!.OriginalString.Replace("http://localhost", "", StringComparison.Ordinal));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
