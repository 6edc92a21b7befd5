using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Timeline.Web.Features.Editing;
using Timeline.Web.Data;
using Timeline.Web.Tests.Infrastructure;

namespace Timeline.Web.Tests.Newsroom;

/// <summary>
/// Links that were shared keep working: an old slug answers 301 with the current address on every reader route (pages,
/// the API, the embed and oEmbed), a removed item answers 410, and a slug once used cannot be taken by another item.
/// </summary>
public class PermalinkTests : IDisposable
{
    private const string Slug = "north-korean-workers-in-russia";
    private const string EventSlug = "un-resolution-2375";
    private static readonly EditorIdentity Editor = new(null, "editor@example.org");
    private readonly TimelineAppFactory app;

    public PermalinkTests()
        : this(DatabaseProvider.Sqlite)
    {
    }

    /// <summary>For the same tests on another engine.</summary>
    protected PermalinkTests(DatabaseProvider provider) => app = new TimelineAppFactory { Provider = provider };

    public void Dispose()
    {
        app.Dispose();
        GC.SuppressFinalize(this);
    }

    private HttpClient Client() => app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    private async Task RenameTimelineAsync(string slug)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var timelines = scope.ServiceProvider.GetRequiredService<TimelineEditor>();
        var input = (await timelines.LoadAsync(1))!;
        input.Slug = slug;
        var saved = await timelines.SaveAsync(input, Editor);
        Assert.True(saved.Succeeded, string.Join("; ", saved.Errors.Values));
    }

    private async Task<int> EventIdAsync(string slug)
    {
        var id = 0;
        await app.WithDbAsync(async db =>
        {
            id = db.Events.Single(e => e.TimelineId == 1 && e.Slug == slug).Id;
            await Task.CompletedTask;
        });
        return id;
    }

    private async Task<SaveResult<int>> RenameEventAsync(int id, string slug)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var events = scope.ServiceProvider.GetRequiredService<EventEditor>();
        var input = (await events.LoadAsync(id))!.Input;
        input.Slug = slug;
        return await events.SaveAsync(input, Editor);
    }

    [Fact]
    public async Task A_renamed_timelines_old_addresses_answer_301_with_the_new_ones_everywhere()
    {
        var client = Client();
        // Cached under the old slug first: the rename must not leave those copies answering.
        foreach (var path in new[] { $"/t/{Slug}", $"/t/{Slug}/e/{EventSlug}", $"/api/timelines/{Slug}", $"/embed/t/{Slug}" })
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri(path, UriKind.Relative))).StatusCode);
        }

        await RenameTimelineAsync("workers-in-russia");

        var expected = new Dictionary<string, string>
        {
            [$"/t/{Slug}"] = "/t/workers-in-russia",
            [$"/t/{Slug}?tag=sanctions"] = "/t/workers-in-russia?tag=sanctions",
            [$"/t/{Slug}/e/{EventSlug}"] = $"/t/workers-in-russia/e/{EventSlug}",
            [$"/t/{Slug}/disagreements"] = "/t/workers-in-russia/disagreements",
            [$"/api/timelines/{Slug}?page=1"] = "/api/timelines/workers-in-russia?page=1",
            [$"/embed/t/{Slug}?theme=dark"] = "/embed/t/workers-in-russia?theme=dark",
            [$"/embed/t/{Slug}/e/{EventSlug}"] = $"/embed/t/workers-in-russia/e/{EventSlug}",
        };
        foreach (var (from, to) in expected)
        {
            using var response = await client.GetAsync(new Uri(from, UriKind.Relative));
            Assert.True(response.StatusCode == HttpStatusCode.MovedPermanently, $"{from} answered {(int)response.StatusCode}");
            Assert.Equal(to, response.Headers.Location?.OriginalString);
            // The new address itself answers.
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri(to, UriKind.Relative))).StatusCode);
        }

        using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, new Uri($"/t/{Slug}", UriKind.Relative)));
        Assert.Equal(HttpStatusCode.MovedPermanently, head.StatusCode);
    }

    [Fact]
    public async Task OEmbed_for_an_old_link_answers_301_to_the_oembed_of_the_current_page()
    {
        var client = Client();
        await RenameTimelineAsync("workers-in-russia");
        var old = Uri.EscapeDataString($"http://localhost/t/{Slug}/e/{EventSlug}");

        using var response = await client.GetAsync(new Uri($"/oembed?url={old}&maxwidth=500", UriKind.Relative));

        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.StartsWith("/oembed?url=", location, StringComparison.Ordinal);
        Assert.Contains(Uri.EscapeDataString($"http://localhost/t/workers-in-russia/e/{EventSlug}"), location, StringComparison.Ordinal);
        Assert.Contains("maxwidth=500", location, StringComparison.Ordinal);
        using var followed = await client.GetAsync(new Uri(location, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, followed.StatusCode);
        using var json = JsonDocument.Parse(await followed.Content.ReadAsStringAsync());
        Assert.Contains($"/embed/t/workers-in-russia/e/{EventSlug}", json.RootElement.GetProperty("html").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_renamed_events_old_address_answers_301_also_after_its_timeline_was_renamed()
    {
        var client = Client();
        var id = await EventIdAsync(EventSlug);
        Assert.True((await RenameEventAsync(id, "resolution-2375-adopted")).Succeeded);
        await RenameTimelineAsync("workers-in-russia");

        foreach (var (from, to) in new[]
        {
            ($"/t/{Slug}/e/{EventSlug}", "/t/workers-in-russia/e/resolution-2375-adopted"),
            ($"/t/workers-in-russia/e/{EventSlug}", "/t/workers-in-russia/e/resolution-2375-adopted"),
            ($"/embed/t/{Slug}/e/{EventSlug}?theme=dark", "/embed/t/workers-in-russia/e/resolution-2375-adopted?theme=dark"),
        })
        {
            using var response = await client.GetAsync(new Uri(from, UriKind.Relative));
            Assert.True(response.StatusCode == HttpStatusCode.MovedPermanently, $"{from} answered {(int)response.StatusCode}");
            Assert.Equal(to, response.Headers.Location?.OriginalString);
        }

        // Giving the event its first slug back makes that current again, and the second one leads to it.
        Assert.True((await RenameEventAsync(id, EventSlug)).Succeeded);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri($"/t/workers-in-russia/e/{EventSlug}", UriKind.Relative))).StatusCode);
        using var back = await client.GetAsync(new Uri("/t/workers-in-russia/e/resolution-2375-adopted", UriKind.Relative));
        Assert.Equal($"/t/workers-in-russia/e/{EventSlug}", back.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task A_slug_freed_by_a_rename_cannot_be_taken_by_another_item_and_the_message_names_its_holder()
    {
        var id = await EventIdAsync(EventSlug);
        Assert.True((await RenameEventAsync(id, "resolution-2375-adopted")).Succeeded);
        var other = await EventIdAsync("us-sanctions-genco");

        var refused = await RenameEventAsync(other, EventSlug);

        Assert.False(refused.Succeeded);
        Assert.Contains("used this slug before it was renamed", refused.Errors["Slug"], StringComparison.Ordinal);
        Assert.Contains("“", refused.Errors["Slug"], StringComparison.Ordinal);

        await RenameTimelineAsync("workers-in-russia");
        await using var scope = app.Services.CreateAsyncScope();
        var timelines = scope.ServiceProvider.GetRequiredService<TimelineEditor>();
        var taken = await timelines.SaveAsync(new TimelineInput { Title = "Another story", Slug = Slug }, Editor);
        Assert.False(taken.Succeeded);
        Assert.Contains("North Korean", taken.Errors["Slug"], StringComparison.Ordinal);
        Assert.Contains("before it was renamed", taken.Errors["Slug"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_deleted_items_addresses_answer_410_and_a_deleted_draft_stays_unknown()
    {
        var client = Client();
        var id = await EventIdAsync(EventSlug);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var events = scope.ServiceProvider.GetRequiredService<EventEditor>();
            Assert.True((await events.DeleteAsync(id, Editor)).Succeeded);
            var draft = await events.SaveAsync(new EventInput { TimelineId = 1, Title = "Never published", Slug = "never-published", Start = "2025-05" }, Editor);
            Assert.True((await events.DeleteAsync(draft.Value, Editor)).Succeeded);
        }

        using (var page = await client.GetAsync(new Uri($"/t/{Slug}/e/{EventSlug}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Gone, page.StatusCode);
            Assert.Contains("This was removed", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var embed = await client.GetAsync(new Uri($"/embed/t/{Slug}/e/{EventSlug}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Gone, embed.StatusCode);
            Assert.Contains("This event was removed by its editors", await embed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri($"/t/{Slug}/e/never-published", UriKind.Relative))).StatusCode);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            Assert.True((await scope.ServiceProvider.GetRequiredService<TimelineEditor>().DeleteAsync(1, Editor)).Succeeded);
        }

        foreach (var path in new[] { $"/t/{Slug}", $"/t/{Slug}/disagreements", $"/api/timelines/{Slug}", $"/embed/t/{Slug}" })
        {
            using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
            Assert.True(response.StatusCode == HttpStatusCode.Gone, $"{path} answered {(int)response.StatusCode}");
        }

        using var api = await client.GetAsync(new Uri($"/api/timelines/{Slug}", UriKind.Relative));
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
        using var oembed = await client.GetAsync(new Uri($"/oembed?url={Uri.EscapeDataString($"http://localhost/t/{Slug}")}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Gone, oembed.StatusCode);
    }
}

/// <summary>Permalinks and former slugs, on PostgreSQL.</summary>
public sealed class PermalinkTestsOnPostgres() : PermalinkTests(DatabaseProvider.Postgres);
