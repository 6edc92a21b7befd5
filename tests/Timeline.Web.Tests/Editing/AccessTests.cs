using System.Net;
using Timeline.Web.Data;
using Timeline.Web.Features.Accounts;
using Timeline.Web.Features.Commands;
using Timeline.Web.Tests.Infrastructure;

namespace Timeline.Web.Tests.Editing;

/// <summary>Who may reach the editor, and the explicit command that creates the first account.</summary>
public class AccessTests(TimelineAppFactory app) : IClassFixture<TimelineAppFactory>
{
    [Theory]
    [InlineData("/edit")]
    [InlineData("/edit/timelines")]
    [InlineData("/edit/sources/1")]
    [InlineData("/edit/users")]
    public async Task Anonymous_requests_to_the_editor_go_to_sign_in(string path)
    {
        var client = app.CreateClient(new() { AllowAutoRedirect = false });

        var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_editor_reaches_the_editor_but_not_the_admin_only_users_page()
    {
        var client = await app.SignedInClientAsync(await app.CreateUserAsync(Roles.Editor));

        var dashboard = await client.GetAsync(new Uri("/edit", UriKind.Relative));
        var users = await client.GetAsync(new Uri("/edit/users", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, users.StatusCode);
        Assert.StartsWith("/account/denied", users.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_admin_reaches_the_users_page()
    {
        var client = await app.SignedInClientAsync(await app.CreateUserAsync(Roles.Admin));

        var users = await client.GetAsync(new Uri("/edit/users", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, users.StatusCode);
    }

    [Fact]
    public async Task Editor_pages_may_not_be_framed()
    {
        var client = await app.SignedInClientAsync(await app.CreateUserAsync(Roles.Editor));

        var response = await client.GetAsync(new Uri("/edit", UriKind.Relative));

        Assert.Contains("frame-ancestors 'none'", Assert.Single(response.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_users_command_creates_an_admin_who_can_sign_in()
    {
        var email = $"first-admin-{Guid.NewGuid():N}@example.org";
        using var output = new StringWriter();

        var exit = await TimelineCommandLine.RunAsync(app.Services, ["users", "add", email, "--role", "admin"], new StringReader("a-strong-password-9\n"), output, output, interactive: false);
        var response = await TimelineAppFactory.SignInAsync(app.CreateClient(new() { AllowAutoRedirect = false }), email, "a-strong-password-9");

        Assert.Equal(0, exit);
        Assert.Contains("Created admin", output.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/edit", response.Headers.Location!.OriginalString.Replace("http://localhost", "", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("", "No password given")]
    [InlineData("short\n", "Passwords must be at least 10 characters")]
    public async Task The_users_command_refuses_a_missing_or_weak_password(string stdin, string message)
    {
        using var output = new StringWriter();

        var exit = await TimelineCommandLine.RunAsync(app.Services, ["users", "add", $"x-{Guid.NewGuid():N}@example.org"], new StringReader(stdin), output, output, interactive: false);

        Assert.NotEqual(0, exit);
        Assert.Contains(message, output.ToString(), StringComparison.Ordinal);
    }
}

/// <summary>Who may edit, on PostgreSQL.</summary>
public sealed class AccessTestsOnPostgres(PostgresAppFactory app) : AccessTests(app), IClassFixture<PostgresAppFactory>;
