using System.Net;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Timeline.Web.Infrastructure;
using Timeline.Web.Tests.Infrastructure;

namespace Timeline.Web.Tests.Embed;

/// <summary>
/// Embeds and API responses are cheap to serve again: a short public lifetime, an ETag and 304, and the output cache
/// until an editor's save evicts the timeline. Tests that change data start an app of their own.
/// </summary>
public sealed class EmbedCachingTests(TimelineAppFactory app) : IClassFixture<TimelineAppFactory>
{
    private const string Slug = "north-korean-workers-in-russia";
    private const string EmbedPath = $"/embed/t/{Slug}";

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string path, EntityTagHeaderValue? ifNoneMatch = null, string? acceptEncoding = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        if (ifNoneMatch is not null)
        {
            request.Headers.IfNoneMatch.Add(ifNoneMatch);
        }

        if (acceptEncoding is not null)
        {
            request.Headers.AcceptEncoding.ParseAdd(acceptEncoding);
        }

        return await client.SendAsync(request);
    }

    private static Task EvictAsync(TimelineAppFactory factory) =>
        factory.Services.GetRequiredService<ReaderCache>().EvictTimelineAsync(Slug);

    [Theory]
    [InlineData(EmbedPath)]
    [InlineData($"{EmbedPath}/e/un-resolution-2375")]
    [InlineData("/api/timelines")]
    [InlineData($"/api/timelines/{Slug}")]
    public async Task Embed_and_api_responses_carry_a_short_public_lifetime_and_a_weak_etag(string path)
    {
        var response = await GetAsync(app.CreateClient(), path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.Public);
        Assert.Equal(TimeSpan.FromSeconds(60), response.Headers.CacheControl?.MaxAge);
        Assert.NotNull(response.Headers.ETag);
        Assert.True(response.Headers.ETag.IsWeak);
    }

    [Theory]
    [InlineData(EmbedPath)]
    [InlineData($"/api/timelines/{Slug}")]
    public async Task A_matching_if_none_match_gets_304_without_a_body_from_the_cache_or_from_the_endpoint(string path)
    {
        var client = app.CreateClient();
        var etag = (await GetAsync(client, path)).Headers.ETag!;

        // The same request again is answered by the output cache; another encoding is a cache miss answered by the endpoint.
        var fromCache = await GetAsync(client, path, etag);
        var fromEndpoint = await GetAsync(client, path, etag, acceptEncoding: "gzip");

        foreach (var response in new[] { fromCache, fromEndpoint })
        {
            Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
            Assert.Empty(await response.Content.ReadAsByteArrayAsync());
            Assert.Equal(etag, response.Headers.ETag);
        }
    }

    [Theory]
    [InlineData(EmbedPath)]
    [InlineData("/embed.js")]
    public async Task Head_answers_like_get_without_the_body(string path)
    {
        var client = app.CreateClient();
        using var head = new HttpRequestMessage(HttpMethod.Head, new Uri(path, UriKind.Relative));

        var response = await client.SendAsync(head);
        var get = await GetAsync(client, path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(get.Headers.ETag, response.Headers.ETag);
        Assert.Equal(get.Content.Headers.ContentType, response.Content.Headers.ContentType);
    }

    [Fact]
    public async Task An_etag_that_does_not_match_gets_the_full_response()
    {
        var response = await GetAsync(app.CreateClient(), EmbedPath, new EntityTagHeaderValue("\"something-else\"", isWeak: true));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEmpty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task The_loaders_frame_id_does_not_change_the_page_so_every_frame_shares_one_cached_copy()
    {
        var client = app.CreateClient();
        var first = await GetAsync(client, $"{EmbedPath}?tag=labour&frame=timeline-embed-1");
        var second = await GetAsync(client, $"{EmbedPath}?tag=labour&frame=timeline-embed-2");

        Assert.Equal(first.Headers.ETag, second.Headers.ETag);
        Assert.NotNull(second.Headers.Age);
    }

    [Fact]
    public async Task Requests_with_credentials_are_served_from_the_shared_cache_since_an_embed_never_varies_by_who_asks()
    {
        // An Authorization header or a cookie used to skip the cache, so anyone could force a render per request.
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "token");
        client.DefaultRequestHeaders.Add("Cookie", "session=anything");

        await GetAsync(client, $"{EmbedPath}?compact&theme=dark");
        var again = await GetAsync(client, $"{EmbedPath}?compact&theme=dark");

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.NotNull(again.Headers.Age);
    }

    [Fact]
    public async Task A_cached_embed_is_served_until_the_editor_save_evicts_its_timeline()
    {
        await using var fresh = new TimelineAppFactory();
        var client = fresh.CreateClient();
        var before = await (await GetAsync(client, EmbedPath)).Content.ReadAsStringAsync();
        Assert.Contains("UN Security Council adopts Resolution 2375", before, StringComparison.Ordinal);

        await fresh.WithDbAsync(async db =>
        {
            var e = await db.Events.SingleAsync(e => e.Slug == "un-resolution-2375");
            e.Title = "Resolution 2375 bans new work permits";
            await db.SaveChangesAsync();
        });
        var cached = await GetAsync(client, EmbedPath);
        await EvictAsync(fresh);
        var evicted = await GetAsync(client, EmbedPath);

        Assert.NotNull(cached.Headers.Age);
        Assert.DoesNotContain("Resolution 2375 bans new work permits", await cached.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("Resolution 2375 bans new work permits", await evicted.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.NotEqual(cached.Headers.ETag, evicted.Headers.ETag);
    }

    [Fact]
    public async Task An_unpublished_event_is_not_embeddable_once_its_timeline_is_evicted()
    {
        await using var fresh = new TimelineAppFactory();
        var client = fresh.CreateClient();
        await GetAsync(client, EmbedPath);
        await fresh.WithDbAsync(async db =>
        {
            (await db.Events.SingleAsync(e => e.Slug == "un-resolution-2375")).IsPublished = false;
            await db.SaveChangesAsync();
        });
        await EvictAsync(fresh);

        var timeline = await (await GetAsync(client, EmbedPath)).Content.ReadAsStringAsync();
        var single = await GetAsync(client, $"{EmbedPath}/e/un-resolution-2375");
        var oembed = await GetAsync(client, $"/oembed?url={Uri.EscapeDataString($"http://localhost/t/{Slug}/e/un-resolution-2375")}");

        Assert.DoesNotContain("e-un-resolution-2375", timeline, StringComparison.Ordinal);
        Assert.DoesNotContain("Resolution 2375", timeline.Split("<main>")[1].Split("</main>")[0].Replace("UN Security Council Resolution 2375", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, single.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, oembed.StatusCode);
    }

    [Fact]
    public async Task An_unpublished_timeline_shows_not_available_in_its_frames_and_has_no_oembed()
    {
        await using var fresh = new TimelineAppFactory();
        var client = fresh.CreateClient();
        await GetAsync(client, EmbedPath);
        await fresh.WithDbAsync(async db =>
        {
            (await db.Timelines.SingleAsync(t => t.Slug == Slug)).IsPublished = false;
            await db.SaveChangesAsync();
        });
        await EvictAsync(fresh);

        var embed = await GetAsync(client, EmbedPath);
        var single = await GetAsync(client, $"{EmbedPath}/e/un-resolution-2375");
        var oembed = await GetAsync(client, $"/oembed?url={Uri.EscapeDataString($"http://localhost/t/{Slug}")}");
        var api = await GetAsync(client, $"/api/timelines/{Slug}");

        Assert.Equal(HttpStatusCode.NotFound, embed.StatusCode);
        Assert.Contains("This timeline is not available", await embed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, single.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, oembed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
    }
}
