using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Options;
using Timeline.Web.Tests.Infrastructure;

namespace Timeline.Web.Tests.Embed;

/// <summary>
/// With the public origin configured, a Host header sent by anyone never reaches the absolute URLs of public,
/// cacheable answers: og:url, the oEmbed discovery link and the oEmbed frame.
/// </summary>
public sealed class PublicOriginTests : IDisposable
{
    private const string Seeded = "north-korean-workers-in-russia";
    private readonly TimelineAppFactory app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task A_forged_Host_header_is_not_reflected_into_a_reader_page_or_an_oembed_answer()
    {
        using var site = app.WithWebHostBuilder(b => b.UseSetting("Site:PublicOrigin", "https://timeline.example"));
        var client = site.CreateClient();
        client.DefaultRequestHeaders.Host = "evil.example";

        var page = await client.GetStringAsync(new Uri($"/t/{Seeded}", UriKind.Relative));
        Assert.Contains($"<meta property=\"og:url\" content=\"https://timeline.example/t/{Seeded}\" />", page, StringComparison.Ordinal);
        Assert.Contains("href=\"https://timeline.example/oembed?url=https%3A%2F%2Ftimeline.example%2Ft%2F", page, StringComparison.Ordinal);
        Assert.DoesNotContain("evil.example", page, StringComparison.Ordinal);

        var forged = await client.GetAsync(new Uri($"/oembed?url={Uri.EscapeDataString($"https://evil.example/t/{Seeded}")}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, forged.StatusCode);

        var real = await client.GetStringAsync(new Uri($"/oembed?url={Uri.EscapeDataString($"http://timeline.example/t/{Seeded}")}", UriKind.Relative));
        Assert.Contains($"src=\\\"https://timeline.example/embed/t/{Seeded}", real, StringComparison.Ordinal);
        Assert.DoesNotContain("evil.example", real, StringComparison.Ordinal);

        // Unconfigured (as for dotnet run on one machine), the request's own origin is used: the header does reach the app.
        var unconfigured = app.CreateClient();
        unconfigured.DefaultRequestHeaders.Host = "evil.example";
        Assert.Contains("content=\"http://evil.example/t/", await unconfigured.GetStringAsync(new Uri($"/t/{Seeded}?v=1", UriKind.Relative)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("timeline.example")]
    [InlineData("https://timeline.example/path")]
    [InlineData("ftp://timeline.example")]
    public void A_public_origin_that_is_not_one_stops_the_app_at_start_with_a_message(string value)
    {
        using var site = app.WithWebHostBuilder(b => b.UseSetting("Site:PublicOrigin", value));

        var error = Assert.ThrowsAny<OptionsValidationException>(() => site.CreateClient());

        Assert.Contains("Site:PublicOrigin", error.Message, StringComparison.Ordinal);
    }
}
