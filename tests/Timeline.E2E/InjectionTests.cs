using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Timeline.Web.Data;
using Timeline.Web.Features.Editing;

namespace Timeline.E2E;

/// <summary>
/// A timeline about forced labour is a target for scripts injected into the pages that show or embed it. A corpus of
/// script payloads is placed at once in every field an editor writes (timeline, eras, events, tags, actors, sources,
/// their text and passages, dispute notes, media texts) and in the query parameters readers send; then every kind of
/// reader, embed and editor page is opened in both themes, and no payload may run, while the text reads as typed.
/// </summary>
[Collection(AppGroup.Name)]
public sealed class InjectionTests(AppFixture app)
{
    private static readonly EditorIdentity Attacker = new(null, "injection test");

    /// <summary>Shapes of script injection; each payload sets <c>window.__xss</c> to its own number if it ever runs.</summary>
    private static readonly string[] Shapes =
    [
        "<script>window.__xss={0}</script>",
        "<img src=x onerror=\"window.__xss={0}\">",
        "\"><svg onload=window.__xss={0}>",
        "'><iframe srcdoc=\"<script>parent.__xss={0}</script>\">",
        "javascript:window.__xss={0}",
        "</title><script>window.__xss={0}</script>",
        "</textarea><script>window.__xss={0}</script>",
        "<a href=\"javascript:window.__xss={0}\">link</a>",
        "[a link](javascript:window.__xss={0})",
        "![an image](x\" onerror=\"window.__xss={0})",
        "<details open ontoggle=window.__xss={0}>",
        "<style>@import 'javascript:window.__xss={0}'</style>",
        "\u2028<script>window.__xss={0}</script>",
        "<math><mi xlink:href=\"javascript:window.__xss={0}\">m</mi></math>",
    ];

    /// <summary>Sixty payloads, numbered from 1.</summary>
    private static readonly string[] Payloads = [.. Enumerable.Range(1, 60).Select(i => string.Format(System.Globalization.CultureInfo.InvariantCulture, Shapes[i % Shapes.Length], i))];

    [Fact]
    public async Task No_payload_placed_in_any_field_or_query_runs_on_any_page_and_the_text_reads_as_typed()
    {
        var (timeline, eventIds, eventSlugs, sourceId) = await PlantAsync();
        var query = Uri.EscapeDataString(Payloads[4]);
        string[] readerPaths =
        [
            $"/t/{timeline.Slug}",
            $"/t/{timeline.Slug}?order=newest&lanes=tag&tag={query}&from={query}",
            $"/t/{timeline.Slug}/e/{eventSlugs[0]}",
            $"/t/{timeline.Slug}/disagreements",
            $"/sources/{sourceId}",
            $"/search?q={Uri.EscapeDataString(Payloads[1])}",
            $"/search?q=payload&t={timeline.Slug}",
            $"/embed/t/{timeline.Slug}?tag={query}",
            $"/embed/t/{timeline.Slug}?view=story",
            $"/embed/t/{timeline.Slug}/e/{eventSlugs[1]}",
        ];
        string[] editorPaths =
        [
            $"/edit/events/{eventIds[0]}",
            $"/edit/events/{eventIds[0]}/preview",
            $"/edit/sources/{sourceId}",
            $"/edit/timelines/{timeline.Id}",
        ];
        var problems = new List<string>();
        foreach (var scheme in new[] { ColorScheme.Light, ColorScheme.Dark })
        {
            await using (var reader = await app.OpenAsync(scheme: scheme))
            {
                foreach (var path in readerPaths)
                {
                    await VisitAsync(reader.Page, path, ready: null, problems);
                }
            }

            await using var editor = await EditorJourneyTests.SignedInAsync(app, await app.Arrange.EditorAsync());
            foreach (var path in editorPaths)
            {
                await VisitAsync(editor.Page, path, ready: path.EndsWith("/preview", StringComparison.Ordinal) ? null : "h1", problems);
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));

        // The text reads as typed: an event's title, a passage and a note stand on the page as the characters written.
        // This also catches markup rendered raw that the Content-Security-Policy then kept from running (tried: with the
        // event title rendered as markup, no payload ran, and this check failed).
        await using var check = await app.OpenAsync();
        await check.Page.GotoAsync($"/t/{timeline.Slug}/e/{eventSlugs[0]}");
        await Assertions.Expect(check.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(EventTitle(0));
        await Assertions.Expect(check.Page.Locator(".dispute-note__text").First).ToHaveTextAsync(Payloads[7]);
        await Assertions.Expect(check.Page.Locator("figure.excerpt blockquote").First).ToContainTextAsync("window.__xss=");
    }

    private static string EventTitle(int i) => $"Payload event {i} {Payloads[i]}";

    private static async Task VisitAsync(IPage page, string path, string? ready, List<string> problems)
    {
        var dialogs = 0;
        void OnDialog(object? sender, IDialog dialog)
        {
            dialogs++;
            _ = dialog.DismissAsync();
        }

        page.Dialog += OnDialog;
        var response = await page.GotoAsync(path, new() { WaitUntil = WaitUntilState.Load });
        if (ready is not null)
        {
            await page.Locator(ready).First.WaitForAsync();
        }

        var ran = await page.EvaluateAsync<int?>("() => window.__xss ?? null");
        page.Dialog -= OnDialog;
        if (response is null || response.Status >= 400)
        {
            problems.Add($"{path}: answered {response?.Status}");
        }

        if (ran is not null || dialogs > 0)
        {
            problems.Add($"{path}: payload {ran} ran ({dialogs} dialogs)");
        }
    }

    /// <summary>Writes the corpus through the editor's own services, as an editor would type it.</summary>
    private async Task<(OwnedTimeline Timeline, int[] EventIds, string[] EventSlugs, int SourceId)> PlantAsync()
    {
        var slug = $"e2e-{Guid.NewGuid():N}"[..16];
        var timelineId = await app.Arrange.UseAsync<TimelineEditor, int>(t => t.SaveAsync(new TimelineInput
        {
            Title = $"Injection {Payloads[0]}",
            Slug = slug,
            Description = string.Join("\n\n", Payloads.Take(20)),
            IsPublished = true,
        }, Attacker));
        await app.Arrange.UseAsync<TimelineEditor, int>(t => t.SaveErasAsync(timelineId, [new EraInput { Name = Payloads[2][..Math.Min(80, Payloads[2].Length)], Start = "2020", End = "2021" }], Attacker));

        var text = "A source about payloads.\n" + string.Join("\n", Payloads) + "\nThe end.";
        var sourceId = (await app.Arrange.UseAsync<SourceEditor, SourceSaved>(s => s.SaveAsync(new SourceInput
        {
            Title = $"Source {Payloads[3]}",
            Outlet = $"Outlet {Payloads[5]}"[..Math.Min(Limits.Name, $"Outlet {Payloads[5]}".Length)],
            Author = Payloads[6][..Math.Min(Limits.Name, Payloads[6].Length)],
            Provenance = Payloads[8],
            Url = "https://example.org/article",
            Text = text,
        }, Attacker))).Id;

        var ids = new int[3];
        var slugs = new string[3];
        for (var i = 0; i < ids.Length; i++)
        {
            var eventSlug = $"payload-{i}";
            slugs[i] = eventSlug;
            ids[i] = await app.Arrange.UseAsync<EventEditor, int>(e => e.SaveAsync(new EventInput
            {
                TimelineId = timelineId,
                Title = EventTitle(i),
                Slug = eventSlug,
                Summary = string.Join("\n\n", Payloads.Skip(20 + (i * 10)).Take(10)),
                Start = $"2020-0{i + 1}",
                Tags = [$"tag {Payloads[9 + i]}"[..Math.Min(Limits.Name, $"tag {Payloads[9 + i]}".Length)]],
                Actors = [$"actor {Payloads[12 + i]}"[..Math.Min(Limits.Name, $"actor {Payloads[12 + i]}".Length)]],
                IsPublished = true,
            }, Attacker));
            var quote = Payloads[i * 3];
            var at = text.IndexOf(quote, StringComparison.Ordinal);
            await app.Arrange.UseAsync<EventEditor, int>(e => e.AttachAsync(ids[i], sourceId, at, at + quote.Length, ExcerptRole.Supports, Attacker));
            var disputed = Payloads[(i * 3) + 1];
            var dat = text.IndexOf(disputed, StringComparison.Ordinal);
            var disputing = await app.Arrange.UseAsync<EventEditor, int>(e => e.AttachAsync(ids[i], sourceId, dat, dat + disputed.Length, ExcerptRole.Disputes, Attacker));
            await app.Arrange.UseAsync<EventEditor, int>(e => e.SetDisputeAsync(ids[i], disputing, Difference.Wording, Payloads[7], Attacker));
            await app.Arrange.UseAsync<EventEditor, int>(e => e.SetMediaAsync(ids[i], new MediaInput
            {
                IsLink = true,
                Url = $"https://example.org/video?q={Uri.EscapeDataString(Payloads[i])}",
                Caption = Payloads[15 + i],
                Credit = Payloads[18 + i],
            }, null, Attacker));
        }

        return (new OwnedTimeline(timelineId, slug), ids, slugs, sourceId);
    }
}
