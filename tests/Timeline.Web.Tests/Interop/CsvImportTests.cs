using System.Text;
using Microsoft.EntityFrameworkCore;
using Timeline.Web.Data;
using Timeline.Web.Features.Interop;
using Timeline.Web.Tests.Infrastructure;

namespace Timeline.Web.Tests.Interop;

/// <summary>
/// CSV as spreadsheets write it (a byte-order mark or none, commas or semicolons, quoted newlines, UTF-16) imports with
/// its passages found in stored sources; a file in another encoding, with the wrong columns or a passage that is not in
/// its source, is refused with the line and field, and the database is unchanged.
/// </summary>
public sealed class CsvImportTests : IDisposable
{
    private readonly TimelineAppFactory app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task A_semicolon_sheet_with_a_bom_quoted_newlines_eras_and_passages_imports()
    {
        var (url, quote, second) = await SourceWithUrlAsync();
        var csv = string.Join("\r\n",
            "Year;Month;Day;Time;End Year;End Month;End Day;End Time;Display Date;Headline;Text;Media;Media Credit;Media Caption;Media Thumbnail;Type;Group;Background;Tags;Actors;Source URL;Quote;Role;Differs;Note",
            ";;;;;;;;;Warehouse work;\"<p>A sheet made in a spreadsheet.</p>\";;;;;title;;;;;;;;;",
            "2025;;;;2026;;;;;The year of the videos;;;;;;era;;;;;;;;;",
            $"2025;4;15;10:30;;;;;;Videos from a warehouse;\"First line\nsecond line; with a semicolon\";https://example.org/video;Credit “A”;A caption;;;Labour;;\"Work; Retail\";Wildberries;{url};\"{quote.Replace("\"", "\"\"", StringComparison.Ordinal)}\";supports;;",
            $";;;;;;;;;;;;;;;;;;;;{url};\"{second.Replace("\"", "\"\"", StringComparison.Ordinal)}\";disputes;figure;The count differs",
            "2025;4;;;;;;;early April 2025;Earlier that month;Text;;;;;;;;;;;;;;");
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv)).ToArray();

        var outcome = await app.ImportAsync(bytes, InteropFormat.Csv);

        Assert.True(outcome.Committed, string.Join("\n", outcome.Problems));
        var timeline = await app.LoadAsync(outcome.TimelineId!.Value);
        Assert.Equal("Warehouse work", timeline.Title);
        Assert.Equal("A sheet made in a spreadsheet.", timeline.Description);
        Assert.Equal([("The year of the videos", "2025", "2026")], timeline.Eras.Select(e => (e.Name, e.Start, e.End)));
        var events = timeline.Events.OrderBy(e => e.SortKey).ToList();
        Assert.Equal(2, events.Count);
        var early = events[0];
        Assert.Equal(("2025-04", Timeline.Domain.DateQualifier.Early), (early.Start, early.Qualifier));
        var videos = events[1];
        Assert.Equal("2025-04-15", videos.Start);
        // HTML collapses a newline in text to a space, as TimelineJS shows it.
        Assert.Equal("First line second line; with a semicolon", videos.Summary);
        Assert.Equal(("https://example.org/video", "A caption", "Credit “A”"), (videos.MediaUrl, videos.MediaCaption, videos.MediaCredit));
        Assert.Equal(["labour", "retail", "work"], videos.Tags.Select(t => t.Slug).Order(StringComparer.Ordinal));
        Assert.Equal(["Wildberries"], videos.Actors.Select(a => a.Name));
        var links = videos.Excerpts.OrderBy(l => l.Position).ToList();
        Assert.Equal([(quote, ExcerptRole.Supports), (second, ExcerptRole.Disputes)], links.Select(l => (l.Excerpt.Exact, l.Role)));
        Assert.Equal((Difference.Figure, "The count differs"), (links[1].Differs, links[1].Note));
        Assert.Equal(2, outcome.Passages);
        Assert.Contains(outcome.Warnings, w => w.Where.StartsWith("line 4", StringComparison.Ordinal) && w.Message.Contains("time of day", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_plain_comma_sheet_with_only_year_and_headline_imports_and_so_does_utf16()
    {
        var csv = "Year,Headline\n1990,\"Hello, world\"\n1991,Second\n";

        var utf8 = await app.ImportAsync(Encoding.UTF8.GetBytes(csv), InteropFormat.Csv, options: new ImportOptions(FallbackTitle: "plain"));
        var utf16 = await app.ImportAsync([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(csv)], InteropFormat.Csv, options: new ImportOptions(FallbackTitle: "plain"));

        Assert.True(utf8.Committed, string.Join("\n", utf8.Problems));
        Assert.True(utf16.Committed, string.Join("\n", utf16.Problems));
        Assert.Equal(["Hello, world", "Second"], utf8.Events.Select(e => e.Title));
        Assert.Equal(["Hello, world", "Second"], utf16.Events.Select(e => e.Title));
        Assert.Equal(("plain", "plain-2"), (utf8.Slug, utf16.Slug));
    }

    public static TheoryData<byte[], string, string> BadSheets
    {
        get
        {
            var header = "Year,Month,Day,Headline,Text,Source URL,Quote,Role\n";
            return new()
            {
                // "Café" in Windows-1252: é is 0xE9, which is not UTF-8.
                { [.. Encoding.ASCII.GetBytes(header + "2020,,,Ok,,,,\n2021,,,Caf"), 0xE9, .. Encoding.ASCII.GetBytes(",,,,\n")], "line 3", "not UTF-8" },
                { Encoding.UTF8.GetBytes("Date,Title,Body\n2020,x,y\n"), "line 1", "a Year and a Headline column at least" },
                { Encoding.UTF8.GetBytes(""), "line 1", "the file is empty" },
                { Encoding.UTF8.GetBytes(header), "the file", "no row below the first has a Year" },
                { Encoding.UTF8.GetBytes(header + "2020,2,30,Leap,,,,\n"), "line 2 (“Leap”)", "February 2020 has no day “30”" },
                { Encoding.UTF8.GetBytes(header + "2020,,,Ok,,,,\n,,,Nameless,,,,\nnext,,,Year,,,,\n"), "line 4 (“Year”)", "the year “next” is not a number" },
                { Encoding.UTF8.GetBytes(header + "2020,,,Quoted,,https://nowhere.example/a,Some words,\n"), "line 2 (“Quoted”)", "no stored source has the address https://nowhere.example/a" },
                { Encoding.UTF8.GetBytes(header + "2020,,,Quoted,,,Some words,\n"), "line 2 (“Quoted”)", "a Quote but no Source URL" },
                { Encoding.UTF8.GetBytes(header + "2020,,,Quoted,,https://nowhere.example/a,Some words,proves\n"), "line 2 (“Quoted”)", "Role “proves” is not one of supports, disputes or context" },
                { Encoding.UTF8.GetBytes(header + ",,,,,https://nowhere.example/a,Some words,\n"), "line 2", "belongs to the event above it, and there is none" },
                { Encoding.UTF8.GetBytes(header + "2020,,,Bad \"quote,,,,\n"), "line 2", "quotation mark inside a field" },
            };
        }
    }

    [Theory]
    [MemberData(nameof(BadSheets))]
    public async Task A_bad_sheet_is_refused_with_the_line_and_nothing_changes(byte[] bytes, string where, string message)
    {
        var before = await app.StateAsync();

        var outcome = await app.ImportAsync(bytes, InteropFormat.Csv);

        Assert.False(outcome.Succeeded);
        Assert.Contains(outcome.Problems, p => p.Where.StartsWith(where, StringComparison.Ordinal) && p.Message.Contains(message, StringComparison.Ordinal));
        Assert.Equal(before, await app.StateAsync());
    }

    [Fact]
    public async Task A_quote_that_is_not_the_sources_exact_words_is_refused_naming_the_source()
    {
        var (url, quote, _) = await SourceWithUrlAsync();
        var altered = quote.Replace(' ', '_');
        var before = await app.StateAsync();

        var outcome = await app.ImportAsync(Encoding.UTF8.GetBytes($"Year,Headline,Source URL,Quote\n2020,Good,{url},\"{quote}\"\n2021,Altered,{url},\"{altered}\"\n"), InteropFormat.Csv);

        var problem = Assert.Single(outcome.Problems);
        Assert.StartsWith("line 3 (“Altered”)", problem.Where, StringComparison.Ordinal);
        Assert.Contains("is not in the text of", problem.Message, StringComparison.Ordinal);
        Assert.Contains("word for word", problem.Message, StringComparison.Ordinal);
        Assert.Equal(before, await app.StateAsync());
    }

    /// <summary>A seeded source with an address, and two paragraphs of its text.</summary>
    private async Task<(string Url, string Quote, string Second)> SourceWithUrlAsync()
    {
        Source source = null!;
        await app.WithDbAsync(async db => source = await db.Sources.AsNoTracking().OrderBy(s => s.Id).FirstAsync(s => s.Url != null));
        var sentences = source.Text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Where(s => s.Length is > 30 and < 500).Distinct().ToList();
        return (source.Url!, sentences[0], sentences[1]);
    }
}
