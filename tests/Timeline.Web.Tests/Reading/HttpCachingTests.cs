using System.Net;
using Timeline.Web.Data;
using Timeline.Web.Tests.Infrastructure;

namespace Timeline.Web.Tests.Reading;

/// <summary>
/// What a CDN or a caching proxy in front is told: public reads are shared-cacheable for the stated lifetime, may be
/// served stale briefly while they are fetched again, vary by the content coding alone and carry an ETag; editor and
/// sign-in responses, redirects included, are never stored, and a signed-in editor reading a public page gets the same
/// shareable response as anyone, with no cookie in it.
/// </summary>
public sealed class HttpCachingTests : IDisposable
{
    private const string Slug = "north-korean-workers-in-russia";
    private readonly TimelineAppFactory app = new();

    public void Dispose() => app.Dispose();

    [Theory]
    [InlineData($"/t/{Slug}")]
    [InlineData($"/t/{Slug}/e/un-resolution-2375")]
    [InlineData($"/embed/t/{Slug}")]
    [InlineData("/api/timelines")]
    [InlineData($"/api/timelines/{Slug}")]
    [InlineData($"/api/timelines/{Slug}/csv")]
    [InlineData($"/t/{Slug}/feed.atom")]
    public async Task Public_reads_are_shared_cacheable_for_the_lifetime_and_may_be_served_stale_while_revalidating(string path)
    {
        using var response = await app.CreateClient().GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var cache = response.Headers.CacheControl!;
        Assert.True(cache.Public);
        Assert.Equal(TimeSpan.FromSeconds(60), cache.MaxAge);
        Assert.Equal(TimeSpan.FromSeconds(60), cache.SharedMaxAge);
        Assert.Contains(cache.Extensions, e => e.Name == "stale-while-revalidate" && e.Value == "30");
        Assert.Contains(cache.Extensions, e => e.Name == "stale-if-error" && e.Value == "86400");
        Assert.NotNull(response.Headers.ETag);
        Assert.Equal(["Accept-Encoding"], response.Headers.Vary);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Theory]
    [InlineData("/edit")]
    [InlineData("/edit/timelines")]
    [InlineData("/edit/import")]
    [InlineData("/account/login")]
    public async Task Editor_and_sign_in_responses_are_never_stored_even_the_redirect_to_sign_in(string path)
    {
        using var response = await app.CreateClient(new() { AllowAutoRedirect = false }).GetAsync(new Uri(path, UriKind.Relative));

        Assert.True(response.Headers.CacheControl?.NoStore, $"{path} answered {(int)response.StatusCode} with Cache-Control: {response.Headers.CacheControl}");
        Assert.False(response.Headers.CacheControl?.Public ?? false);
    }

    [Fact]
    public async Task A_signed_in_editor_gets_editor_pages_unstored_and_reader_pages_as_everyone_does()
    {
        var client = app.CreateClient(new() { AllowAutoRedirect = false });
        await TimelineAppFactory.SignInAsync(client, await app.CreateUserAsync(Roles.Editor), "integration-pass-1");
        using var anonymous = await app.CreateClient().GetAsync(new Uri($"/t/{Slug}", UriKind.Relative));

        using var editor = await client.GetAsync(new Uri("/edit", UriKind.Relative));
        using var reader = await client.GetAsync(new Uri($"/t/{Slug}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, editor.StatusCode);
        Assert.True(editor.Headers.CacheControl?.NoStore);
        Assert.Equal(HttpStatusCode.OK, reader.StatusCode);
        Assert.True(reader.Headers.CacheControl?.Public);
        Assert.False(reader.Headers.Contains("Set-Cookie"));
        Assert.Equal(anonymous.Headers.ETag, reader.Headers.ETag);
    }
}
