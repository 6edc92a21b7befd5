using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Options;
using Timeline.Web.Tests.Infrastructure;

namespace Timeline.Web.Tests.Embed;

/// <summary>Who may frame what: embeds any site (or the configured ones), other pages this site only, the editor no one.</summary>
public sealed class EmbedHeadersTests(TimelineAppFactory app) : IClassFixture<TimelineAppFactory>
{
    private const string Slug = "north-korean-workers-in-russia";

    private static string FrameAncestors(HttpResponseMessage response)
    {
        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        var directive = csp.Split(';', StringSplitOptions.TrimEntries).Single(d => d.StartsWith("frame-ancestors ", StringComparison.Ordinal));
        return directive["frame-ancestors ".Length..];
    }

    [Theory]
    [InlineData($"/embed/t/{Slug}", "*")]
    [InlineData($"/embed/t/{Slug}/e/un-resolution-2375", "*")]
    [InlineData("/embed/t/no-such-timeline", "*")]
    [InlineData($"/t/{Slug}", "'self'")]
    [InlineData($"/api/timelines/{Slug}", "'self'")]
    [InlineData("/oembed", "'self'")]
    [InlineData("/", "'self'")]
    [InlineData("/edit", "'none'")]
    [InlineData("/account/login", "'none'")]
    public async Task Each_kind_of_route_says_who_may_frame_it(string path, string frameAncestors)
    {
        var client = app.CreateClient(new() { AllowAutoRedirect = false });

        var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(frameAncestors, FrameAncestors(response));
        var xFrameOptions = response.Headers.TryGetValues("X-Frame-Options", out var values) ? values.Single() : null;
        switch (frameAncestors)
        {
            case "'none'":
                Assert.Equal("DENY", xFrameOptions);
                break;
            case "*":
                // The older header has no "any site" value; sent at all, it would block the embed in every article.
                Assert.Null(xFrameOptions);
                break;
        }
    }

    [Fact]
    public async Task Embed_pages_allow_nothing_inline_and_nothing_from_other_hosts()
    {
        var response = await app.CreateClient().GetAsync(new Uri($"/embed/t/{Slug}", UriKind.Relative));
        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));

        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
        Assert.Contains("style-src 'self';", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Configured_frame_ancestors_replace_the_any_site_default()
    {
        using var configured = app.WithWebHostBuilder(b => b
            .UseSetting("Embed:FrameAncestors:0", "https://news.example")
            .UseSetting("Embed:FrameAncestors:1", "https://*.example.org"));

        var embed = await configured.CreateClient().GetAsync(new Uri($"/embed/t/{Slug}", UriKind.Relative));
        var page = await configured.CreateClient().GetAsync(new Uri($"/t/{Slug}", UriKind.Relative));

        Assert.Equal("https://news.example https://*.example.org", FrameAncestors(embed));
        Assert.Equal("'self'", FrameAncestors(page));
    }

    [Theory]
    [InlineData("https://news.example; script-src *")]
    [InlineData("https://news.example https://other.example")]
    [InlineData("javascript:alert(1)//")]
    public void A_frame_ancestor_that_is_not_a_csp_source_stops_the_app_at_start(string source)
    {
        using var misconfigured = app.WithWebHostBuilder(b => b.UseSetting("Embed:FrameAncestors:0", source));

        var error = Assert.ThrowsAny<OptionsValidationException>(() => misconfigured.CreateClient());
        Assert.Contains("Embed:FrameAncestors", error.Message, StringComparison.Ordinal);
    }
}
