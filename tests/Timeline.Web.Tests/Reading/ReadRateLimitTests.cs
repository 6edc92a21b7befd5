using System.Net;
using Microsoft.AspNetCore.Hosting;
using Timeline.Web.Tests.Infrastructure;

namespace Timeline.Web.Tests.Reading;

/// <summary>
/// Renders the output cache does not answer are limited per client address (429 with Retry-After), so varying a
/// query cannot make the server render without end; what the cache answers is never limited.
/// </summary>
public sealed class ReadRateLimitTests : IDisposable
{
    private readonly TimelineAppFactory app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task Uncached_reads_beyond_the_limit_get_429_while_cached_pages_keep_answering()
    {
        using var site = app.WithWebHostBuilder(b => b.UseSetting("RateLimits:ReadsPerMinute", "4"));
        var client = site.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/t/north-korean-workers-in-russia", UriKind.Relative))).StatusCode);
        for (var i = 1; i <= 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri($"/search?q=workers{i}", UriKind.Relative))).StatusCode);
        }

        var limited = await client.GetAsync(new Uri("/api/timelines/north-korean-workers-in-russia?page=01", UriKind.Relative));

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Contains("Too many requests from this address", await limited.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The timeline page was rendered once and is now answered by the cache: never limited.
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/t/north-korean-workers-in-russia", UriKind.Relative))).StatusCode);
        }
    }
}
