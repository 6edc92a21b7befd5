using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Timeline.Web.Data;
using Timeline.Web.Features.Accounts;
using Timeline.Web.Tests.Infrastructure;
using static Timeline.Web.Tests.Api.ApiTestClient;

namespace Timeline.Web.Tests.Api;

/// <summary>
/// The write API with personal API tokens, on the real app and database: without a token (or with only the editor's
/// cookie) nothing is written; an editor's token creates and updates events, attaches passages and adds sources through
/// the editor's services, with revisions named after the token's owner; stale versions, bad input, revoked, expired and
/// malformed tokens and disabled or removed accounts are refused with a reason, and nothing is half-written.
/// </summary>
public sealed class ApiTokenTests : IDisposable
{
    private const string SourceText =
        "The ministry said on Tuesday that 12,000 workers had arrived in the Far East. "
        + "Officials declined to comment. Officials later confirmed the figure.";

    private static readonly string[] Tags = ["labour", "Russia"];
    private static readonly string[] Actors = ["Ministry of Labour"];
    private static readonly string[] Labour = ["labour"];

    private readonly TimelineAppFactory app = new();

    public void Dispose() => app.Dispose();

    private static object NewEvent(string title = "Workers arrive in the Far East", bool published = false) => new
    {
        title,
        summary = "The ministry's figure, as **reported**.",
        start = "2019-06",
        qualifier = "circa",
        tags = Tags,
        actors = Actors,
        isPublished = published,
    };

    private async Task<(int Events, int Sources, int Revisions, int Links)> CountsAsync()
    {
        var counts = (0, 0, 0, 0);
        await app.WithDbAsync(async db => counts = (
            await db.Events.IgnoreQueryFilters().CountAsync(), await db.Sources.IgnoreQueryFilters().CountAsync(),
            await db.Revisions.CountAsync(), await db.EventExcerpts.CountAsync()));
        return counts;
    }

    private static async Task<int> CreatedIdAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("id").GetInt32();
    }

    [Fact]
    public async Task Anonymous_writes_get_401_with_a_problem_and_write_nothing()
    {
        var before = await CountsAsync();
        var anonymous = app.TokenClient(null);

        var responses = new[]
        {
            await anonymous.PostJsonAsync($"/api/timelines/{Seeded}/events", NewEvent()),
            await anonymous.PutJsonAsync("/api/events/1", NewEvent()),
            await anonymous.PostJsonAsync("/api/events/1/passages", new { sourceId = 1, start = 0, end = 20 }),
            await anonymous.PostJsonAsync("/api/sources", new { title = "T", outlet = "O", text = SourceText }),
            await anonymous.GetAsync(new Uri("/api/events/1", UriKind.Relative)),
        };

        foreach (var response in responses)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("Bearer realm=\"Timeline API\"", response.Headers.WwwAuthenticate.ToString());
            Assert.Equal("API token required", (await response.JsonAsync()).GetProperty("title").GetString());
            Assert.True(response.Headers.CacheControl?.NoStore);
        }

        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task A_signed_in_editors_cookie_cannot_write_through_the_api()
    {
        var before = await CountsAsync();
        var browser = await app.SignedInClientAsync(await app.CreateUserAsync(Roles.Admin));

        var response = await browser.PostJsonAsync($"/api/timelines/{Seeded}/events", NewEvent());

        // A page on another site could make a signed-in editor's browser send this: only a token may write.
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task An_editors_token_creates_an_event_with_a_revision_naming_the_owner_and_the_token()
    {
        var (owner, token) = await app.EditorWithTokenAsync();
        var client = app.TokenClient(token.Secret);

        var response = await client.PostJsonAsync($"/api/timelines/{Seeded}/events", NewEvent());

        var id = await CreatedIdAsync(response);
        Assert.Equal($"/api/events/{id}", response.Headers.Location?.OriginalString);
        var body = await response.JsonAsync();
        Assert.Equal("workers-arrive-in-the-far-east", body.GetProperty("slug").GetString());
        Assert.Equal(Seeded, body.GetProperty("timeline").GetString());
        Assert.Equal("circa", body.GetProperty("qualifier").GetString());
        await app.WithDbAsync(async db =>
        {
            var ev = await db.Events.Include(e => e.Tags).Include(e => e.Actors).SingleAsync(e => e.Id == id);
            Assert.Equal("Workers arrive in the Far East", ev.Title);
            Assert.Equal("2019-06", ev.Start);
            Assert.False(ev.IsPublished);
            Assert.Equal(["Russia", "labour"], ev.Tags.Select(t => t.Name).Order(StringComparer.Ordinal));
            Assert.Equal(["Ministry of Labour"], ev.Actors.Select(a => a.Name));
            var revision = await db.Revisions.SingleAsync(r => r.Subject == RevisionSubject.Event && r.SubjectId == id);
            Assert.Equal(RevisionAction.Created, revision.Action);
            Assert.Equal($"{owner.UserName} (API: newsroom CMS)", revision.UserName);
            Assert.Equal(owner.UserId, revision.UserId);
        });

        var read = await client.GetAsync(response.Headers.Location);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(body.GetProperty("version").GetString(), (await read.JsonAsync()).GetProperty("version").GetString());
        Assert.True(read.Headers.CacheControl?.NoStore);
    }

    [Fact]
    public async Task An_update_with_the_current_version_is_saved_and_a_stale_version_gets_409_naming_what_changed()
    {
        var (_, token) = await app.EditorWithTokenAsync();
        var client = app.TokenClient(token.Secret);
        var created = await client.PostJsonAsync($"/api/timelines/{Seeded}/events", NewEvent());
        var id = await CreatedIdAsync(created);
        var first = (await created.JsonAsync()).GetProperty("version").GetString();

        var renamed = await client.PutJsonAsync($"/api/events/{id}", new
        {
            title = "Workers reach the Far East", slug = "workers-arrive-in-the-far-east", summary = "The ministry's figure, as **reported**.",
            start = "2019-06", qualifier = "circa", tags = Tags, actors = Actors, version = first,
        });
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        var second = (await renamed.JsonAsync()).GetProperty("version").GetString();
        Assert.NotEqual(first, second);

        var stale = await client.PutJsonAsync($"/api/events/{id}", new
        {
            title = "Workers arrive in the Far East", slug = "workers-arrive-in-the-far-east", summary = "Another summary written from the old copy.",
            start = "2019-06", qualifier = "circa", tags = Labour, version = first,
        });

        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var problem = await stale.JsonAsync();
        Assert.Contains("(title)", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var change = Assert.Single(problem.GetProperty("changes").EnumerateArray());
        Assert.Equal("Title", change.GetProperty("field").GetString());
        Assert.Equal("Workers arrive in the Far East", change.GetProperty("yours").GetString());
        Assert.Equal("Workers reach the Far East", change.GetProperty("now").GetString());
        await app.WithDbAsync(async db =>
        {
            var ev = await db.Events.Include(e => e.Tags).SingleAsync(e => e.Id == id);
            Assert.Equal("Workers reach the Far East", ev.Title);
            Assert.Equal("The ministry's figure, as **reported**.", ev.Summary);
            Assert.Equal(2, ev.Tags.Count);
            Assert.Equal(2, await db.Revisions.CountAsync(r => r.Subject == RevisionSubject.Event && r.SubjectId == id));
        });
    }

    [Fact]
    public async Task A_source_is_added_with_its_full_text_and_a_passage_is_attached_by_its_exact_quote()
    {
        var (owner, token) = await app.EditorWithTokenAsync();
        var client = app.TokenClient(token.Secret);

        var added = await client.PostJsonAsync("/api/sources", new { title = "Workers arrive", outlet = "Far East Daily", publishedOn = "2019-06-04", text = SourceText });
        var sourceId = await CreatedIdAsync(added);
        Assert.Equal($"/api/sources/{sourceId}", added.Headers.Location?.OriginalString);
        var eventId = await CreatedIdAsync(await client.PostJsonAsync($"/api/timelines/{Seeded}/events", NewEvent()));

        var attached = await client.PostJsonAsync($"/api/events/{eventId}/passages", new { sourceId, quote = "12,000 workers had arrived in the Far East", role = "supports" });

        Assert.Equal(HttpStatusCode.Created, attached.StatusCode);
        Assert.Equal($"/api/events/{eventId}", attached.Headers.Location?.OriginalString);
        var passage = Assert.Single((await attached.JsonAsync()).GetProperty("passages").EnumerateArray());
        Assert.Equal("12,000 workers had arrived in the Far East", passage.GetProperty("quote").GetString());
        Assert.Equal("supports", passage.GetProperty("role").GetString());
        await app.WithDbAsync(async db =>
        {
            var source = await db.Sources.SingleAsync(s => s.Id == sourceId);
            Assert.Equal(SourceText, source.Text);
            Assert.Equal($"{owner.UserName} (API: newsroom CMS)",
                (await db.Revisions.SingleAsync(r => r.Subject == RevisionSubject.Source && r.SubjectId == sourceId)).UserName);
            var link = await db.EventExcerpts.Include(l => l.Excerpt).SingleAsync(l => l.EventId == eventId);
            Assert.Equal(SourceText.IndexOf("12,000", StringComparison.Ordinal), link.Excerpt.Start);
            Assert.Equal("12,000 workers had arrived in the Far East", link.Excerpt.Exact);
            Assert.Equal(ExcerptRole.Supports, link.Role);
        });
    }

    [Theory]
    [InlineData("12,000 soldiers", "does not occur in the source's text")]
    [InlineData("Officials", "occurs more than once in the source (at 78, 109)")]
    public async Task A_quote_that_is_not_in_the_source_once_is_refused_at_its_field_and_nothing_is_attached(string quote, string message)
    {
        var (_, token) = await app.EditorWithTokenAsync();
        var client = app.TokenClient(token.Secret);
        var sourceId = await CreatedIdAsync(await client.PostJsonAsync("/api/sources", new { title = "Workers arrive", outlet = "Far East Daily", text = SourceText }));
        var eventId = await CreatedIdAsync(await client.PostJsonAsync($"/api/timelines/{Seeded}/events", NewEvent()));
        var before = await CountsAsync();

        var refused = await client.PostJsonAsync($"/api/events/{eventId}/passages", new { sourceId, quote });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains(message, (await refused.JsonAsync()).FieldError("quote"), StringComparison.Ordinal);
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task Bad_input_gets_400_with_the_editors_field_messages_and_writes_nothing()
    {
        var (_, token) = await app.EditorWithTokenAsync();
        var client = app.TokenClient(token.Secret);
        var before = await CountsAsync();

        var invalid = await client.PostJsonAsync($"/api/timelines/{Seeded}/events", new { start = "2019-02-30", qualifier = "sometime", tags = Labour });
        var wrongType = await client.PostJsonAsync($"/api/timelines/{Seeded}/events", new { title = "T", start = "2019", tags = "labour" });
        var unknownField = await client.PostJsonAsync($"/api/timelines/{Seeded}/events", new { titel = "T", start = "2019" });
        using var broken = new StringContent("{\"title\": \"T\", ", Encoding.UTF8, "application/json");
        var malformed = await client.PostAsync(new Uri($"/api/timelines/{Seeded}/events", UriKind.Relative), broken);
        var noText = await client.PostJsonAsync("/api/sources", new { title = "Workers arrive", outlet = "Far East Daily", text = "  " });
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["title"] = "T" });
        var notJson = await client.PostAsync(new Uri("/api/sources", UriKind.Relative), form);

        var errors = await invalid.JsonAsync();
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal("application/problem+json", invalid.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Give the event a title.", errors.FieldError("title"));
        Assert.Contains("February 2019", errors.FieldError("start"), StringComparison.Ordinal);
        Assert.Equal("“sometime” is not one of exact, circa, early, mid, late, before or after.", errors.FieldError("qualifier"));
        Assert.Equal("Expected a list of texts, such as [\"sanctions\", \"labour\"] here.", (await wrongType.JsonAsync()).FieldError("tags"));
        Assert.Equal("This endpoint takes no field named “titel”.", (await unknownField.JsonAsync()).FieldError("titel"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.StartsWith("The body is not a well-formed JSON object", (await malformed.JsonAsync()).FieldError("body"), StringComparison.Ordinal);
        Assert.Equal("Paste the text of the source.", (await noText.JsonAsync()).FieldError("text"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, notJson.StatusCode);
        Assert.Equal("Send the body as a JSON object with the header Content-Type: application/json.", (await notJson.JsonAsync()).GetProperty("detail").GetString());
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task A_source_text_over_the_limit_is_refused_at_its_field_and_a_body_over_the_size_limit_with_413()
    {
        var (_, token) = await app.EditorWithTokenAsync();
        var client = app.TokenClient(token.Secret);
        var before = await CountsAsync();

        var tooLong = await client.PostJsonAsync("/api/sources", new { title = "Long", outlet = "O", text = new string('a', Limits.SourceText + 1) });
        var tooLarge = await client.PostJsonAsync("/api/sources", new { title = "Huge", outlet = "O", text = new string('a', (int)Features.Api.EditorApi.SourceBodyBytes) });

        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Equal("Keep this under 500,000 characters (it has 500,001).", (await tooLong.JsonAsync()).FieldError("text"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Equal("This endpoint takes a body of at most 4,194,304 bytes.", (await tooLarge.JsonAsync()).GetProperty("detail").GetString());
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task A_revoked_token_is_refused_with_401_invalid_token_and_its_reason()
    {
        var (owner, token) = await app.EditorWithTokenAsync();
        var client = app.TokenClient(token.Secret);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/api/events/1", UriKind.Relative))).StatusCode);

        var revoked = await app.Services.GetRequiredService<ApiTokens>().RevokeAsync(owner, token.Token.Id);
        var before = await CountsAsync();
        var response = await client.PostJsonAsync($"/api/timelines/{Seeded}/events", NewEvent());

        Assert.True(revoked.Succeeded, revoked.Message);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var challenge = response.Headers.WwwAuthenticate.ToString();
        Assert.Contains("error=\"invalid_token\"", challenge, StringComparison.Ordinal);
        Assert.Contains("The token was revoked on", challenge, StringComparison.Ordinal);
        var problem = await response.JsonAsync();
        Assert.Equal("API token refused", problem.GetProperty("title").GetString());
        Assert.StartsWith("The token was revoked on ", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await CountsAsync());
        await app.WithDbAsync(async db => Assert.Equal(
            ["Created the API token “newsroom CMS”", "Revoked the API token “newsroom CMS”"],
            (await db.AccountEvents.OrderBy(a => a.Id).Select(a => a.Action).ToListAsync()).Select(a => a[..a.IndexOf(" (", StringComparison.Ordinal)])));
    }

    [Fact]
    public async Task A_disabled_accounts_token_stops_at_once_and_a_removed_accounts_tokens_are_deleted()
    {
        var admin = await app.IdentityAsync(await app.CreateUserAsync(Roles.Admin));
        var (owner, token) = await app.EditorWithTokenAsync();
        var client = app.TokenClient(token.Secret);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/api/events/1", UriKind.Relative))).StatusCode);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            Assert.True((await scope.ServiceProvider.GetRequiredService<AccountAdmin>().DisableAsync(admin, owner.UserId!)).Succeeded);
        }

        var disabled = await client.GetAsync(new Uri("/api/events/1", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, disabled.StatusCode);
        Assert.Equal("The account this token belongs to is disabled.", (await disabled.JsonAsync()).GetProperty("detail").GetString());

        await using (var scope = app.Services.CreateAsyncScope())
        {
            Assert.True((await scope.ServiceProvider.GetRequiredService<AccountAdmin>().RemoveAsync(admin, owner.UserId!)).Succeeded);
        }

        var removed = await client.GetAsync(new Uri("/api/events/1", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, removed.StatusCode);
        Assert.StartsWith("The token is not known here", (await removed.JsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        await app.WithDbAsync(async db => Assert.False(await db.ApiTokens.AnyAsync(t => t.UserId == owner.UserId)));
    }

    [Fact]
    public async Task Expired_unknown_and_malformed_tokens_are_refused_with_invalid_token()
    {
        var (_, token) = await app.EditorWithTokenAsync();
        await app.WithDbAsync(async db =>
        {
            var row = await db.ApiTokens.SingleAsync();
            row.ExpiresAt = DateTimeOffset.UtcNow.AddMinutes(-1);
            await db.SaveChangesAsync();
        });
        var secret = token.Secret;
        var altered = secret[..^1] + (secret[^1] == 'A' ? 'B' : 'A');

        var cases = new (string Header, string Reason)[]
        {
            ($"Bearer {secret}", "The token expired on "),
            ($"Bearer {altered}", "The token is not known here"),
            ("Bearer not-a-token", "The bearer token is not an API token of this site"),
            ("Basic dXNlcjpwYXNz", "The Authorization header must be the word Bearer"),
            ("Bearer", "The Authorization header has no token after Bearer."),
        };
        foreach (var (header, reason) in cases)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/events/1", UriKind.Relative));
            request.Headers.TryAddWithoutValidation("Authorization", header);
            var response = await app.CreateClient().SendAsync(request);

            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Contains("error=\"invalid_token\"", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
            Assert.StartsWith(reason, (await response.JsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_token_whose_account_has_no_editor_role_is_forbidden()
    {
        var (owner, token) = await app.EditorWithTokenAsync();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<EditorUser>>();
            Assert.True((await users.RemoveFromRoleAsync((await users.FindByIdAsync(owner.UserId!))!, Roles.Editor)).Succeeded);
        }

        var response = await app.TokenClient(token.Secret).PostJsonAsync($"/api/timelines/{Seeded}/events", NewEvent());

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("Not allowed", (await response.JsonAsync()).GetProperty("title").GetString());
    }

    [Fact]
    public async Task Only_the_sha256_of_a_secret_is_stored_never_the_secret()
    {
        var (_, token) = await app.EditorWithTokenAsync();

        await app.WithDbAsync(async db =>
        {
            var row = await db.ApiTokens.SingleAsync();
            Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes(token.Secret)), row.SecretHash);
            Assert.Equal(token.Secret[..11], row.Prefix);
            await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);");
        });
        Assert.Matches("^tl_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$", token.Secret);
        // Neither the whole secret nor its random part is anywhere in the database file.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var file = await File.ReadAllBytesAsync(app.DatabasePath);
        Assert.Equal(-1, file.AsSpan().IndexOf(Encoding.UTF8.GetBytes(token.Secret[12..])));
    }

    [Fact]
    public async Task Last_use_is_recorded_at_most_once_a_minute()
    {
        var clock = new MovableClock(DateTimeOffset.UtcNow);
        using var site = app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock)));
        var owner = await app.IdentityAsync(await app.CreateUserAsync(Roles.Editor));
        var made = await site.Services.GetRequiredService<ApiTokens>().CreateAsync(owner, "script", null);
        var client = site.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", made.Value!.Secret);
        async Task<DateTimeOffset?> UseAsync(TimeSpan later)
        {
            clock.Advance(later);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/api/events/1", UriKind.Relative))).StatusCode);
            DateTimeOffset? used = null;
            await app.WithDbAsync(async db => used = (await db.ApiTokens.AsNoTracking().SingleAsync()).LastUsedAt);
            return used;
        }

        var first = await UseAsync(TimeSpan.Zero);
        var soon = await UseAsync(TimeSpan.FromSeconds(30));
        var later = await UseAsync(TimeSpan.FromSeconds(31));

        Assert.Equal(clock.Start, first);
        Assert.Equal(first, soon);
        Assert.Equal(clock.Start.AddSeconds(61), later);
    }

    [Fact]
    public async Task Reader_reads_answer_the_same_from_the_cache_with_or_without_a_bearer_header_and_a_token_write_evicts_them()
    {
        var (_, token) = await app.EditorWithTokenAsync();
        var path = new Uri($"/api/timelines/{Seeded}", UriKind.Relative);
        var plain = await app.CreateClient().GetAsync(path);

        var withToken = await app.TokenClient(token.Secret).GetAsync(path);
        var withNonsense = await app.TokenClient("nonsense").GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        foreach (var response in new[] { withToken, withNonsense })
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.NotNull(response.Headers.Age);
            Assert.Equal(plain.Headers.ETag, response.Headers.ETag);
            Assert.True(response.Headers.CacheControl?.Public);
            Assert.False(response.Headers.Contains("Set-Cookie"));
        }

        var created = await app.TokenClient(token.Secret).PostJsonAsync($"/api/timelines/{Seeded}/events", NewEvent("Published through the API", published: true));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var after = await app.CreateClient().GetStringAsync(path);
        Assert.Contains("Published through the API", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_method_an_api_address_does_not_take_and_an_unknown_api_address_get_a_problem_not_a_page()
    {
        var (_, token) = await app.EditorWithTokenAsync();
        var client = app.TokenClient(token.Secret);
        var before = await CountsAsync();

        var delete = await client.DeleteAsync(new Uri("/api/events/1", UriKind.Relative));
        var postToList = await client.PostJsonAsync("/api/timelines", NewEvent());
        var nowhere = await client.GetAsync(new Uri("/api/nothing-here", UriKind.Relative));

        foreach (var (response, status, detail) in new[]
        {
            (delete, HttpStatusCode.MethodNotAllowed, "This address does not take DELETE"),
            (postToList, HttpStatusCode.MethodNotAllowed, "This address does not take POST"),
            (nowhere, HttpStatusCode.NotFound, "Nothing answers at this address"),
        })
        {
            Assert.Equal(status, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.StartsWith(detail, (await response.JsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task The_tokens_page_requires_sign_in_and_a_token_does_not_open_it()
    {
        var (_, token) = await app.EditorWithTokenAsync();

        foreach (var client in new[] { app.TokenClient(null), app.TokenClient(token.Secret) })
        {
            var response = await client.GetAsync(new Uri("/edit/tokens", UriKind.Relative));
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Contains("/account/login", response.Headers.Location?.OriginalString, StringComparison.Ordinal);
        }

        var editor = await app.SignedInClientAsync(await app.CreateUserAsync(Roles.Editor));
        Assert.Equal(HttpStatusCode.OK, (await editor.GetAsync(new Uri("/edit/tokens", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Tokens_need_a_fresh_name_and_only_their_owner_or_an_admin_revokes_them()
    {
        var tokens = app.Services.GetRequiredService<ApiTokens>();
        var (owner, token) = await app.EditorWithTokenAsync();
        var other = await app.IdentityAsync(await app.CreateUserAsync(Roles.Editor));
        var admin = await app.IdentityAsync(await app.CreateUserAsync(Roles.Admin));

        var unnamed = await tokens.CreateAsync(owner, "  ", null);
        var twice = await tokens.CreateAsync(owner, "Newsroom  CMS", null);
        var byOther = await tokens.RevokeAsync(other, token.Token.Id);
        var byAdmin = await tokens.RevokeAsync(admin, token.Token.Id);
        var again = await tokens.CreateAsync(owner, "newsroom CMS", 30);

        Assert.Equal("Name the token after the program that will use it, such as “newsroom CMS”.", unnamed.Errors["Name"]);
        Assert.Equal("You already have a token named “Newsroom CMS”: choose another name, or revoke that one first.", twice.Errors["Name"]);
        Assert.False(byOther.Succeeded);
        Assert.True(byAdmin.Succeeded, byAdmin.Message);
        Assert.True(again.Succeeded);
        Assert.Equal(ApiTokenState.Revoked, (await tokens.ListAsync(admin, everyone: true)).Single(t => t.Id == token.Token.Id).StateAt(DateTimeOffset.UtcNow));
        Assert.Empty(await tokens.ListAsync(other, everyone: true));
        Assert.Equal(2, (await tokens.ListAsync(owner)).Count);
    }

    /// <summary>A clock the test moves forward.</summary>
    private sealed class MovableClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset now = start;

        public DateTimeOffset Start { get; } = start;

        public void Advance(TimeSpan by) => now += by;

        public override DateTimeOffset GetUtcNow() => now;
    }
}
