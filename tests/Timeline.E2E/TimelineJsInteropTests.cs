using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace Timeline.E2E;

/// <summary>
/// Our TimelineJS export opens in Knight Lab's TimelineJS3 itself (installed from npm by tests/run): a page on another
/// site loads TimelineJS and the exported file, and TimelineJS draws a slide for the title and every event, a marker
/// for every event and a band for every era, without a script error.
/// </summary>
[Collection(AppGroup.Name)]
public sealed class TimelineJsInteropTests(AppFixture app)
{
    private const string Slug = "north-korean-workers-in-russia";

    [Fact]
    public async Task The_timelinejs_export_opens_in_timelinejs_with_every_event_and_era()
    {
        using var http = new HttpClient { BaseAddress = app.BaseAddress };
        var json = await http.GetStringAsync(new Uri($"/api/timelines/{Slug}/timelinejs", UriKind.Relative));
        using var export = JsonDocument.Parse(json);
        var headlines = export.RootElement.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("text").GetProperty("headline").GetString()!).ToList();
        var eras = export.RootElement.GetProperty("eras").GetArrayLength();
        await using var site = await TimelineJsSite.StartAsync(json);
        await using var session = await app.OpenAsync(1280, 800);
        var page = session.Page;
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);

        await page.GotoAsync(site.PageUrl);

        await Assertions.Expect(page.Locator(".tl-timeline")).ToBeVisibleAsync();
        // One slide for the title and one per event; one marker per event on the time navigation; one band per era.
        await Assertions.Expect(page.Locator(".tl-slide")).ToHaveCountAsync(headlines.Count + 1);
        await Assertions.Expect(page.Locator(".tl-timemarker")).ToHaveCountAsync(headlines.Count);
        await Assertions.Expect(page.Locator(".tl-timeera")).ToHaveCountAsync(eras);
        await Assertions.Expect(page.Locator(".tl-slide-titleslide .tl-headline")).ToHaveTextAsync("North Korean workers in Russia");
        var shown = await page.Locator(".tl-slide .tl-headline").AllTextContentsAsync();
        Assert.All(headlines, h => Assert.Contains(h, shown));

        // A reader moves on from the title: TimelineJS makes an event's marker the current one, and its slides carry the
        // passages quoted under the summary.
        await page.Locator(".tl-slidenav-next").First.ClickAsync();
        var active = page.Locator(".tl-timemarker.tl-timemarker-active .tl-headline");
        await Assertions.Expect(active).ToHaveCountAsync(1);
        Assert.Contains(await active.TextContentAsync(), headlines);
        Assert.True(await page.Locator(".tl-slide blockquote").CountAsync() >= headlines.Count / 2);
        Assert.Empty(errors);
    }

    /// <summary>A page on another origin that loads TimelineJS3 from its npm package and draws the exported file.</summary>
    private sealed class TimelineJsSite : IAsyncDisposable
    {
        private readonly WebApplication web;

        private TimelineJsSite(WebApplication web, string origin)
        {
            this.web = web;
            PageUrl = $"{origin}/timeline";
        }

        public string PageUrl { get; }

        public static async Task<TimelineJsSite> StartAsync(string exportJson)
        {
            var dist = FindDist();
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var web = builder.Build();
            web.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(dist), RequestPath = "/tl" });
            web.MapGet("/timeline", () => Results.Content(
                $$"""
                <!DOCTYPE html>
                <html lang="en">
                <head><meta charset="utf-8"><title>TimelineJS</title><link rel="stylesheet" href="/tl/css/timeline.css"></head>
                <body>
                <div id="timeline-embed" style="width: 100%; height: 600px"></div>
                <script src="/tl/js/timeline.js"></script>
                <script>window.timeline = new TL.Timeline('timeline-embed', {{exportJson}});</script>
                </body>
                </html>
                """,
                "text/html"));
            await web.StartAsync();
            var address = web.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new TimelineJsSite(web, address.TrimEnd('/'));
        }

        public async ValueTask DisposeAsync() => await web.DisposeAsync();

        /// <summary>The TimelineJS3 package's dist folder, installed by tests/run with npm ci.</summary>
        private static string FindDist()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var dist = Path.Combine(dir.FullName, "tests", "Timeline.E2E", "timelinejs", "node_modules", "@knight-lab", "timelinejs", "dist");
                if (Directory.Exists(dist))
                {
                    return dist;
                }
            }

            throw new InvalidOperationException("TimelineJS3 is not installed: run `npm ci --prefix tests/Timeline.E2E/timelinejs` (tests/run does).");
        }
    }
}
