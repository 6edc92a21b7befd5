using System.Net;
using System.Xml.Linq;
using Microsoft.Extensions.DependencyInjection;
using Timeline.Web.Features.Editing;
using Timeline.Web.Tests.Infrastructure;

namespace Timeline.Web.Tests.Newsroom;

/// <summary>The Atom feed of a timeline: valid Atom, newest change first, corrections carried, drafts never.</summary>
public sealed class AtomFeedTests : IDisposable
{
    private const string Slug = "north-korean-workers-in-russia";
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    private static readonly EditorIdentity Editor = new(null, "editor@example.org");
    private readonly TimelineAppFactory app = new();

    public void Dispose() => app.Dispose();

    private static async Task<XDocument> FeedAsync(HttpClient client)
    {
        using var response = await client.GetAsync(new Uri($"/t/{Slug}/feed.atom", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/atom+xml", response.Content.Headers.ContentType?.MediaType);
        return XDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_feed_is_atom_with_the_required_elements_and_is_linked_from_the_timeline_page()
    {
        var client = app.CreateClient();

        var feed = (await FeedAsync(client)).Root!;

        Assert.Equal(Atom + "feed", feed.Name);
        Assert.Equal("North Korean workers in Russia", feed.Element(Atom + "title")?.Value);
        foreach (var required in new[] { "id", "updated", "author" })
        {
            Assert.NotNull(feed.Element(Atom + required));
        }

        var entries = feed.Elements(Atom + "entry").ToList();
        Assert.InRange(entries.Count, 10, 50);
        foreach (var entry in entries)
        {
            foreach (var required in new[] { "id", "title", "updated", "link", "content" })
            {
                Assert.NotNull(entry.Element(Atom + required));
            }

            Assert.StartsWith($"http://localhost/t/{Slug}/e/", entry.Element(Atom + "link")!.Attribute("href")!.Value, StringComparison.Ordinal);
        }

        var updated = entries.Select(e => DateTimeOffset.Parse(e.Element(Atom + "updated")!.Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(updated.OrderByDescending(u => u), updated);
        Assert.Contains($"href=\"/t/{Slug}/feed.atom\" title=", await client.GetStringAsync(new Uri($"/t/{Slug}", UriKind.Relative)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_correction_puts_the_event_first_with_its_note_and_a_draft_never_appears()
    {
        var client = app.CreateClient();
        await FeedAsync(client); // cached first: the saves must evict it
        int id = 0;
        await app.WithDbAsync(db =>
        {
            id = db.Events.Single(e => e.TimelineId == 1 && e.Slug == "us-sanctions-genco").Id;
            return Task.CompletedTask;
        });
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var events = scope.ServiceProvider.GetRequiredService<EventEditor>();
            Assert.True((await events.SaveAsync(new EventInput { TimelineId = 1, Title = "A draft in the feed", Slug = "draft-in-feed", Start = "2025-05" }, Editor)).Succeeded);
            var input = (await events.LoadAsync(id))!.Input;
            input.Summary += " Checked again.";
            input.Change = PublicChange.Correction;
            input.ChangeNote = "An earlier version named the wrong company.";
            Assert.True((await events.SaveAsync(input, Editor)).Succeeded);
        }

        var feed = (await FeedAsync(client)).Root!;

        var first = feed.Elements(Atom + "entry").First();
        Assert.EndsWith("/e/us-sanctions-genco", first.Element(Atom + "link")!.Attribute("href")!.Value, StringComparison.Ordinal);
        Assert.Contains("An earlier version named the wrong company.", first.Element(Atom + "content")!.Value, StringComparison.Ordinal);
        Assert.DoesNotContain("A draft in the feed", feed.ToString(), StringComparison.Ordinal);
    }
}
