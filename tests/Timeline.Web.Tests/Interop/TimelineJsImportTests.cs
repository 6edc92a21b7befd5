using System.Text;
using Microsoft.EntityFrameworkCore;
using Timeline.Domain;
using Timeline.Web.Data;
using Timeline.Web.Features.Interop;
using Timeline.Web.Tests.Infrastructure;

namespace Timeline.Web.Tests.Interop;

/// <summary>
/// TimelineJS files of the shapes found in the wild import into a new draft timeline with what they say, and what
/// cannot be kept is said; a bad file is refused with a message naming the event and field, and changes nothing.
/// </summary>
public sealed class TimelineJsImportTests : IDisposable
{
    private readonly TimelineAppFactory app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task A_file_with_a_title_slide_eras_and_year_only_dates_imports_as_a_draft_timeline()
    {
        var outcome = await app.ImportAsync(ImportHelpers.Fixture("printing-eras.json"), InteropFormat.TimelineJs);

        Assert.True(outcome.Committed, string.Join("\n", outcome.Problems));
        var timeline = await app.LoadAsync(outcome.TimelineId!.Value);
        Assert.Equal("Printing in Europe", timeline.Title);
        Assert.Equal("printing-in-europe", timeline.Slug);
        Assert.Equal("From the first presses to the *steam* press.", timeline.Description);
        Assert.False(timeline.IsPublished);
        Assert.All(timeline.Events, e => Assert.False(e.IsPublished));
        var events = timeline.Events.OrderBy(e => e.SortKey).ToList();
        Assert.Equal(["0868", "1440", "1814"], events.Select(e => e.Start));
        Assert.Equal("1450", events[1].End);
        Assert.Equal(DatePrecision.Year, events[0].StartDate.Precision);
        Assert.Equal("https://en.wikipedia.org/wiki/Printing_press", events[1].MediaUrl);
        Assert.Equal([("Incunabula", "1440", "1500"), ("Industrial presses", "1800", "1850")],
            timeline.Eras.OrderBy(e => e.Start).Select(e => (e.Name, e.Start, e.End)));
        Assert.Contains(outcome.Warnings, w => w.Message.Contains("background is not kept", StringComparison.Ordinal) && w.Where.Contains("event 1", StringComparison.Ordinal) && w.Where.Contains("event 3", StringComparison.Ordinal));
        Assert.Contains(outcome.Warnings, w => w.Where == "title slide");

        // Every thing made has its revision, so the history shows who imported it.
        await app.WithDbAsync(async db =>
        {
            Assert.Equal(1 + 1 + 3, await db.Revisions.CountAsync(r => r.TimelineId == timeline.Id));
            Assert.All(await db.Revisions.Where(r => r.TimelineId == timeline.Id).ToListAsync(), r => Assert.Equal("import test", r.UserName));
        });
    }

    [Fact]
    public async Task Html_is_reduced_to_safe_markdown_and_media_keeps_its_caption_and_credit()
    {
        var outcome = await app.ImportAsync(ImportHelpers.Fixture("telegraph-html.json"), InteropFormat.TimelineJs);

        Assert.True(outcome.Committed, string.Join("\n", outcome.Problems));
        var timeline = await app.LoadAsync(outcome.TimelineId!.Value);
        Assert.Equal("The telegraph", timeline.Title);
        Assert.Equal("Wires across the sea.", timeline.Description);
        var events = timeline.Events.OrderBy(e => e.SortKey).ToList();

        var first = events[0];
        Assert.Equal("1844-05-24", first.Start);
        Assert.Equal(
            "A message is sent over a line between two cities. See [the article](<https://en.wikipedia.org/wiki/Electrical_telegraph>).\n\n- first point\n- **second** point\n\nRead this too.",
            first.Summary);
        Assert.DoesNotContain("script", first.SummaryHtml, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("iframe", first.SummaryHtml, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript:", first.SummaryHtml, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onclick", first.SummaryHtml, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<a href=\"https://en.wikipedia.org/wiki/Electrical_telegraph\"", first.SummaryHtml, StringComparison.Ordinal);
        Assert.Equal("https://upload.example.org/telegraph-key.jpg", first.MediaUrl);
        Assert.Equal("A telegraph key", first.MediaCaption);
        Assert.Equal("Example Archive", first.MediaCredit);
        Assert.Contains(outcome.Warnings, w => w.Where.StartsWith("event 1", StringComparison.Ordinal) && w.Message.Contains("<script>", StringComparison.Ordinal) && w.Message.Contains("<iframe>", StringComparison.Ordinal));
        Assert.Contains(outcome.Warnings, w => w.Where == "title slide text" && w.Message.Contains("<script>", StringComparison.Ordinal));

        // Empty parts and unpadded months: "1858", "8", "" is August 1858.
        Assert.Equal("1858-08", events[1].Start);
        Assert.Equal("1858-09", events[1].End);
        Assert.Equal("It works for about three weeks.\n\n> Glory to God in the highest.\n\n— The first message", events[1].Summary);
        Assert.Null(events[1].MediaUrl);
        Assert.Equal("1866", events[2].Start);
        Assert.Equal("", events[2].Summary);
    }

    [Fact]
    public async Task Groups_display_dates_times_and_unique_ids_are_kept_or_said_to_be_left_out()
    {
        var outcome = await app.ImportAsync(ImportHelpers.Fixture("newsroom-day.json"), InteropFormat.TimelineJs, options: new ImportOptions(FallbackTitle: "newsroom-day"));

        Assert.True(outcome.Committed, string.Join("\n", outcome.Problems));
        var timeline = await app.LoadAsync(outcome.TimelineId!.Value);
        Assert.Equal("newsroom-day", timeline.Title);
        var bySlug = timeline.Events.ToDictionary(e => e.Slug);
        Assert.Equal(["an-event-with-no-headline", "before-a-year", "deadline-passes", "late-month", "late-month-2"], bySlug.Keys.Order(StringComparer.Ordinal));

        Assert.Equal("2019-12-22", bySlug["deadline-passes"].Start);
        // The seed already has the label "sanctions": the group is that label, in any case, not a second one.
        Assert.Equal(["sanctions"], bySlug["deadline-passes"].Tags.Select(t => t.Slug));
        Assert.Equal(DateQualifier.Late, bySlug["late-month"].Qualifier);
        Assert.Equal(DateQualifier.Circa, bySlug["late-month-2"].Qualifier);
        Assert.Equal("Around a year", bySlug["late-month-2"].Title);
        Assert.Equal(DateQualifier.Before, bySlug["before-a-year"].Qualifier);
        Assert.Equal(DateQualifier.Exact, bySlug["an-event-with-no-headline"].Qualifier);
        Assert.Equal("An event with no headline", bySlug["an-event-with-no-headline"].Title);
        Assert.Equal(["diplomacy"], bySlug["an-event-with-no-headline"].Tags.Select(t => t.Slug));
        // One label per name across the file, never a duplicate row.
        await app.WithDbAsync(async db =>
        {
            Assert.Equal(1, await db.Tags.CountAsync(t => t.Slug == "sanctions"));
            Assert.Equal(1, await db.Tags.CountAsync(t => t.Slug == "diplomacy"));
        });

        Assert.Contains(outcome.Warnings, w => w.Where.StartsWith("event 1 ", StringComparison.Ordinal) && w.Message.Contains("time of day", StringComparison.Ordinal));
        Assert.Contains(outcome.Warnings, w => w.Message.Contains("“The first week of 2020” is not kept", StringComparison.Ordinal));
        Assert.Contains(outcome.Warnings, w => w.Message.Contains("unique_id “late-month” is used by an earlier event", StringComparison.Ordinal));
        Assert.Contains(outcome.Warnings, w => w.Message.Contains("has no headline", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_dry_run_shows_what_would_be_made_and_writes_nothing()
    {
        var before = await app.StateAsync();

        var preview = await app.ImportAsync(ImportHelpers.Fixture("printing-eras.json"), InteropFormat.TimelineJs, commit: false);

        Assert.True(preview.Succeeded);
        Assert.False(preview.Committed);
        Assert.Null(preview.TimelineId);
        Assert.Equal("Printing in Europe", preview.Title);
        Assert.Equal(["868", "1440 – 1450", "1814"], preview.Events.Select(e => e.Date));
        Assert.Equal(2, preview.Eras);
        Assert.Equal(before, await app.StateAsync());
    }

    [Fact]
    public async Task A_second_import_of_the_same_file_gets_a_numbered_slug_and_an_explicit_slug_that_is_taken_is_refused()
    {
        var first = await app.ImportAsync(ImportHelpers.Fixture("printing-eras.json"), InteropFormat.TimelineJs);
        var second = await app.ImportAsync(ImportHelpers.Fixture("printing-eras.json"), InteropFormat.TimelineJs);
        Assert.Equal("printing-in-europe", first.Slug);
        Assert.Equal("printing-in-europe-2", second.Slug);

        var before = await app.StateAsync();
        var taken = await app.ImportAsync(ImportHelpers.Fixture("printing-eras.json"), InteropFormat.TimelineJs, options: new ImportOptions(Slug: "north-korean-workers-in-russia"));
        Assert.False(taken.Succeeded);
        Assert.Contains(taken.Problems, p => p.Where == "slug" && p.Message.Contains("North Korean workers in Russia", StringComparison.Ordinal));
        Assert.Equal(before, await app.StateAsync());
    }

    public static TheoryData<string, string, string> BadFiles => new()
    {
        { """{"events": [ {"start_date": {"year": "2019"}, "text": {"headline": "x"} }""", "line 1", "not valid JSON" },
        { """{"title": {"text": {"headline": "No events"}}}""", "the file", "no “events” list" },
        { """[1, 2, 3]""", "the file", "no “events” list" },
        { """{"events": []}""", "events", "no events" },
        { """{"scale": "cosmological", "events": [{"start_date": {"year": "-13000000000"}}]}""", "scale", "calendar dates only" },
        { """{"events": [{"text": {"headline": "Undated"}}]}""", "event 1 (“Undated”)", "has no start_date" },
        { """{"events": [{"start_date": {"year": "2019", "month": "2", "day": "30"}, "text": {"headline": "Leap"}}]}""", "event 1 (“Leap”)", "February 2019 has no day “30”" },
        { """{"events": [{"start_date": {"year": "2019", "month": "13"}, "text": {"headline": "M"}}]}""", "event 1 (“M”)", "the month “13” is not a month" },
        { """{"events": [{"start_date": {"year": "-44"}, "text": {"headline": "Ides"}}]}""", "event 1 (“Ides”)", "before the Common Era" },
        { """{"events": [{"start_date": {"year": "2020"}, "end_date": {"year": "2019"}, "text": {"headline": "Backwards"}}]}""", "event 1 (“Backwards”)", "is before start_date" },
        { """{"events": [{"start_date": {"year": "2020"}, "text": {"headline": "ok"}}, {"start_date": {"year": "twenty"}, "text": {"headline": "Words"}}]}""", "event 2 (“Words”)", "is not a number" },
        { """{"events": [{"start_date": {"year": "2020"}, "text": {"headline": "ok"}}], "eras": [{"start_date": {"year": "2020"}, "end_date": {"year": "2010"}, "text": {"headline": "Era"}}]}""", "era 1 (“Era”)", "ends (2010) before it starts (2020)" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task A_bad_file_is_refused_with_where_and_what_and_nothing_changes(string json, string where, string message)
    {
        var before = await app.StateAsync();

        var outcome = await app.ImportAsync(Encoding.UTF8.GetBytes(json), InteropFormat.TimelineJs);

        Assert.False(outcome.Succeeded);
        Assert.False(outcome.Committed);
        Assert.Contains(outcome.Problems, p => p.Where.StartsWith(where, StringComparison.Ordinal) && p.Message.Contains(message, StringComparison.Ordinal));
        Assert.Equal(before, await app.StateAsync());
    }

    [Fact]
    public async Task One_bad_event_among_good_ones_refuses_the_whole_file()
    {
        var before = await app.StateAsync();
        var headline = new string('h', Limits.Title + 1);
        var json = """{"title": {"text": {"headline": "Half"}}, "events": [{"start_date": {"year": "2020"}, "text": {"headline": "Good"}}, {"start_date": {"year": "2021"}, "text": {"headline": "HEADLINE"}}]}""".Replace("HEADLINE", headline, StringComparison.Ordinal);

        var outcome = await app.ImportAsync(Encoding.UTF8.GetBytes(json), InteropFormat.TimelineJs);

        Assert.Contains(outcome.Problems, p => p.Where.StartsWith("event 2", StringComparison.Ordinal) && p.Message.StartsWith("headline: Keep this under 200 characters", StringComparison.Ordinal));
        Assert.Equal(before, await app.StateAsync());
    }

    [Fact]
    public async Task An_oversized_file_is_refused_before_it_is_read()
    {
        var before = await app.StateAsync();
        var bytes = new byte[ImportLimits.Bytes + 1];
        Array.Fill(bytes, (byte)' ');

        var outcome = await app.ImportAsync(bytes, InteropFormat.TimelineJs);

        Assert.Contains(outcome.Problems, p => p.Message.Contains("an import reads files up to 20 MB", StringComparison.Ordinal));
        Assert.Equal(before, await app.StateAsync());
    }
}
