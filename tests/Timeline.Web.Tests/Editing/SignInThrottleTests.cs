using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Timeline.Web.Data;
using Timeline.Web.Tests.Infrastructure;

namespace Timeline.Web.Tests.Editing;

/// <summary>
/// Guessing passwords is slowed per account and client, never by locking the account: a guesser elsewhere cannot lock
/// an editor out, an unknown email is answered exactly like a real one, and one address is held to a rate (429).
/// </summary>
public sealed partial class SignInThrottleTests : IDisposable
{
    private readonly TimelineAppFactory app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task Wrong_passwords_from_one_address_never_lock_the_editor_out_of_another()
    {
        var site = WithClientAddresses();
        var email = await app.CreateUserAsync(Roles.Editor);
        var guesser = Client(site, "198.51.100.7");
        for (var i = 0; i < 5; i++)
        {
            Assert.Contains("do not match", await AlertAsync(await SignInAsync(guesser, email, $"wrong-guess-{i}")), StringComparison.Ordinal);
        }

        // The guesser now waits, even with the right password; the account is not locked.
        Assert.Contains("Too many failed attempts for this email from here", await AlertAsync(await SignInAsync(guesser, email, "integration-pass-1")), StringComparison.Ordinal);

        var editor = await SignInAsync(Client(site, "203.0.113.20"), email, "integration-pass-1");
        Assert.Equal(HttpStatusCode.Redirect, editor.StatusCode);
        Assert.EndsWith("/edit", editor.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_email_with_no_account_gets_the_same_answers_as_one_with_an_account()
    {
        var site = WithClientAddresses();
        var real = await app.CreateUserAsync(Roles.Editor);
        var unknown = $"nobody-{Guid.NewGuid():N}@example.org";
        var answersForReal = new List<string>();
        var answersForUnknown = new List<string>();
        var one = Client(site, "198.51.100.8");
        var other = Client(site, "198.51.100.9");
        for (var i = 0; i < 7; i++)
        {
            answersForReal.Add(await AlertAsync(await SignInAsync(one, real, "wrong-password-x")));
            answersForUnknown.Add(await AlertAsync(await SignInAsync(other, unknown, "wrong-password-x")));
        }

        Assert.Equal(answersForReal, answersForUnknown);
        Assert.Contains("do not match", answersForReal[0], StringComparison.Ordinal);
        Assert.Contains("Too many failed attempts", answersForReal[^1], StringComparison.Ordinal);
        Assert.DoesNotContain(answersForReal, a => a.Contains("locked for", StringComparison.Ordinal));
    }

    [Fact]
    public async Task One_address_making_too_many_attempts_is_answered_429_with_Retry_After()
    {
        var site = WithClientAddresses(b => b.UseSetting("Accounts:SignIn:PerClientPerMinute", "3"));
        var client = Client(site, "198.51.100.10");
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await SignInAsync(client, $"someone-{i}@example.org", "whatever-password")).StatusCode);
        }

        var limited = await SignInAsync(client, "someone-else@example.org", "whatever-password");

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Contains("Too many sign-in attempts from this address", await limited.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // Another address is not held back, and showing the form is never limited.
        Assert.Equal(HttpStatusCode.OK, (await SignInAsync(Client(site, "198.51.100.11"), "someone@example.org", "whatever-password")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/account/login", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Behind_a_configured_proxy_each_forwarded_client_has_its_own_limit_and_other_senders_cannot_pick_one()
    {
        var site = WithClientAddresses(b =>
        {
            b.UseSetting("Accounts:SignIn:PerClientPerMinute", "2");
            b.UseSetting("ForwardedHeaders:KnownProxies:0", "192.0.2.1");
        });

        async Task<HttpStatusCode> PostAsync(string sender, string forwardedFor)
        {
            var client = Client(site, sender);
            client.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
            return (await SignInAsync(client, "someone@example.org", "whatever-password")).StatusCode;
        }

        // Through the known proxy: the forwarded address is the client, each with its own limit.
        Assert.Equal(HttpStatusCode.OK, await PostAsync("192.0.2.1", "203.0.113.1"));
        Assert.Equal(HttpStatusCode.OK, await PostAsync("192.0.2.1", "203.0.113.1"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await PostAsync("192.0.2.1", "203.0.113.1"));
        Assert.Equal(HttpStatusCode.OK, await PostAsync("192.0.2.1", "203.0.113.2"));

        // From anywhere else the header is not believed: changing it does not buy more attempts.
        Assert.Equal(HttpStatusCode.OK, await PostAsync("198.51.100.50", "203.0.113.7"));
        Assert.Equal(HttpStatusCode.OK, await PostAsync("198.51.100.50", "203.0.113.8"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await PostAsync("198.51.100.50", "203.0.113.9"));
    }

    /// <summary>The app with each test request's client address taken from a header of the test's own (as a proxy would set it).</summary>
    private WebApplicationFactory<Program> WithClientAddresses(Action<IWebHostBuilder>? more = null) =>
        app.WithWebHostBuilder(b =>
        {
            b.ConfigureServices(s => s.AddSingleton<IStartupFilter, TestClientAddress>());
            more?.Invoke(b);
        });

    private static HttpClient Client(WebApplicationFactory<Program> site, string address)
    {
        var client = site.CreateClient(new() { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add(TestClientAddress.Header, address);
        return client;
    }

    private static Task<HttpResponseMessage> SignInAsync(HttpClient client, string email, string password) =>
        TimelineAppFactory.SignInAsync(client, email, password);

    private static async Task<string> AlertAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return WebUtility.HtmlDecode(Alert().Match(await response.Content.ReadAsStringAsync()).Groups[1].Value);
    }

    [GeneratedRegex("<p class=\"form-alert\" role=\"alert\">([^<]*)</p>")]
    private static partial Regex Alert();

    private sealed class TestClientAddress : IStartupFilter
    {
        public const string Header = "X-Test-Client-Address";

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (context.Request.Headers.TryGetValue(Header, out var address))
                {
                    context.Connection.RemoteIpAddress = IPAddress.Parse(address.ToString());
                }

                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
