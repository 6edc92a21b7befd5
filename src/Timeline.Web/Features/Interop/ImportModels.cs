using Timeline.Domain;
using Timeline.Web.Data;

namespace Timeline.Web.Features.Interop;

/// <summary>The file formats a timeline can be imported from and exported to.</summary>
public enum InteropFormat
{
    /// <summary>TimelineJS3's JSON (https://timeline.knightlab.com/docs/json-format.html).</summary>
    TimelineJs,

    /// <summary>TimelineJS's spreadsheet template as CSV, with our columns for passages.</summary>
    Csv,
}

/// <summary>Something about one place in an imported file: where (a line, an event, a field) and what.</summary>
public sealed record ImportMessage(string Where, string Message)
{
    public override string ToString() => Where.Length == 0 ? Message : $"{Where}: {Message}";
}

/// <summary>
/// A passage an imported event cites: the address of a stored source and the words quoted from it. Required passages
/// (a CSV's quote columns) refuse the import when they cannot be found; the passages our own TimelineJS export writes
/// into the text are optional: found, they are attached again; not found, they stay in the summary as a quotation.
/// </summary>
public sealed record PlannedPassage(string SourceUrl, string Quote, ExcerptRole Role, string Where, bool Required, string Fallback)
{
    /// <summary>For a disputing passage: what it differs in.</summary>
    public Difference? Differs { get; init; }

    /// <summary>For a disputing passage: the one-line note naming what differs.</summary>
    public string? Note { get; init; }
}

/// <summary>An event as read from a file, before it is checked against the database.</summary>
public sealed class PlannedEvent
{
    public required string Where { get; init; }
    public required string Title { get; set; }

    /// <summary>The slug the file asks for (TimelineJS's unique_id), or null to make one from the title.</summary>
    public string? Slug { get; set; }
    public string Summary { get; set; } = "";
    public required PartialDate Start { get; init; }
    public PartialDate? End { get; init; }
    public List<string> Tags { get; init; } = [];
    public List<string> Actors { get; init; } = [];
    public string? MediaUrl { get; set; }
    public string? MediaCaption { get; set; }
    public string? MediaCredit { get; set; }
    public List<PlannedPassage> Passages { get; init; } = [];
}

/// <summary>A named period as read from a file.</summary>
public sealed record PlannedEra(string Name, PartialDate Start, PartialDate End, string Where);

/// <summary>What a file asks to create: a timeline with its events and eras, what is wrong with it, and what will not be kept.</summary>
public sealed class ImportPlan
{
    public string Title { get; set; } = "";
    public string Description { get; set; } = "";
    public List<PlannedEvent> Events { get; } = [];
    public List<PlannedEra> Eras { get; } = [];

    /// <summary>What refuses the import: nothing is written while there is one.</summary>
    public List<ImportMessage> Problems { get; } = [];

    /// <summary>What the import changes or leaves out (a time of day, a script, a background image), shown before it is committed.</summary>
    public List<ImportMessage> Warnings { get; } = [];

    public void Problem(string where, string message) => Problems.Add(new ImportMessage(where, message));

    public void Warn(string where, string message) => Warnings.Add(new ImportMessage(where, message));

    /// <summary>Says which HTML elements <see cref="HtmlToMarkdown"/> dropped from a field, when it dropped any.</summary>
    public void WarnDropped(string where, IReadOnlyList<string> dropped)
    {
        if (dropped.Count > 0)
        {
            Warn(where, $"HTML that a timeline here does not show was removed ({string.Join(", ", dropped.Select(d => $"<{d}>"))}); its text is kept where it had any.");
        }
    }
}

/// <summary>One event as the preview shows it before an import is committed.</summary>
public sealed record ImportPreviewRow(string Where, string Date, string Title, string Slug, int Passages, bool HasMedia, IReadOnlyList<string> Tags);

/// <summary>
/// The outcome of an import, or of its dry run: the timeline it made (or would make), what it holds, and the problems
/// that refused it or the warnings about what it left out.
/// </summary>
public sealed record ImportOutcome(
    bool Committed, int? TimelineId, string Title, string Slug, IReadOnlyList<ImportPreviewRow> Events, int Eras, int Passages,
    IReadOnlyList<ImportMessage> Problems, IReadOnlyList<ImportMessage> Warnings)
{
    public bool Succeeded => Problems.Count == 0;

    public static ImportOutcome Refused(IReadOnlyList<ImportMessage> problems, IReadOnlyList<ImportMessage> warnings) =>
        new(false, null, "", "", [], 0, 0, problems, warnings);
}

/// <summary>Stated limits on imported files.</summary>
public static class ImportLimits
{
    /// <summary>The largest file an import reads: far above any real TimelineJS file, small enough to read whole.</summary>
    public const long Bytes = 20 * 1024 * 1024;

    /// <summary>The most events one import creates.</summary>
    public const int Events = 5_000;

    /// <summary>How many problems are listed before the rest are counted.</summary>
    public const int ListedProblems = 50;
}
