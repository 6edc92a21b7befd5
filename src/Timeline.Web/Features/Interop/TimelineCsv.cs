using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using Timeline.Domain;
using Timeline.Web.Data;
using Timeline.Web.Features.Reading;

namespace Timeline.Web.Features.Interop;

/// <summary>
/// A timeline as CSV with the columns of TimelineJS's spreadsheet template (Year … Background), so a sheet made for
/// TimelineJS imports and ours opens in TimelineJS's template, plus our own columns: Slug, Tags, Actors, and a passage
/// per row (Source URL, Quote, Role). An event's further passages follow it on rows whose date and headline are empty.
/// Reads what spreadsheets write: a comma, semicolon or tab between fields, quoted fields with newlines, a byte-order mark.
/// </summary>
public static class TimelineCsv
{
    /// <summary>TimelineJS's template columns, in its order.</summary>
    public static readonly string[] TemplateColumns =
    [
        "Year", "Month", "Day", "Time", "End Year", "End Month", "End Day", "End Time", "Display Date", "Headline", "Text",
        "Media", "Media Credit", "Media Caption", "Media Thumbnail", "Type", "Group", "Background",
    ];

    /// <summary>Our columns after the template's.</summary>
    public static readonly string[] OwnColumns = ["Slug", "Tags", "Actors", "Source URL", "Quote", "Role", "Differs", "Note"];

    private static readonly HashSet<string> Known = new(TemplateColumns.Concat(OwnColumns).Select(Key), StringComparer.Ordinal);

    public static ImportPlan Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var plan = new ImportPlan();
        var badLine = 0;
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            DetectDelimiter = true,
            DetectDelimiterValues = [",", ";", "\t"],
            MissingFieldFound = null,
            HeaderValidated = null,
            BadDataFound = args => badLine = badLine == 0 ? args.Context.Parser?.RawRow ?? 1 : badLine,
        };
        using var reader = new StringReader(text);
        using var csv = new CsvReader(reader, config);
        if (!csv.Read() || !csv.ReadHeader() || csv.HeaderRecord is not { } header)
        {
            plan.Problem("line 1", "the file is empty. It should start with a line naming the columns of TimelineJS's template: Year, Month, Day, … Headline, Text, ….");
            return plan;
        }

        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Length; i++)
        {
            columns.TryAdd(Key(header[i]), i);
        }

        if (!columns.ContainsKey(Key("Year")) || !columns.ContainsKey(Key("Headline")))
        {
            var named = string.Join(", ", header.Take(8).Select(h => $"“{h.Trim()}”"));
            plan.Problem("line 1", $"the first line should name the columns of TimelineJS's template (Year, Month, Day, Time, End Year, …, Headline, Text, Media, …); a Year and a Headline column at least. This file's first line has {named}{(header.Length > 8 ? ", …" : "")}.");
            return plan;
        }

        var unknown = header.Where(h => h.Trim().Length > 0 && !Known.Contains(Key(h))).ToList();
        if (unknown.Count > 0)
        {
            plan.Warn("line 1", $"these columns are not read: {string.Join(", ", unknown.Select(h => $"“{h.Trim()}”"))}.");
        }

        var line = csv.Parser.RawRow + 1;
        PlannedEvent? last = null;
        while (csv.Read())
        {
            var where = $"line {line}";
            line = csv.Parser.RawRow + 1;
            if (badLine > 0)
            {
                plan.Problem($"line {badLine}", "a quotation mark inside a field that does not start with one; put the whole field in quotation marks and double the marks inside it (\"\").");
                return plan;
            }

            string Field(string name) => columns.TryGetValue(Key(name), out var i) && csv.TryGetField<string>(i, out var value) && value is not null ? value.Trim() : "";
            if (Enumerable.Range(0, csv.Parser.Count).All(i => string.IsNullOrWhiteSpace(csv.Parser[i])))
            {
                continue;
            }

            if (plan.Events.Count > ImportLimits.Events)
            {
                plan.Problem(where, $"the file has more than {ImportLimits.Events:N0} events; one import takes at most {ImportLimits.Events:N0}.");
                return plan;
            }

            var type = Field("Type").ToLowerInvariant();
            if (type == "title")
            {
                plan.Title = HtmlToMarkdown.ToText(Field("Headline"));
                var (description, dropped) = HtmlToMarkdown.Convert(Field("Text"));
                plan.Description = description;
                plan.WarnDropped(where, dropped);
                continue;
            }

            if (Field("Year").Length == 0 && Field("Headline").Length == 0 && Field("Quote").Length > 0)
            {
                if (last is null)
                {
                    plan.Problem(where, "a passage (Quote) on a row without a date or headline belongs to the event above it, and there is none.");
                }
                else
                {
                    AddPassage(plan, last, where, Field("Source URL"), Field("Quote"), Field("Role"), Field("Differs"), Field("Note"));
                }

                continue;
            }

            var start = DateParts.Read(Field("Year"), Field("Month"), Field("Day"), Field("Time"), "the start date (Year, Month, Day)", out var startProblem, out var startTime);
            PartialDate? end = null;
            string? endProblem = null;
            var endTime = false;
            if (Field("End Year").Length > 0 || Field("End Month").Length > 0 || Field("End Day").Length > 0)
            {
                end = DateParts.Read(Field("End Year"), Field("End Month"), Field("End Day"), Field("End Time"), "the end date (End Year, End Month, End Day)", out endProblem, out endTime);
            }

            var headline = HtmlToMarkdown.ToText(Field("Headline"));
            var label = headline.Length > 0 ? $"{where} (“{TimelineJsReader.Shorten(headline, 60)}”)" : where;
            if (startProblem is not null || endProblem is not null)
            {
                plan.Problem(label, startProblem ?? endProblem!);
                continue;
            }

            if (end is { } e && e.LatestDay < start!.Value.EarliestDay)
            {
                plan.Problem(label, $"the end date ({e.ToDisplayString()}) is before the start date ({start.Value.ToDisplayString()}).");
                continue;
            }

            if (type == "era")
            {
                if (end is null)
                {
                    plan.Problem(label, "an era needs an End Year.");
                    continue;
                }

                plan.Eras.Add(new PlannedEra(headline.Length > 0 ? headline : $"{start!.Value.ToDisplayString()} – {end.Value.ToDisplayString()}", start!.Value, end.Value, label));
                continue;
            }

            if (startTime || endTime)
            {
                plan.Warn(label, "its time of day is not kept: events here are dated to the day.");
            }

            var (summary, droppedText) = HtmlToMarkdown.Convert(Field("Text"));
            plan.WarnDropped(label, droppedText);
            var dated = start!.Value;
            if (Field("Display Date") is { Length: > 0 } display)
            {
                if (DateParts.QualifierOf(display, dated, end) is { } qualifier && PartialDate.TryParse(dated.ToIso(), qualifier, out var qualified, out _))
                {
                    dated = qualified;
                }
                else
                {
                    plan.Warn(label, $"its Display Date “{TimelineJsReader.Shorten(display, 60)}” is not kept: readers see the date itself ({dated.ToDisplayString()}).");
                }
            }

            if (headline.Length == 0)
            {
                headline = TimelineJsReader.TitleFrom(summary, dated);
                plan.Warn(label, summary.Length > 0 ? "has no Headline; it is titled from its Text. Give it a headline in the editor." : "has no Headline or Text; it is titled with its date. Give it a headline in the editor.");
            }

            last = new PlannedEvent { Where = label, Title = headline, Slug = Field("Slug") is { Length: > 0 } slug ? slug : null, Summary = summary, Start = dated, End = end };
            last.Tags.AddRange(new[] { Field("Group") }.Concat(Split(Field("Tags"))).Where(t => t.Length > 0));
            last.Actors.AddRange(Split(Field("Actors")));
            Media(plan, last, Field("Media"), Field("Media Caption"), Field("Media Credit"));
            if (Field("Background").Length > 0)
            {
                plan.Warn(label, "its Background is not kept.");
            }

            if (Field("Quote").Length > 0 || Field("Source URL").Length > 0)
            {
                AddPassage(plan, last, label, Field("Source URL"), Field("Quote"), Field("Role"), Field("Differs"), Field("Note"));
            }

            plan.Events.Add(last);
        }

        if (badLine > 0)
        {
            plan.Problem($"line {badLine}", "a quotation mark inside a field that does not start with one; put the whole field in quotation marks and double the marks inside it (\"\").");
        }

        if (plan.Events.Count == 0 && plan.Problems.Count == 0)
        {
            plan.Problem("the file", "it has no events: no row below the first has a Year.");
        }

        return plan;
    }

    /// <summary>Writes the published timeline: a title row, its eras, then each event with its first passage, and a row for each further passage.</summary>
    public static void Write(TimelineSlice slice, Uri origin, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(slice);
        ArgumentNullException.ThrowIfNull(origin);
        using var csv = new CsvWriter(writer, new CsvConfiguration(CultureInfo.InvariantCulture), leaveOpen: true);
        foreach (var column in TemplateColumns.Concat(OwnColumns))
        {
            csv.WriteField(column);
        }

        csv.NextRecord();
        var timeline = slice.Timeline;
        Row(csv, new Dictionary<string, string?> { ["Headline"] = timeline.Title, ["Text"] = timeline.DescriptionHtml, ["Type"] = "title", ["Slug"] = timeline.Slug });
        foreach (var era in slice.Eras)
        {
            var row = DateColumns(era.Start, era.End);
            row["Headline"] = era.Name;
            row["Type"] = "era";
            Row(csv, row);
        }

        foreach (var e in timeline.Events)
        {
            var row = DateColumns(e.Start, e.End);
            row["Display Date"] = e.DateLabel;
            row["Headline"] = e.Title;
            row["Text"] = e.SummaryHtml;
            row["Group"] = e.Tags.Count > 0 ? e.Tags[0].Name : null;
            row["Slug"] = e.Slug;
            row["Tags"] = string.Join("; ", e.Tags.Select(t => t.Name));
            row["Actors"] = string.Join("; ", e.Actors.Select(a => a.Name));
            switch (e.Media)
            {
                case { ImageId: { } imageId } m:
                    row["Media"] = new Uri(origin, Links.Media(imageId, m.Widths[^1])).AbsoluteUri;
                    row["Media Caption"] = m.Caption;
                    row["Media Credit"] = m.Credit;
                    break;
                case { IsWebLink: true } m:
                    row["Media"] = m.Url;
                    row["Media Caption"] = m.Caption;
                    row["Media Credit"] = m.Credit;
                    break;
            }

            var first = true;
            foreach (var excerpt in e.Excerpts)
            {
                var passage = first ? row : [];
                passage["Source URL"] = excerpt.Source.Url ?? new Uri(origin, Links.Source(excerpt.Source.Id)).AbsoluteUri;
                passage["Quote"] = excerpt.Quote;
                passage["Role"] = excerpt.Role.ToString().ToLowerInvariant();
                passage["Differs"] = excerpt.Differs?.ToString().ToLowerInvariant();
                passage["Note"] = excerpt.Note;
                Row(csv, passage);
                first = false;
            }

            if (first)
            {
                Row(csv, row);
            }
        }
    }

    private static Dictionary<string, string?> DateColumns(PartialDate start, PartialDate? end)
    {
        static string? Part(int? value) => value?.ToString(CultureInfo.InvariantCulture);
        return new Dictionary<string, string?>
        {
            ["Year"] = Part(start.Year), ["Month"] = Part(start.Month), ["Day"] = Part(start.Day),
            ["End Year"] = Part(end?.Year), ["End Month"] = Part(end?.Month), ["End Day"] = Part(end?.Day),
        };
    }

    private static void Row(CsvWriter csv, Dictionary<string, string?> values)
    {
        foreach (var column in TemplateColumns.Concat(OwnColumns))
        {
            csv.WriteField(values.GetValueOrDefault(column) ?? "");
        }

        csv.NextRecord();
    }

    private static void AddPassage(ImportPlan plan, PlannedEvent ev, string where, string url, string quote, string role, string differs, string note)
    {
        if (quote.Length == 0 || url.Length == 0)
        {
            plan.Problem(where, quote.Length == 0 ? "it has a Source URL but no Quote: give the words the source says, or leave both empty." : "it has a Quote but no Source URL: name the address of the stored source it comes from.");
            return;
        }

        ExcerptRole? parsed = role.ToLowerInvariant() switch
        {
            "" or "supports" or "support" => ExcerptRole.Supports,
            "disputes" or "dispute" => ExcerptRole.Disputes,
            "context" => ExcerptRole.Context,
            _ => null,
        };
        if (parsed is null)
        {
            plan.Problem(where, $"its Role “{role}” is not one of supports, disputes or context.");
            return;
        }

        Difference? difference = null;
        if (differs.Length > 0)
        {
            if (!Enum.TryParse<Difference>(differs, ignoreCase: true, out var d) || !Enum.IsDefined(d) || differs.Any(char.IsDigit))
            {
                plan.Problem(where, $"its Differs “{differs}” is not one of {string.Join(", ", Enum.GetNames<Difference>().Select(n => n.ToLowerInvariant()))}.");
                return;
            }

            difference = d;
        }

        ev.Passages.Add(new PlannedPassage(url, quote, parsed.Value, where, Required: true, "") { Differs = difference, Note = note.Length > 0 ? note : null });
    }

    private static void Media(ImportPlan plan, PlannedEvent ev, string url, string caption, string credit)
    {
        if (url.Length == 0)
        {
            return;
        }

        if (!Editing.EditValidation.IsWebUrl(url) || url.Length > Limits.Url)
        {
            plan.Warn(ev.Where, $"its Media “{TimelineJsReader.Shorten(url, 60)}” is not a web address and is not kept.");
            return;
        }

        ev.MediaUrl = url;
        ev.MediaCaption = HtmlToMarkdown.ToText(caption) is { Length: > 0 } c ? c : null;
        ev.MediaCredit = HtmlToMarkdown.ToText(credit) is { Length: > 0 } r ? r : null;
    }

    private static string[] Split(string labels) => labels.Split([';', '\n'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    private static string Key(string column) => string.Join(' ', column.Trim().ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries));
}
