using Microsoft.EntityFrameworkCore;
using Timeline.Web.Features.Commands;
using Timeline.Web.Tests.Infrastructure;

namespace Timeline.Web.Tests.Interop;

/// <summary>
/// The <c>import</c> and <c>export</c> commands against the app's own database: an export read back by an import gives
/// the timeline again; help and usage errors are told apart by their exit codes, and a refused file changes nothing.
/// </summary>
public sealed class InteropCommandTests : IDisposable
{
    private readonly TimelineAppFactory app = new();
    private readonly string folder = Directory.CreateTempSubdirectory("timeline-interop-").FullName;

    public void Dispose()
    {
        app.Dispose();
        Directory.Delete(folder, recursive: true);
    }

    [Theory]
    [InlineData("csv", "seed.csv")]
    [InlineData("timelinejs", "seed.json")]
    public async Task An_exported_file_imports_again_from_the_shell(string format, string name)
    {
        var path = Path.Combine(folder, name);
        var export = await RunAsync("export", "north-korean-workers-in-russia", "--format", format, "--output", path, "--origin", "https://timeline.example/");
        Assert.Equal(0, export.Exit);
        Assert.Contains("Wrote “North Korean workers in Russia”", export.Error, StringComparison.Ordinal);

        var dry = await RunAsync("import", path, "--slug", "shell-copy", "--dry-run");
        Assert.Equal(0, dry.Exit);
        Assert.StartsWith("Would import “North Korean workers in Russia” as a draft timeline at /t/shell-copy", dry.Output, StringComparison.Ordinal);
        await app.WithDbAsync(async db => Assert.False(await db.Timelines.AnyAsync(t => t.Slug == "shell-copy")));

        var import = await RunAsync("import", path, "--slug", "shell-copy");
        Assert.Equal(0, import.Exit);
        Assert.StartsWith("Imported “North Korean workers in Russia” as a draft timeline at /t/shell-copy", import.Output, StringComparison.Ordinal);
        await app.WithDbAsync(async db =>
        {
            var copy = await db.Timelines.Include(t => t.Events).ThenInclude(e => e.Excerpts).FirstAsync(t => t.Slug == "shell-copy");
            var seed = await db.Timelines.Include(t => t.Events).ThenInclude(e => e.Excerpts).FirstAsync(t => t.Slug == "north-korean-workers-in-russia");
            Assert.Equal(seed.Events.Count(e => e.IsPublished), copy.Events.Count);
            Assert.Equal(seed.Events.Where(e => e.IsPublished).Sum(e => e.Excerpts.Count), copy.Events.Sum(e => e.Excerpts.Count));
            Assert.Contains(await db.Revisions.Where(r => r.TimelineId == copy.Id).Select(r => r.UserName).Distinct().ToListAsync(), n => n == "command line");
        });
    }

    [Fact]
    public async Task Export_writes_to_standard_output_and_refuses_an_unknown_timeline()
    {
        var csv = await RunAsync("export", "north-korean-workers-in-russia", "--format", "csv");
        Assert.Equal(0, csv.Exit);
        Assert.StartsWith("Year,Month,Day,Time,End Year", csv.Output, StringComparison.Ordinal);

        var missing = await RunAsync("export", "no-such-timeline");
        Assert.Equal(1, missing.Exit);
        Assert.Contains("There is no published timeline with the slug “no-such-timeline”", missing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_file_prints_its_problems_exits_1_and_changes_nothing()
    {
        var path = Path.Combine(folder, "bad.json");
        await File.WriteAllTextAsync(path, """{"events": [{"start_date": {"year": "2019", "month": "2", "day": "29"}, "text": {"headline": "Not a leap year"}}]}""");
        var before = await app.StateAsync();

        var result = await RunAsync("import", path);

        Assert.Equal(1, result.Exit);
        Assert.Contains("“bad.json” was not imported; nothing was changed:", result.Error, StringComparison.Ordinal);
        Assert.Contains("event 1 (“Not a leap year”): start_date: February 2019 has no day “29”", result.Error, StringComparison.Ordinal);
        Assert.Equal(before, await app.StateAsync());

        var absent = await RunAsync("import", Path.Combine(folder, "absent.csv"));
        Assert.Equal(1, absent.Exit);
        Assert.Contains("There is no file “absent.csv” there", absent.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_exits_0_and_a_wrong_option_exits_2_with_the_usage()
    {
        var importHelp = await RunAsync("import", "--help");
        var exportHelp = await RunAsync("export", "--help");
        var wrongFormat = await RunAsync("import", "x.json", "--format", "xml");
        var unknown = await RunAsync("export", "x", "--colour", "blue");

        Assert.Equal(0, importHelp.Exit);
        Assert.Contains("--dry-run", importHelp.Output, StringComparison.Ordinal);
        Assert.Equal(0, exportHelp.Exit);
        Assert.Contains("--origin", exportHelp.Output, StringComparison.Ordinal);
        Assert.Equal(2, wrongFormat.Exit);
        Assert.Contains("xml", wrongFormat.Error, StringComparison.Ordinal);
        Assert.Contains("--dry-run", wrongFormat.Error, StringComparison.Ordinal);
        Assert.Equal(2, unknown.Exit);
        Assert.Contains("--colour", unknown.Error, StringComparison.Ordinal);
    }

    private async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await TimelineCommandLine.RunAsync(app.Services, args, TextReader.Null, output, error, interactive: false);
        return (exit, output.ToString(), error.ToString());
    }
}
