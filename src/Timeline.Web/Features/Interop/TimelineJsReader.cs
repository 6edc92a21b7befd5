using System.Text.Json;
using AngleSharp.Html.Parser;
using Timeline.Domain;
using Timeline.Web.Data;

namespace Timeline.Web.Features.Interop;

/// <summary>
/// Reads a TimelineJS3 JSON file (https://timeline.knightlab.com/docs/json-format.html) into an <see cref="ImportPlan"/>:
/// the title slide as the timeline's title and description, every event with its split dates, display_date, headline
/// and text (HTML reduced to Markdown), group (as a tag), media (a link with its caption and credit; an HTML quote as a
/// quotation in the summary), unique_id (as the slug) and the eras. What cannot be kept (times of day, backgrounds, a
/// display date that is not one of our date words) is listed as a warning; what cannot be read is a problem naming the
/// event and field.
/// </summary>
public static class TimelineJsReader
{
    private static readonly HtmlParser Parser = new();

    private static readonly JsonDocumentOptions Options = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 32 };

    public static ImportPlan Read(string json)
    {
        var plan = new ImportPlan();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, Options);
        }
        catch (JsonException ex)
        {
            var line = ex.LineNumber is { } l ? $"line {l + 1}, character {(ex.BytePositionInLine ?? 0) + 1}" : "the file";
            plan.Problem(line, "this is not valid JSON, so it is not a TimelineJS file (TimelineJS files are JSON with an “events” list). Check the file was saved whole.");
            return plan;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("events", out var events) || events.ValueKind != JsonValueKind.Array)
            {
                plan.Problem("the file", "this JSON is not a TimelineJS file: it has no “events” list at the top.");
                return plan;
            }

            if (Text(root, "scale") is { } scale && !scale.Equals("human", StringComparison.OrdinalIgnoreCase))
            {
                plan.Problem("scale", $"the file uses the “{scale}” scale (dates in millions of years); a timeline here holds calendar dates only.");
                return plan;
            }

            ReadTitle(root, plan);
            var index = 0;
            foreach (var item in events.EnumerateArray())
            {
                index++;
                if (index > ImportLimits.Events)
                {
                    plan.Problem("events", $"the file has {events.GetArrayLength():N0} events; one import takes at most {ImportLimits.Events:N0}.");
                    break;
                }

                ReadEvent(item, index, plan);
            }

            if (index == 0)
            {
                plan.Problem("events", "the file has no events.");
            }

            if (root.TryGetProperty("eras", out var eras) && eras.ValueKind == JsonValueKind.Array)
            {
                var n = 0;
                foreach (var era in eras.EnumerateArray())
                {
                    ReadEra(era, ++n, plan);
                }
            }
        }

        return plan;
    }

    private static void ReadTitle(JsonElement root, ImportPlan plan)
    {
        if (!root.TryGetProperty("title", out var title) || title.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        if (title.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.Object)
        {
            plan.Title = HtmlToMarkdown.ToText(Text(text, "headline"));
            var (markdown, dropped) = HtmlToMarkdown.Convert(Text(text, "text"));
            plan.Description = markdown;
            plan.WarnDropped("title slide text", dropped);
        }

        if (Text(title, "background", "url") is not null || (title.TryGetProperty("media", out var media) && Text(media, "url") is { Length: > 0 }))
        {
            plan.Warn("title slide", "its media and background are not kept: a timeline here opens on its drawn axis.");
        }
    }

    private static void ReadEvent(JsonElement item, int index, ImportPlan plan)
    {
        var headline = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.Object
            ? HtmlToMarkdown.ToText(Text(t, "headline")) : "";
        var where = headline.Length > 0 ? $"event {index} (“{Shorten(headline, 60)}”)" : $"event {index}";
        if (item.ValueKind != JsonValueKind.Object)
        {
            plan.Problem(where, "is not an object with a start_date and text.");
            return;
        }

        if (!item.TryGetProperty("start_date", out var startDate) || startDate.ValueKind != JsonValueKind.Object)
        {
            plan.Problem(where, "has no start_date; TimelineJS needs one on every event.");
            return;
        }

        var start = ReadDate(startDate, $"start_date", out var startProblem, out var startTime);
        PartialDate? end = null;
        string? endProblem = null;
        var endTime = false;
        if (item.TryGetProperty("end_date", out var endDate) && endDate.ValueKind == JsonValueKind.Object && Text(endDate, "year") is not null)
        {
            end = ReadDate(endDate, "end_date", out endProblem, out endTime);
        }

        if (startProblem is not null || endProblem is not null)
        {
            plan.Problem(where, startProblem ?? endProblem!);
            return;
        }

        if (end is { } e && e.LatestDay < start!.Value.EarliestDay)
        {
            plan.Problem(where, $"end_date ({e.ToDisplayString()}) is before start_date ({start.Value.ToDisplayString()}).");
            return;
        }

        if (startTime || endTime)
        {
            plan.Warn(where, "its time of day is not kept: events here are dated to the day.");
        }

        var (summary, dropped, passages) = ReadText(item.TryGetProperty("text", out var textElement) && textElement.ValueKind == JsonValueKind.Object ? Text(textElement, "text") : null, where);
        plan.WarnDropped(where, dropped);
        var qualifier = DateQualifier.Exact;
        var display = Text(item, "display_date") ?? Text(startDate, "display_date");
        if (display is not null)
        {
            if (DateParts.QualifierOf(display, start!.Value, end) is { } q)
            {
                qualifier = q;
            }
            else
            {
                plan.Warn(where, $"its display date “{Shorten(display, 60)}” is not kept: readers see the date itself ({start.Value.ToDisplayString()}). Add a qualifier (c., early, late, before, after) in the editor if it said one.");
            }
        }

        var dated = PartialDate.TryParse(start!.Value.ToIso(), qualifier, out var qualified, out _) ? qualified : start.Value;
        if (headline.Length == 0)
        {
            headline = TitleFrom(summary, dated);
            plan.Warn(where, summary.Length > 0 ? "has no headline; it is titled from its text. Give it a headline in the editor." : "has no headline or text; it is titled with its date. Give it a headline in the editor.");
        }

        var ev = new PlannedEvent
        {
            Where = where,
            Title = headline,
            Slug = Text(item, "unique_id"),
            Summary = summary,
            Start = dated,
            End = end,
        };
        ev.Passages.AddRange(passages);
        if (Text(item, "group") is { } group)
        {
            ev.Tags.Add(HtmlToMarkdown.ToText(group));
        }

        if (item.TryGetProperty("media", out var media) && media.ValueKind == JsonValueKind.Object)
        {
            ReadMedia(media, ev, plan);
        }

        if (Text(item, "background", "url") is not null || Text(item, "background", "color") is not null)
        {
            plan.Warn(where, "its background is not kept.");
        }

        plan.Events.Add(ev);
    }

    private static void ReadMedia(JsonElement media, PlannedEvent ev, ImportPlan plan)
    {
        var url = Text(media, "url");
        if (url is null)
        {
            return;
        }

        var caption = HtmlToMarkdown.ToText(Text(media, "caption"));
        var credit = HtmlToMarkdown.ToText(Text(media, "credit"));
        if (url.StartsWith('<'))
        {
            // TimelineJS shows HTML media (a blockquote, an embed code) as it is; here a quotation stays a quotation.
            var (markdown, dropped) = HtmlToMarkdown.Convert(url);
            plan.WarnDropped(ev.Where + " media", dropped);
            if (markdown.Length > 0)
            {
                var quoted = string.Join('\n', markdown.Split('\n').Select(l => l.StartsWith('>') ? l : "> " + l));
                var attribution = string.Join(", ", new[] { credit, caption }.Where(s => s.Length > 0));
                ev.Summary = string.Join("\n\n", new[] { ev.Summary, quoted, attribution.Length > 0 ? "— " + HtmlToMarkdown.Escape(attribution) : "" }.Where(s => s.Length > 0));
            }

            return;
        }

        if (!Editing.EditValidation.IsWebUrl(url) || url.Length > Limits.Url)
        {
            plan.Warn(ev.Where, $"its media “{Shorten(url, 60)}” is not a web address and is not kept.");
            return;
        }

        ev.MediaUrl = url;
        ev.MediaCaption = caption.Length > 0 ? caption : null;
        ev.MediaCredit = credit.Length > 0 ? credit : null;
    }

    private static void ReadEra(JsonElement era, int index, ImportPlan plan)
    {
        var name = era.ValueKind == JsonValueKind.Object && era.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.Object
            ? HtmlToMarkdown.ToText(Text(text, "headline")) : "";
        var where = name.Length > 0 ? $"era {index} (“{Shorten(name, 60)}”)" : $"era {index}";
        if (era.ValueKind != JsonValueKind.Object || !era.TryGetProperty("start_date", out var s) || !era.TryGetProperty("end_date", out var e)
            || s.ValueKind != JsonValueKind.Object || e.ValueKind != JsonValueKind.Object)
        {
            plan.Problem(where, "needs a start_date and an end_date.");
            return;
        }

        var start = ReadDate(s, "start_date", out var startProblem, out _);
        var end = ReadDate(e, "end_date", out var endProblem, out _);
        if (startProblem is not null || endProblem is not null)
        {
            plan.Problem(where, startProblem ?? endProblem!);
            return;
        }

        if (name.Length == 0)
        {
            name = $"{start!.Value.ToDisplayString()} – {end!.Value.ToDisplayString()}";
        }

        plan.Eras.Add(new PlannedEra(name, start!.Value, end!.Value, where));
    }

    private static PartialDate? ReadDate(JsonElement date, string what, out string? problem, out bool hasTime)
    {
        var time = string.Join(':', new[] { Text(date, "hour"), Text(date, "minute") }.Where(p => p is not null));
        return DateParts.Read(Text(date, "year"), Text(date, "month"), Text(date, "day"), time, what, out problem, out hasTime);
    }

    /// <summary>
    /// The event's text as Markdown, with the passages our own export quoted in it taken out (a blockquote followed by
    /// "— Outlet, &lt;a href=…/sources/ID#x-N&gt;Title&lt;/a&gt;") so that they can be attached again.
    /// </summary>
    private static (string Markdown, IReadOnlyList<string> Dropped, IReadOnlyList<PlannedPassage> Passages) ReadText(string? html, string where)
    {
        if (string.IsNullOrWhiteSpace(html))
        {
            return ("", [], []);
        }

        var passages = new List<PlannedPassage>();
        if (html.Contains("<blockquote", StringComparison.OrdinalIgnoreCase))
        {
            var document = Parser.ParseDocument("<!doctype html><html><body></body></html>");
            var body = document.Body!;
            foreach (var node in Parser.ParseFragment(html, body).ToList())
            {
                body.AppendChild(node);
            }

            foreach (var quote in body.Children.Where(c => c.LocalName == "blockquote").ToList())
            {
                if (quote.NextElementSibling is not { LocalName: "p" } attribution
                    || attribution.QuerySelector("a[href]") is not { } link
                    || !attribution.TextContent.Contains('—', StringComparison.Ordinal))
                {
                    continue;
                }

                var said = attribution.TextContent.Trim();
                var role = said.StartsWith("Disputes this:", StringComparison.Ordinal) ? ExcerptRole.Disputes
                    : said.StartsWith("Context:", StringComparison.Ordinal) ? ExcerptRole.Context
                    : ExcerptRole.Supports;
                var fallback = HtmlToMarkdown.Convert(quote.OuterHtml + attribution.OuterHtml).Markdown;
                passages.Add(new PlannedPassage(link.GetAttribute("href")!.Trim(), quote.TextContent.Trim(), role, where, Required: false, fallback));
                quote.Remove();
                attribution.Remove();
            }

            html = body.InnerHtml;
        }

        var (markdown, dropped) = HtmlToMarkdown.Convert(html);
        return (markdown, dropped, passages);
    }

    /// <summary>A title for an event without a headline: the first sentence of its text, or its date.</summary>
    internal static string TitleFrom(string summary, PartialDate date)
    {
        var text = MarkdownRenderer.ToPlainText(summary).Trim();
        if (text.Length == 0)
        {
            return date.ToDisplayString();
        }

        var stop = text.IndexOfAny(['.', '!', '?', '\n']);
        var sentence = stop > 0 ? text[..stop] : text;
        return Shorten(sentence, 100);
    }

    internal static string Shorten(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        var cut = text.LastIndexOf(' ', max - 1);
        return string.Concat(text.AsSpan(0, cut > max / 2 ? cut : max - 1), "…");
    }

    /// <summary>A string or number property (nested by path), trimmed, or null when absent or empty.</summary>
    private static string? Text(JsonElement element, params string[] path)
    {
        foreach (var name in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
            {
                return null;
            }
        }

        var value = element.ValueKind switch
        {
            JsonValueKind.String => element.GetString(),
            JsonValueKind.Number => element.GetRawText(),
            JsonValueKind.True or JsonValueKind.False => element.GetRawText(),
            _ => null,
        };
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }
}
