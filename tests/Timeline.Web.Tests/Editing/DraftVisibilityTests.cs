using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Timeline.Web.Data;
using Timeline.Web.Features.Editing;
using Timeline.Web.Tests.Infrastructure;

namespace Timeline.Web.Tests.Editing;

/// <summary>Drafts and unpublished timelines are invisible to readers on every route, and edits show at once.</summary>
public class DraftVisibilityTests : IDisposable
{
    private const string Slug = "north-korean-workers-in-russia";
    private static readonly EditorIdentity Editor = new(null, "editor@example.org");
    private readonly TimelineAppFactory app;

    public DraftVisibilityTests()
        : this(DatabaseProvider.Sqlite)
    {
    }

    /// <summary>For the same tests on another engine.</summary>
    protected DraftVisibilityTests(DatabaseProvider provider) => app = new TimelineAppFactory { Provider = provider };

    public void Dispose()
    {
        app.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task A_draft_event_is_hidden_from_the_timeline_its_permalink_the_api_and_source_pages()
    {
        var client = app.CreateClient();
        await client.GetStringAsync(new Uri($"/t/{Slug}", UriKind.Relative)); // warm the reader cache first
        await using var scope = app.Services.CreateAsyncScope();
        var events = scope.ServiceProvider.GetRequiredService<EventEditor>();
        var saved = await events.SaveAsync(new EventInput { TimelineId = 1, Title = "Secret draft event", Slug = "secret-draft", Start = "2025-05" }, Editor);
        var attached = await events.AttachAsync(saved.Value, 1, 0, 40, ExcerptRole.Supports, Editor);
        Assert.True(attached.Succeeded, attached.Problem);

        Assert.DoesNotContain("Secret draft event", await client.GetStringAsync(new Uri($"/t/{Slug}", UriKind.Relative)), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri($"/t/{Slug}/e/secret-draft", UriKind.Relative))).StatusCode);
        Assert.DoesNotContain("secret-draft", await client.GetStringAsync(new Uri($"/api/timelines/{Slug}", UriKind.Relative)), StringComparison.Ordinal);
        Assert.DoesNotContain("Secret draft event", await client.GetStringAsync(new Uri("/sources/1", UriKind.Relative)), StringComparison.Ordinal);
        foreach (var path in new[] { $"/embed/t/{Slug}/e/secret-draft" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri(path, UriKind.Relative))).StatusCode);
        }
    }

    [Fact]
    public async Task Publishing_an_event_shows_it_to_readers_at_once()
    {
        var client = app.CreateClient();
        await client.GetStringAsync(new Uri($"/t/{Slug}", UriKind.Relative));
        await client.GetStringAsync(new Uri($"/api/timelines/{Slug}", UriKind.Relative));
        await using var scope = app.Services.CreateAsyncScope();
        var events = scope.ServiceProvider.GetRequiredService<EventEditor>();

        var saved = await events.SaveAsync(new EventInput { TimelineId = 1, Title = "Freshly published", Slug = "freshly-published", Start = "2025-05", IsPublished = true }, Editor);

        Assert.True(saved.Succeeded);
        Assert.Contains("Freshly published", await client.GetStringAsync(new Uri($"/t/{Slug}", UriKind.Relative)), StringComparison.Ordinal);
        Assert.Contains("freshly-published", await client.GetStringAsync(new Uri($"/api/timelines/{Slug}", UriKind.Relative)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unpublished_timeline_is_gone_from_every_reader_route()
    {
        var client = app.CreateClient();
        await client.GetStringAsync(new Uri($"/t/{Slug}", UriKind.Relative));
        await using var scope = app.Services.CreateAsyncScope();
        var timelines = scope.ServiceProvider.GetRequiredService<TimelineEditor>();
        var input = (await timelines.LoadAsync(1))!;
        input.IsPublished = false;

        Assert.True((await timelines.SaveAsync(input, Editor)).Succeeded);

        Assert.DoesNotContain($"/t/{Slug}", await client.GetStringAsync(new Uri("/", UriKind.Relative)), StringComparison.Ordinal);
        Assert.Equal("[]", await client.GetStringAsync(new Uri("/api/timelines", UriKind.Relative)));
        foreach (var path in new[] { $"/t/{Slug}", $"/t/{Slug}/e/un-resolution-2375", $"/api/timelines/{Slug}", "/sources/1", $"/embed/t/{Slug}", $"/embed/t/{Slug}/e/un-resolution-2375" })
        {
            Assert.True((await client.GetAsync(new Uri(path, UriKind.Relative))).StatusCode == HttpStatusCode.NotFound, $"{path} is still visible");
        }
    }
}

/// <summary>Drafts stay invisible, on PostgreSQL.</summary>
public sealed class DraftVisibilityTestsOnPostgres() : DraftVisibilityTests(DatabaseProvider.Postgres);
