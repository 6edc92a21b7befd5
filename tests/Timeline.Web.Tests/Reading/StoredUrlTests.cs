using Microsoft.EntityFrameworkCore;
using Timeline.Web.Tests.Infrastructure;

namespace Timeline.Web.Tests.Reading;

/// <summary>
/// A source URL that reached the database by a path other than the editor (the generator, a restore, an import) is
/// never rendered as a live link: only http and https are, on every page that links to an original article.
/// </summary>
public sealed class StoredUrlTests : IDisposable
{
    private readonly TimelineAppFactory app = new();

    public void Dispose() => app.Dispose();

    [Theory]
    [InlineData("javascript:alert(document.domain)")]
    [InlineData("data:text/html,<script>alert(1)</script>")]
    [InlineData("JaVaScRiPt:alert(1)")]
    [InlineData("vbscript:msgbox(1)")]
    public async Task A_stored_script_url_is_not_a_link_on_any_page(string url)
    {
        int sourceId = 0;
        string eventSlug = "";
        await app.WithDbAsync(async db =>
        {
            var source = await db.Sources.FirstAsync(s => s.Outlet == "The Moscow Times");
            sourceId = source.Id;
            await db.Sources.Where(s => s.Id == sourceId).ExecuteUpdateAsync(s => s.SetProperty(x => x.Url, url));
            eventSlug = await db.EventExcerpts.Where(l => l.Excerpt.SourceId == sourceId).Select(l => l.Event.Slug).FirstAsync();
        });

        foreach (var path in new[] { $"/t/north-korean-workers-in-russia/e/{eventSlug}", "/t/north-korean-workers-in-russia", $"/sources/{sourceId}", $"/embed/t/north-korean-workers-in-russia/e/{eventSlug}" })
        {
            var html = await app.CreateClient().GetStringAsync(new Uri(path, UriKind.Relative));
            Assert.DoesNotContain("=\"" + System.Net.WebUtility.HtmlEncode(url), html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("=\"" + url, html, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("The Moscow Times", html, StringComparison.Ordinal);
        }
    }
}
