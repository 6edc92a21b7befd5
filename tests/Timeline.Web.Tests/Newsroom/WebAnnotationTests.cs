using System.Globalization;
using System.Linq.Expressions;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Timeline.Domain;
using Timeline.Web.Data;
using Timeline.Web.Features.Editing;
using Timeline.Web.Tests.Infrastructure;

namespace Timeline.Web.Tests.Newsroom;

/// <summary>
/// Every passage readers can see, as W3C Web Annotations: each collection and annotation checked over HTTP against the
/// model's required fields and its exact spellings, and each selector, date and digest against the stored source.
/// </summary>
public sealed class WebAnnotationTests(TimelineAppFactory app) : IClassFixture<TimelineAppFactory>
{
    private const string Slug = "north-korean-workers-in-russia";
    private const string Origin = "http://localhost";
    private const string AnnoContext = "http://www.w3.org/ns/anno.jsonld";
    private static readonly EditorIdentity Editor = new(null, "editor@example.org");

    [Fact]
    public async Task The_timeline_collection_holds_every_published_passage_with_the_fields_the_model_requires()
    {
        var client = app.CreateClient();
        var (links, sources) = await PublicLinksAsync(x => x.Event.Timeline.Slug == Slug, byTimeline: true);

        var root = await CollectionAsync(client, $"/api/timelines/{Slug}/annotations");

        Assert.True(links.Count >= 20, $"only {links.Count} passages");
        AssertCollection(root, $"/api/timelines/{Slug}/annotations", links, sources);
        Assert.Contains($"href=\"/api/timelines/{Slug}/annotations\"",
            await client.GetStringAsync(new Uri($"/t/{Slug}", UriKind.Relative)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_seeded_source_has_its_collection_and_one_without_a_url_targets_its_page_here()
    {
        var client = app.CreateClient();
        List<(int Id, string? Url)> seeded = [];
        await app.WithDbAsync(async db => seeded = [.. (await db.Sources.Where(s => s.Outlet != "Test Outlet").Select(s => new { s.Id, s.Url }).ToListAsync()).Select(s => (s.Id, s.Url))]);
        Assert.Equal(5, seeded.Count);

        foreach (var (id, url) in seeded)
        {
            var (links, sources) = await PublicLinksAsync(x => x.Excerpt.SourceId == id, byTimeline: false);
            var root = await CollectionAsync(client, $"/api/sources/{id}/annotations");

            AssertCollection(root, $"/api/sources/{id}/annotations", links, sources);
            var target = root.GetProperty("first").GetProperty("items")[0].GetProperty("target").GetProperty("source").GetProperty("id").GetString();
            Assert.Equal(url ?? $"{Origin}/sources/{id}", target);
            var page = await client.GetStringAsync(new Uri($"/sources/{id}", UriKind.Relative));
            Assert.Contains($"href=\"/api/sources/{id}/annotations\"", page, StringComparison.Ordinal);
            Assert.Contains("Captured on <time datetime=\"2026-11-25\">25 November 2026</time>", page, StringComparison.Ordinal);
        }

        Assert.Contains(seeded, s => s.Url is null);
        Assert.Contains(seeded, s => s.Url is not null);
    }

    [Fact]
    public async Task Every_annotation_answers_at_its_own_address_with_the_context_it_needs_alone()
    {
        var client = app.CreateClient();
        var root = await CollectionAsync(client, $"/api/timelines/{Slug}/annotations");
        var item = root.GetProperty("first").GetProperty("items")[0];

        using var response = await client.GetAsync(new Uri(item.GetProperty("id").GetString()!, UriKind.Absolute));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var alone = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(AnnoContext, alone.RootElement.GetProperty("@context").GetString());
        Assert.Equal(item.GetProperty("id").GetString(), alone.RootElement.GetProperty("id").GetString());
        Assert.Equal(item.GetProperty("target").GetRawText(), alone.RootElement.GetProperty("target").GetRawText());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri("/api/excerpts/999999/annotations/1", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task A_draft_passage_is_absent_until_published_and_an_edit_or_a_deletion_shows_at_once()
    {
        var client = app.CreateClient();
        await using var scope = app.Services.CreateAsyncScope();
        var sourcesEditor = scope.ServiceProvider.GetRequiredService<SourceEditor>();
        var events = scope.ServiceProvider.GetRequiredService<EventEditor>();
        var timelines = scope.ServiceProvider.GetRequiredService<TimelineEditor>();
        // Characters beyond the Basic Multilingual Plane before the passage: the model counts code points, not UTF-16 units.
        const string Text = "Posted 🇷🇺 by 👷 crews: \"Hundreds of North Koreans were seen at the warehouse\", the ministry said on Monday.";
        var sourceId = (await sourcesEditor.SaveAsync(new SourceInput { Title = "Ministry statement", Outlet = "Test Outlet", Text = Text, CapturedOn = "2025-04-18" }, Editor)).Value!.Id;
        var start = Text.IndexOf("Hundreds", StringComparison.Ordinal);
        var end = Text.IndexOf("\", the", StringComparison.Ordinal);
        var timelineBefore = await CollectionAsync(client, $"/api/timelines/{Slug}/annotations"); // cached: the saves must evict it
        var draft = await events.SaveAsync(new EventInput
        {
            TimelineId = 1, Title = "Ministry confirms the hiring", Slug = $"ministry-{Guid.NewGuid():N}"[..20], Start = "2025-04-14",
            Passage = new(sourceId, start, end, ExcerptRole.Disputes),
        }, Editor);
        Assert.True(draft.Succeeded, draft.Problem);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri($"/api/sources/{sourceId}/annotations", UriKind.Relative))).StatusCode);
        Assert.DoesNotContain("Ministry confirms the hiring", await client.GetStringAsync(new Uri($"/api/timelines/{Slug}/annotations", UriKind.Relative)), StringComparison.Ordinal);

        // The same passage behind a published event of a timeline that is itself a draft: still nobody's to see.
        var hidden = (await timelines.SaveAsync(new TimelineInput { Title = "Unpublished desk", Slug = $"desk-{Guid.NewGuid():N}"[..16] }, Editor)).Value;
        var inDraftTimeline = await events.SaveAsync(new EventInput
        {
            TimelineId = hidden, Title = "Published in a draft timeline", Slug = "in-draft-timeline", Start = "2025-04-14", IsPublished = true,
            Passage = new(sourceId, start, end, ExcerptRole.Supports),
        }, Editor);
        Assert.True(inDraftTimeline.Succeeded, inDraftTimeline.Problem);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri($"/api/sources/{sourceId}/annotations", UriKind.Relative))).StatusCode);
        string hiddenSlug = "";
        await app.WithDbAsync(async db => hiddenSlug = await db.Timelines.Where(t => t.Id == hidden).Select(t => t.Slug).SingleAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri($"/api/timelines/{hiddenSlug}/annotations", UriKind.Relative))).StatusCode);

        var input = (await events.LoadAsync(draft.Value))!.Input;
        input.IsPublished = true;
        Assert.True((await events.SaveAsync(input, Editor)).Succeeded);

        var (links, sources) = await PublicLinksAsync(x => x.Excerpt.SourceId == sourceId, byTimeline: false);
        var ofSource = await CollectionAsync(client, $"/api/sources/{sourceId}/annotations");
        AssertCollection(ofSource, $"/api/sources/{sourceId}/annotations", links, sources);
        var annotation = Assert.Single(ofSource.GetProperty("first").GetProperty("items").EnumerateArray());
        Assert.Equal("questioning", annotation.GetProperty("motivation").GetString());
        Assert.Equal($"{Origin}/sources/{sourceId}", annotation.GetProperty("target").GetProperty("source").GetProperty("id").GetString());
        Assert.Equal(start - 3, Selector(annotation, "TextPositionSelector").GetProperty("start").GetInt32());
        Assert.Equal("2025-04-18T00:00:00Z", annotation.GetProperty("target").GetProperty("state").GetProperty("sourceDate").GetString());
        var ofTimeline = await CollectionAsync(client, $"/api/timelines/{Slug}/annotations");
        Assert.Equal(timelineBefore.GetProperty("total").GetInt32() + 1, ofTimeline.GetProperty("total").GetInt32());
        Assert.Contains(ofTimeline.GetProperty("first").GetProperty("items").EnumerateArray(), a => a.GetProperty("id").GetString() == annotation.GetProperty("id").GetString());

        // A new capture date on the source is in both collections at once.
        var source = (await sourcesEditor.LoadAsync(sourceId))!.Input;
        source.CapturedOn = "2025-04-20";
        Assert.True((await sourcesEditor.SaveAsync(source, Editor)).Succeeded);
        Assert.Contains("\"sourceDate\":\"2025-04-20T00:00:00Z\"", await client.GetStringAsync(new Uri($"/api/sources/{sourceId}/annotations", UriKind.Relative)), StringComparison.Ordinal);
        Assert.Contains("\"sourceDate\":\"2025-04-20T00:00:00Z\"", await client.GetStringAsync(new Uri($"/api/timelines/{Slug}/annotations", UriKind.Relative)), StringComparison.Ordinal);

        Assert.True((await sourcesEditor.DeleteAsync(sourceId, Editor)).Succeeded);

        using var gone = await client.GetAsync(new Uri($"/api/sources/{sourceId}/annotations", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal("application/problem+json", gone.Content.Headers.ContentType?.MediaType);
        Assert.Equal(timelineBefore.GetProperty("total").GetInt32(), (await CollectionAsync(client, $"/api/timelines/{Slug}/annotations")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_published_timeline_with_no_passages_is_an_empty_collection_without_pages()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var slug = $"empty-{Guid.NewGuid():N}"[..16];
        Assert.True((await scope.ServiceProvider.GetRequiredService<TimelineEditor>().SaveAsync(new TimelineInput { Title = "Nothing yet", Slug = slug, IsPublished = true }, Editor)).Succeeded);

        var root = await CollectionAsync(app.CreateClient(), $"/api/timelines/{slug}/annotations");

        Assert.Equal("AnnotationCollection", root.GetProperty("type").GetString());
        Assert.Equal(0, root.GetProperty("total").GetInt32());
        // The model: a page has one or more annotations, and only a collection with some must have a first page.
        Assert.False(root.TryGetProperty("first", out _));
        Assert.False(root.TryGetProperty("last", out _));
    }

    [Fact]
    public async Task An_unknown_timeline_or_source_is_a_404_problem()
    {
        var client = app.CreateClient();
        foreach (var path in new[] { "/api/timelines/no-such-timeline/annotations", "/api/sources/999999/annotations" })
        {
            using var response = await client.GetAsync(new Uri(path, UriKind.Relative));

            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    private static async Task<JsonElement> CollectionAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var type = response.Content.Headers.ContentType;
        Assert.Equal("application/ld+json", type?.MediaType);
        Assert.Contains(type!.Parameters, p => p.Name == "profile" && p.Value == $"\"{AnnoContext}\"");
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    /// <summary>The collection against the model (https://www.w3.org/TR/annotation-model/#annotation-collection) and the database.</summary>
    private static void AssertCollection(JsonElement root, string path, List<StoredLink> links, Dictionary<int, StoredSource> sources)
    {
        Assert.Equal(JsonValueKind.String, root.GetProperty("@context").ValueKind);
        Assert.Equal(AnnoContext, root.GetProperty("@context").GetString());
        Assert.Equal(Origin + path, root.GetProperty("id").GetString());
        Assert.Equal("AnnotationCollection", root.GetProperty("type").GetString());
        Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("label").GetString()));
        Assert.Equal(links.Count, root.GetProperty("total").GetInt32());
        var page = root.GetProperty("first");
        Assert.False(page.TryGetProperty("@context", out _));
        Assert.StartsWith(Origin + path, page.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal("AnnotationPage", page.GetProperty("type").GetString());
        Assert.Equal(0, page.GetProperty("startIndex").GetInt32());
        Assert.Equal(page.GetProperty("id").GetString(), root.GetProperty("last").GetString());
        var items = page.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(links.Count, items.Count);
        Assert.Equal(items.Count, items.Select(i => i.GetProperty("id").GetString()).Distinct().Count());
        for (var i = 0; i < items.Count; i++)
        {
            AssertAnnotation(items[i], links[i], sources[links[i].SourceId]);
        }
    }

    /// <summary>One annotation against the model (https://www.w3.org/TR/annotation-model/#annotations) and the stored passage and source.</summary>
    private static void AssertAnnotation(JsonElement item, StoredLink link, StoredSource source)
    {
        Assert.False(item.TryGetProperty("@context", out _));
        Assert.Equal(string.Create(CultureInfo.InvariantCulture, $"{Origin}/api/excerpts/{link.ExcerptId}/annotations/{link.EventId}"), item.GetProperty("id").GetString());
        Assert.Equal("Annotation", item.GetProperty("type").GetString());
        var motivation = link.Role switch { ExcerptRole.Supports => "assessing", ExcerptRole.Disputes => "questioning", _ => "linking" };
        Assert.Equal(motivation, item.GetProperty("motivation").GetString());
        var created = item.GetProperty("created").GetString()!;
        Assert.EndsWith("Z", created, StringComparison.Ordinal);
        Assert.True(DateTimeOffset.TryParseExact(created, "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _), created);

        var bodies = item.GetProperty("body").EnumerateArray().ToList();
        var eventBody = Assert.Single(bodies, b => b.GetProperty("type").GetString() == "SpecificResource");
        Assert.Equal(motivation, eventBody.GetProperty("purpose").GetString());
        Assert.Equal($"{Origin}/t/{link.TimelineSlug}/e/{link.EventSlug}", eventBody.GetProperty("source").GetProperty("id").GetString());
        Assert.Equal(link.EventTitle, eventBody.GetProperty("source").GetProperty("label").GetString());
        var words = Assert.Single(bodies, b => b.GetProperty("type").GetString() == "TextualBody");
        Assert.StartsWith(link.Role switch { ExcerptRole.Supports => "Supports “", ExcerptRole.Disputes => "Disputes “", _ => "Gives context for “" } + link.EventTitle,
            words.GetProperty("value").GetString(), StringComparison.Ordinal);

        var target = item.GetProperty("target");
        Assert.Equal("SpecificResource", target.GetProperty("type").GetString());
        Assert.Equal(source.Url ?? string.Create(CultureInfo.InvariantCulture, $"{Origin}/sources/{source.Id}"), target.GetProperty("source").GetProperty("id").GetString());
        Assert.Equal(2, target.GetProperty("selector").GetArrayLength());

        // Positions count code points of the stored text; the quote is that text between them, the prefix and suffix its neighbours.
        var quote = Selector(item, "TextQuoteSelector");
        var position = Selector(item, "TextPositionSelector");
        var runes = source.Text.EnumerateRunes().Select(r => r.ToString()).ToList();
        var (start, end) = (position.GetProperty("start").GetInt32(), position.GetProperty("end").GetInt32());
        Assert.Equal(link.Exact, quote.GetProperty("exact").GetString());
        Assert.Equal(link.Prefix, quote.GetProperty("prefix").GetString());
        Assert.Equal(link.Suffix, quote.GetProperty("suffix").GetString());
        Assert.Equal(link.Exact, string.Concat(runes.Skip(start).Take(end - start)));
        Assert.EndsWith(link.Prefix, string.Concat(runes.Take(start)), StringComparison.Ordinal);
        Assert.StartsWith(link.Suffix, string.Concat(runes.Skip(end)), StringComparison.Ordinal);

        var state = target.GetProperty("state");
        Assert.Equal("TimeState", state.GetProperty("type").GetString());
        Assert.Equal(string.Create(CultureInfo.InvariantCulture, $"{Origin}/sources/{source.Id}"), state.GetProperty("cached").GetString());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(source.Text))), state.GetProperty("schema:sha256").GetString());
        if (source.CapturedOn is { } captured)
        {
            Assert.Equal(captured.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T00:00:00Z", state.GetProperty("sourceDate").GetString());
        }
        else
        {
            Assert.False(state.TryGetProperty("sourceDate", out _));
        }
    }

    private static JsonElement Selector(JsonElement annotation, string type) =>
        Assert.Single(annotation.GetProperty("target").GetProperty("selector").EnumerateArray(), s => s.GetProperty("type").GetString() == type);

    /// <summary>
    /// The passages readers may see, from the database: published events of published timelines (the query filters leave
    /// out deleted ones), passages still found in their text; in the order of the timeline or of the source's text.
    /// </summary>
    private async Task<(List<StoredLink> Links, Dictionary<int, StoredSource> Sources)> PublicLinksAsync(Expression<Func<EventExcerpt, bool>> filter, bool byTimeline)
    {
        List<StoredLink> links = [];
        Dictionary<int, StoredSource> sources = [];
        await app.WithDbAsync(async db =>
        {
            var query = db.EventExcerpts.Where(filter).Where(x => x.Event.IsPublished && x.Event.Timeline.IsPublished && x.Excerpt.Anchor != AnchorStatus.Broken);
            var ordered = byTimeline
                ? query.OrderBy(x => x.Event.SortKey).ThenBy(x => x.EventId).ThenBy(x => x.Position)
                : query.OrderBy(x => x.Excerpt.Start).ThenBy(x => x.Event.SortKey).ThenBy(x => x.EventId);
            links = await ordered.Select(x => new StoredLink(
                x.ExcerptId, x.EventId, x.Role, x.Excerpt.SourceId, x.Excerpt.Exact, x.Excerpt.Prefix, x.Excerpt.Suffix,
                x.Event.Timeline.Slug, x.Event.Slug, x.Event.Title)).ToListAsync();
            var ids = links.Select(l => l.SourceId).Distinct().ToList();
            sources = await db.Sources.Where(s => ids.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => new StoredSource(s.Id, s.Text, s.Url, s.CapturedOn));
        });
        return (links, sources);
    }

    private sealed record StoredLink(
        int ExcerptId, int EventId, ExcerptRole Role, int SourceId, string Exact, string Prefix, string Suffix, string TimelineSlug, string EventSlug, string EventTitle);

    private sealed record StoredSource(int Id, string Text, string? Url, DateOnly? CapturedOn);
}
