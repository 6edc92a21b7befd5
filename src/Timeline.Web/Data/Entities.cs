using Timeline.Domain;

namespace Timeline.Web.Data;

/// <summary>A timeline: a titled, ordered set of events.</summary>
public sealed class TimelineEntity
{
    public int Id { get; set; }
    public required string Slug { get; set; }
    public required string Title { get; set; }

    /// <summary>The description as the editor wrote it (Markdown); set through <see cref="SetDescription"/>.</summary>
    public string Description { get; private set; } = "";

    /// <summary>
    /// <see cref="Description"/> rendered by <see cref="MarkdownRenderer"/> when it was saved, so readers never render
    /// Markdown; set only with it, through <see cref="SetDescription"/>.
    /// </summary>
    public string DescriptionHtml { get; private set; } = "";
    public bool IsPublished { get; set; }
    public bool IsDeleted { get; set; }

    /// <summary>Optimistic concurrency token, changed on every save.</summary>
    public Guid Version { get; set; } = Guid.NewGuid();
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public List<Event> Events { get; set; } = [];

    /// <summary>The named periods editors defined, drawn as bands on the axis.</summary>
    public List<TimelineEra> Eras { get; set; } = [];

    /// <summary>Sets the Markdown description and its rendered HTML together.</summary>
    public void SetDescription(string? markdown)
    {
        Description = markdown ?? "";
        DescriptionHtml = MarkdownRenderer.ToHtml(Description);
    }
}

/// <summary>
/// A named period of a timeline ("The sanctions take hold", 2017 to 2019), as TimelineJS's eras: drawn as a band behind
/// the events on the axis, its name a link that zooms to it. Dates are ISO at any precision, as an event's.
/// </summary>
public sealed class TimelineEra
{
    public const int MaxNameLength = 80;

    /// <summary>Enough bands for any story; more would crowd the axis.</summary>
    public const int MaxPerTimeline = 20;

    public int Id { get; set; }
    public int TimelineId { get; set; }
    public TimelineEntity Timeline { get; set; } = null!;
    public required string Name { get; set; }
    public required string Start { get; set; }
    public required string End { get; set; }
}

/// <summary>A dated event of a timeline, backed by excerpts of its sources.</summary>
public sealed class Event
{
    public int Id { get; set; }
    public int TimelineId { get; set; }
    public TimelineEntity Timeline { get; set; } = null!;
    public required string Slug { get; set; }
    public required string Title { get; set; }

    /// <summary>The summary as the editor wrote it (Markdown); set through <see cref="SetSummary"/>.</summary>
    public string Summary { get; private set; } = "";

    /// <summary>
    /// <see cref="Summary"/> rendered by <see cref="MarkdownRenderer"/> when it was saved, so readers never render
    /// Markdown; set only with it, through <see cref="SetSummary"/>.
    /// </summary>
    public string SummaryHtml { get; private set; } = "";

    /// <summary>ISO partial date at its own precision: 2017, 2017-09 or 2017-09-11.</summary>
    public required string Start { get; set; }
    public string? End { get; set; }
    public DateQualifier Qualifier { get; set; }

    /// <summary>Derived from <see cref="Start"/> and <see cref="Qualifier"/> so the database can order events.</summary>
    public long SortKey { get; set; }

    /// <summary>
    /// The first and last day the event can cover (<see cref="DateOnly.DayNumber"/>): its start's earliest day and its
    /// end's (else its start's) latest day, each at its own precision and qualifier. Derived, so that the database can
    /// select the events that reach into a date range.
    /// </summary>
    public int FirstDay { get; set; }

    /// <inheritdoc cref="FirstDay"/>
    public int LastDay { get; set; }

    public bool IsPublished { get; set; }
    public bool IsDeleted { get; set; }

    /// <summary>Optimistic concurrency token, changed on every save.</summary>
    public Guid Version { get; set; } = Guid.NewGuid();
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public List<Tag> Tags { get; set; } = [];
    public List<Actor> Actors { get; set; } = [];
    public List<EventExcerpt> Excerpts { get; set; } = [];

    /// <summary>What readers are told of changes made after the event was published: updates and corrections.</summary>
    public List<EventNotice> Notices { get; set; } = [];

    /// <summary>The event's image, when it has one: stored by the app, shown with <see cref="MediaAlt"/>.</summary>
    public int? MediaImageId { get; set; }
    public MediaImage? MediaImage { get; set; }

    /// <summary>The event's link to a video or a social post, shown as a link card (never a third-party frame or script).</summary>
    public string? MediaUrl { get; set; }

    /// <summary>The image's text alternative, required with an image.</summary>
    public string? MediaAlt { get; set; }
    public string? MediaCaption { get; set; }
    public string? MediaCredit { get; set; }

    public PartialDate StartDate => PartialDate.Parse(Start, Qualifier);
    public PartialDate? EndDate => End is null ? null : PartialDate.Parse(End);

    /// <summary>Sets the Markdown summary and its rendered HTML together.</summary>
    public void SetSummary(string? markdown)
    {
        Summary = markdown ?? "";
        SummaryHtml = MarkdownRenderer.ToHtml(Summary);
    }

    /// <summary>Sets the dates and keeps the derived sort key in step.</summary>
    public void SetDates(PartialDate start, PartialDate? end)
    {
        Start = start.ToIso();
        Qualifier = start.Qualifier;
        End = end?.ToIso();
        SortKey = start.SortKey;
        (FirstDay, LastDay) = Span(start, end);
    }

    /// <summary>The days an event dated start (to end) can cover, as stored in <see cref="FirstDay"/> and <see cref="LastDay"/>.</summary>
    public static (int First, int Last) Span(PartialDate start, PartialDate? end) =>
        (start.EarliestDay.DayNumber, (end ?? start).LatestDay.DayNumber);
}

/// <summary>
/// An image uploaded by an editor, kept in the database (so every instance serves it) as re-encoded renditions at a
/// few widths: the uploaded file itself, with whatever metadata it carried, is never stored or served. Never changed
/// once written, so its URLs can be cached for good and old revisions can point at it.
/// </summary>
public sealed class MediaImage
{
    public int Id { get; set; }
    public int Width { get; set; }
    public int Height { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public List<MediaRendition> Renditions { get; set; } = [];
}

/// <summary>One width of a <see cref="MediaImage"/>, encoded for the web.</summary>
public sealed class MediaRendition
{
    public int Id { get; set; }
    public int ImageId { get; set; }
    public MediaImage Image { get; set; } = null!;
    public int Width { get; set; }
    public int Height { get; set; }
    public required string ContentType { get; set; }
    public required byte[] Bytes { get; set; }
}

/// <summary>A tag or an actor: a name shared across events, and the unique slug readers filter by.</summary>
public interface ILabel
{
    string Name { get; }
    string Slug { get; }
}

/// <summary>A subject label shared across events.</summary>
public sealed class Tag : ILabel
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public required string Slug { get; set; }
    public List<Event> Events { get; set; } = [];
}

/// <summary>A person, organisation or state that takes part in events.</summary>
public sealed class Actor : ILabel
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public required string Slug { get; set; }
    public List<Event> Events { get; set; } = [];
}

/// <summary>A source document: an article, report or statement, with its full text.</summary>
public sealed class Source
{
    public int Id { get; set; }
    public required string Title { get; set; }
    public required string Outlet { get; set; }
    public string? Author { get; set; }

    /// <summary>ISO partial date of publication, when known.</summary>
    public string? PublishedOn { get; set; }
    public string? Url { get; set; }
    public string Language { get; set; } = "en";

    /// <summary>
    /// What the text itself shows of where it comes from, beyond the outlet ("The Wall Street Journal's article as
    /// reprinted in Human Rights Without Frontiers' newsletter"), so readers can weigh a copy; null when nothing more.
    /// </summary>
    public string? Provenance { get; set; }
    public required string Text { get; set; }

    /// <summary>
    /// The day <see cref="Text"/> was captured from the original, when known: the state of the original the passages
    /// quote (a Web Annotation's TimeState), so a reader can tell the copy from a later version of the page.
    /// </summary>
    /// <remarks>
    /// A <see cref="DateOnly"/>, not an ISO partial date as <see cref="PublishedOn"/> is: a publication date is often
    /// known only to the month or year from the text itself, but whoever copies a text knows the day they did it, and a
    /// whole day can be checked against today and written as the xsd:dateTime the annotation model asks for. Stored as
    /// TEXT "yyyy-MM-dd" by the SQLite provider, as readable as <see cref="PublishedOn"/>.
    /// </remarks>
    public DateOnly? CapturedOn { get; set; }
    public bool IsDeleted { get; set; }

    /// <summary>Optimistic concurrency token, changed on every save.</summary>
    public Guid Version { get; set; } = Guid.NewGuid();
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public List<Excerpt> Excerpts { get; set; } = [];
}

/// <summary>A passage of one source, kept as W3C Web Annotation quote and position selectors.</summary>
public sealed class Excerpt
{
    public int Id { get; set; }
    public int SourceId { get; set; }
    public Source Source { get; set; } = null!;
    public required string Exact { get; set; }
    public string Prefix { get; set; } = "";
    public string Suffix { get; set; } = "";
    public int Start { get; set; }
    public int End { get; set; }

    /// <summary>How the passage was found the last time the source text was anchored.</summary>
    public AnchorStatus Anchor { get; set; } = AnchorStatus.AtPosition;
    public DateTimeOffset CreatedAt { get; set; }
    public List<EventExcerpt> Events { get; set; } = [];
}

/// <summary>What an excerpt does for an event.</summary>
public enum ExcerptRole
{
    Supports,
    Disputes,
    Context,
}

/// <summary>What a disputing passage says differently from the passages that support the event.</summary>
public enum Difference
{
    /// <summary>A number: troops, workers, visas.</summary>
    Figure,

    /// <summary>When something happened.</summary>
    Date,

    /// <summary>The words given for the same statement, as two translations of one remark.</summary>
    Wording,

    /// <summary>How the same thing is described: a denial against an acknowledgement.</summary>
    Characterisation,

    /// <summary>Whether it happened at all, or who did it.</summary>
    Fact,
}

/// <summary>Links an event to an excerpt with a role and a place in the event's list.</summary>
public sealed class EventExcerpt
{
    public int EventId { get; set; }
    public Event Event { get; set; } = null!;
    public int ExcerptId { get; set; }
    public Excerpt Excerpt { get; set; } = null!;
    public ExcerptRole Role { get; set; }
    public int Position { get; set; }

    /// <summary>For a passage that disputes the event: what it differs in. Kept when the role changes, shown only for disputes.</summary>
    public Difference? Differs { get; set; }

    /// <summary>For a passage that disputes the event: the editor's one-line note naming what differs, shown to readers.</summary>
    public string? Note { get; set; }
}

/// <summary>
/// A slug a timeline had before it was renamed: its old links answer 301 to the current one, and no other timeline
/// may take it, so a shared link never starts pointing at something else.
/// </summary>
public sealed class FormerTimelineSlug
{
    public int Id { get; set; }
    public int TimelineId { get; set; }
    public TimelineEntity Timeline { get; set; } = null!;
    public required string Slug { get; set; }
    public DateTimeOffset RetiredAt { get; set; }
}

/// <summary>A slug an event had in its timeline before it was renamed, kept as <see cref="FormerTimelineSlug"/> is.</summary>
public sealed class FormerEventSlug
{
    public int Id { get; set; }
    public int EventId { get; set; }
    public Event Event { get; set; } = null!;

    /// <summary>The event's timeline, so that the slug is unique within it as current slugs are.</summary>
    public int TimelineId { get; set; }
    public required string Slug { get; set; }
    public DateTimeOffset RetiredAt { get; set; }
}

/// <summary>What a notice tells readers about a change to a published event.</summary>
public enum NoticeKind
{
    /// <summary>New information: readers see "Updated" and the date, with the note when there is one.</summary>
    Update,

    /// <summary>Something published was wrong: readers see the note ("An earlier version gave the figure as 14,000").</summary>
    Correction,
}

/// <summary>
/// A change to a published event that readers are told of, with its public one-line note. Kept when the event is
/// edited again; shown only while the event is published.
/// </summary>
public sealed class EventNotice
{
    public const int MaxNoteLength = 200;

    public int Id { get; set; }
    public int EventId { get; set; }
    public Event Event { get; set; } = null!;
    public NoticeKind Kind { get; set; }
    public string? Note { get; set; }
    public DateTimeOffset At { get; set; }

    /// <summary>Who made the change, for the editors' history (readers see no names).</summary>
    public string UserName { get; set; } = "";
}
