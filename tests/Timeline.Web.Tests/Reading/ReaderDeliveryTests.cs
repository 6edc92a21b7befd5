using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Timeline.Web.Infrastructure;
using Timeline.Web.Tests.Infrastructure;

namespace Timeline.Web.Tests.Reading;

/// <summary>
/// Reader pages are delivered like the embed: plain documents with the site stylesheet and the reader script only,
/// compressed, with an ETag, answered for HEAD, and served from the output cache whoever asks.
/// </summary>
public sealed partial class ReaderDeliveryTests(TimelineAppFactory app) : IClassFixture<TimelineAppFactory>
{
    private const string Slug = "north-korean-workers-in-russia";

    public static TheoryData<string> ReaderPages() =>
    [
        "/",
        $"/t/{Slug}",
        $"/t/{Slug}?tag=labour",
        $"/t/{Slug}?from=2017&to=2019&order=newest",
        $"/t/{Slug}/e/un-resolution-2375",
        $"/t/{Slug}/e/un-resolution-2375?order=newest",
        $"/t/{Slug}/disagreements",
        $"/t/{Slug}/corrections",
        "/sources/1",
        "/search?q=student+visas",
    ];

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, Action<HttpRequestHeaders>? headers = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        headers?.Invoke(request.Headers);
        return await client.SendAsync(request);
    }

    [Theory]
    [MemberData(nameof(ReaderPages))]
    public async Task Reader_pages_load_the_site_stylesheet_and_reader_script_and_nothing_of_blazor_or_mudblazor(string path)
    {
        var html = await app.CreateClient().GetStringAsync(new Uri(path, UriKind.Relative));

        Assert.DoesNotContain("blazor.web", html, StringComparison.Ordinal);
        Assert.DoesNotContain("MudBlazor", html, StringComparison.Ordinal);
        Assert.DoesNotContain("mud-", html, StringComparison.Ordinal);
        Assert.Equal(["css/site"], Stylesheet().Matches(html).Select(m => m.Groups[1].Value));
        Assert.Equal(["js/reader"], Script().Matches(html).Select(m => m.Groups[1].Value));
        // The reader CSP allows no inline style: no style attribute and no <style> element on the page.
        Assert.DoesNotMatch(InlineStyle(), html);
    }

    [Fact]
    public async Task The_not_found_page_is_a_plain_document_too()
    {
        var response = await app.CreateClient().GetAsync(new Uri("/t/no-such-timeline", UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("blazor.web", html, StringComparison.Ordinal);
        Assert.DoesNotContain("MudBlazor", html, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(ReaderPages))]
    public async Task Reader_pages_allow_no_inline_style_or_script_and_set_no_cookie(string path)
    {
        var response = await app.CreateClient().GetAsync(new Uri(path, UriKind.Relative));

        var csp = string.Join(' ', response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("style-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task Only_the_editor_keeps_inline_styles_for_mudblazor()
    {
        var response = await app.CreateClient().GetAsync(new Uri("/account/login", UriKind.Relative));
        var csp = string.Join(' ', response.Headers.GetValues("Content-Security-Policy"));
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("br", "br")]
    [InlineData("gzip", "gzip")]
    [InlineData("gzip, deflate, br, zstd", "br")]
    [InlineData("br;q=0, gzip;q=0.8", "gzip")]
    public async Task Reader_html_is_compressed_with_the_best_coding_the_browser_accepts(string acceptEncoding, string expected)
    {
        var response = await SendAsync(app.CreateClient(), HttpMethod.Get, $"/t/{Slug}", h => h.AcceptEncoding.ParseAdd(acceptEncoding));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([expected], response.Content.Headers.ContentEncoding);
    }

    [Fact]
    public async Task Reader_html_is_sent_as_it_is_to_a_client_that_accepts_no_coding()
    {
        var response = await SendAsync(app.CreateClient(), HttpMethod.Get, $"/t/{Slug}", h => h.AcceptEncoding.ParseAdd("identity"));

        Assert.Empty(response.Content.Headers.ContentEncoding);
        Assert.Contains("North Korean workers in Russia", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/")]
    [InlineData($"/t/{Slug}")]
    [InlineData($"/t/{Slug}/e/un-resolution-2375")]
    [InlineData("/sources/1")]
    [InlineData($"/api/timelines/{Slug}")]
    [InlineData("/api/timelines")]
    public async Task Head_is_answered_like_get_without_a_body(string path)
    {
        var client = app.CreateClient();
        var get = await SendAsync(client, HttpMethod.Get, path);
        var head = await SendAsync(client, HttpMethod.Head, path);

        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        Assert.Equal(get.Content.Headers.ContentType, head.Content.Headers.ContentType);
        Assert.Equal(get.Headers.ETag, head.Headers.ETag);
    }

    [Theory]
    [InlineData($"/t/{Slug}")]
    [InlineData("/sources/1")]
    public async Task Reader_pages_carry_a_weak_etag_and_a_matching_if_none_match_gets_304(string path)
    {
        await using var fresh = new TimelineAppFactory();
        var client = fresh.CreateClient();
        var first = await SendAsync(client, HttpMethod.Get, path);
        Assert.Equal(TimeSpan.FromSeconds(60), first.Headers.CacheControl?.MaxAge);
        Assert.True(first.Headers.CacheControl?.Public);
        var etag = first.Headers.ETag!;
        Assert.True(etag.IsWeak);

        var again = await SendAsync(client, HttpMethod.Get, path, h => h.IfNoneMatch.Add(etag));

        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
        Assert.Empty(await again.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Authorization_cookies_and_unusual_encodings_cannot_push_a_request_past_the_cache()
    {
        await using var fresh = new TimelineAppFactory();
        var client = fresh.CreateClient();
        await SendAsync(client, HttpMethod.Get, $"/t/{Slug}", h => h.AcceptEncoding.ParseAdd("br"));

        var withCredentials = await SendAsync(client, HttpMethod.Get, $"/t/{Slug}", h =>
        {
            h.Authorization = new AuthenticationHeaderValue("Bearer", "x");
            h.Add("Cookie", "anything=1");
            h.AcceptEncoding.ParseAdd("gzip, deflate, br, zstd, x-never-seen-before");
            h.Add("X-Forwarded-For", "203.0.113.9");
        });

        Assert.Equal(HttpStatusCode.OK, withCredentials.StatusCode);
        Assert.NotNull(withCredentials.Headers.Age);
        Assert.Equal(["br"], withCredentials.Content.Headers.ContentEncoding);
    }

    [Fact]
    public async Task Unknown_query_parameters_share_the_cached_page_and_known_ones_do_not()
    {
        await using var fresh = new TimelineAppFactory();
        var client = fresh.CreateClient();
        await SendAsync(client, HttpMethod.Get, $"/t/{Slug}");

        var unknown = await SendAsync(client, HttpMethod.Get, $"/t/{Slug}?utm_source=newsletter&cachebuster=81726");
        var filtered = await SendAsync(client, HttpMethod.Get, $"/t/{Slug}?tag=labour");

        Assert.NotNull(unknown.Headers.Age);
        Assert.Null(filtered.Headers.Age);
    }

    [Fact]
    public async Task A_cached_reader_page_is_served_until_a_save_evicts_its_timeline()
    {
        await using var fresh = new TimelineAppFactory();
        var client = fresh.CreateClient();
        Assert.Contains("UN Security Council adopts Resolution 2375", await client.GetStringAsync(new Uri($"/t/{Slug}", UriKind.Relative)), StringComparison.Ordinal);
        await fresh.WithDbAsync(async db =>
        {
            var e = await db.Events.SingleAsync(e => e.Slug == "un-resolution-2375");
            e.Title = "Resolution 2375 bans new work permits";
            await db.SaveChangesAsync();
        });

        var cached = await client.GetStringAsync(new Uri($"/t/{Slug}", UriKind.Relative));
        await fresh.Services.GetRequiredService<ReaderCache>().EvictTimelineAsync(Slug);
        var evicted = await client.GetStringAsync(new Uri($"/t/{Slug}", UriKind.Relative));

        Assert.Contains("UN Security Council adopts Resolution 2375", cached, StringComparison.Ordinal);
        Assert.Contains("Resolution 2375 bans new work permits", evicted, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_editor_is_never_publicly_cacheable()
    {
        var client = app.CreateClient(new() { AllowAutoRedirect = false });
        var response = await client.GetAsync(new Uri("/edit", UriKind.Relative));

        // Anonymous: sent to sign in, and nothing about it is public.
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.NotEqual(true, response.Headers.CacheControl?.Public);
        Assert.Null(response.Headers.Age);
    }

    [GeneratedRegex("<link rel=\"stylesheet\" href=\"/?([a-z/]+?)(?:\\.[a-z0-9]+)?\\.css\"")]
    private static partial Regex Stylesheet();

    [GeneratedRegex("<script src=\"/?([a-z/]+?)(?:\\.[a-z0-9]+)?\\.js\"")]
    private static partial Regex Script();

    [GeneratedRegex("\\sstyle=\"|<style[\\s>]")]
    private static partial Regex InlineStyle();
}
