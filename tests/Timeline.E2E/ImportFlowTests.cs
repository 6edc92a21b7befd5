using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Timeline.Web.Data;

namespace Timeline.E2E;

/// <summary>
/// An editor imports a spreadsheet in real Chromium: the preview shows what the file will make before anything is
/// saved, the title typed in the form is the one used, the import lands as a draft with its passage attached, and a
/// file in another encoding is refused on the page with nothing written.
/// </summary>
[Collection(AppGroup.Name)]
public sealed class ImportFlowTests(AppFixture app)
{
    [Fact]
    public async Task A_sheet_is_previewed_then_imported_as_a_draft_with_its_passage_and_a_garbled_one_is_refused()
    {
        var sourceId = await app.Arrange.SourceCopyAsync("The Moscow Times");
        var text = await SourceTextAsync(sourceId);
        var quote = text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).First(l => l.Length is > 60 and < 400);
        var title = $"Imported sheet {Guid.NewGuid():N}"[..26];
        var csv = "Year,Month,Day,Headline,Text,Source URL,Quote\r\n" +
            $"2025,4,15,Videos from a warehouse,Shown on <b>Russian</b> media.,{new Uri(app.BaseAddress, $"/sources/{sourceId}")},\"{quote.Replace("\"", "\"\"", StringComparison.Ordinal)}\"\r\n" +
            "2024,6,,A remark in June,,,\r\n";
        await using var session = await EditorJourneyTests.SignedInAsync(app, await app.Arrange.EditorAsync());
        var page = session.Page;
        await page.GotoAsync("/edit/timelines");
        await page.GetByRole(AriaRole.Link, new() { Name = "Import TimelineJS or CSV" }).ClickAsync();
        await page.WaitForURLAsync("**/edit/import");
        await page.WaitForFunctionAsync("() => document.getElementById('import-file')?._blazorInputFileNextFileId !== undefined");

        // A file in Windows-1252 ("Café"): refused on the page, no button to import it, nothing written.
        var timelines = await CountTimelinesAsync();
        await page.Locator("#import-file").SetInputFilesAsync(new FilePayload
        {
            Name = "garbled.csv",
            MimeType = "text/csv",
            Buffer = [.. Encoding.ASCII.GetBytes("Year,Headline\r\n2020,Caf"), 0xE9, .. Encoding.ASCII.GetBytes("\r\n")],
        });
        await Assertions.Expect(page.GetByTestId("import-problems")).ToContainTextAsync("line 2: the file is not UTF-8 text");
        await Assertions.Expect(page.GetByTestId("import-commit")).ToHaveCountAsync(0);
        Assert.Equal(timelines, await CountTimelinesAsync());

        await page.Locator("#import-file").SetInputFilesAsync(new FilePayload { Name = "story.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv) });
        var preview = page.GetByTestId("import-preview");
        await Assertions.Expect(preview.GetByTestId("import-summary")).ToContainTextAsync("with 2 events, 0 eras and 1 passage attached");
        await Assertions.Expect(preview.GetByRole(AriaRole.Row)).ToHaveCountAsync(3);
        await Assertions.Expect(preview.GetByRole(AriaRole.Row).Nth(1)).ToContainTextAsync("15 April 2025");
        Assert.Equal(timelines, await CountTimelinesAsync());

        // The title typed here replaces the file's name, and the preview says so before the import.
        await EditorJourneyTests.TypeAsync(page.GetByLabel("Title (optional: else the file's title slide)"), title);
        await page.GetByLabel("Title (optional: else the file's title slide)").BlurAsync();
        await Assertions.Expect(preview.GetByTestId("import-summary")).ToContainTextAsync($"“{title}”");
        await page.GetByTestId("import-commit").ClickAsync();

        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex(@"/edit/timelines/\d+$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = title, Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Videos from a warehouse" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "A remark in June" })).ToBeVisibleAsync();

        await using var scope = app.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<TimelineDbContext>>().CreateDbContextAsync();
        var imported = await db.Timelines.Include(t => t.Events).ThenInclude(e => e.Excerpts).ThenInclude(l => l.Excerpt).SingleAsync(t => t.Title == title);
        Assert.False(imported.IsPublished);
        var videos = imported.Events.Single(e => e.Title == "Videos from a warehouse");
        Assert.Equal("Shown on **Russian** media.", videos.Summary);
        var passage = Assert.Single(videos.Excerpts).Excerpt;
        Assert.Equal((sourceId, quote), (passage.SourceId, passage.Exact));
    }

    private async Task<string> SourceTextAsync(int id)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<TimelineDbContext>>().CreateDbContextAsync();
        return await db.Sources.Where(s => s.Id == id).Select(s => s.Text).SingleAsync();
    }

    private async Task<int> CountTimelinesAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<TimelineDbContext>>().CreateDbContextAsync();
        return await db.Timelines.IgnoreQueryFilters().CountAsync();
    }
}
