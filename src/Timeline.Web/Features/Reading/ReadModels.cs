using Timeline.Domain;
using Timeline.Web.Data;

namespace Timeline.Web.Features.Reading;

/// <summary>A published timeline as listed on the home page.</summary>
public sealed record TimelineSummary(string Slug, string Title, string DescriptionHtml, int EventCount, PartialDate? First, PartialDate? Last);

/// <summary>A published timeline with its published events, oldest first.</summary>
public sealed record TimelineView(string Slug, string Title, string Description, string DescriptionHtml, IReadOnlyList<EventView> Events)
{
    public IEnumerable<IGrouping<int, EventView>> ByYear => Events.GroupBy(e => e.Start.Year);

    public int DisputedCount => Events.Count(e => e.IsDisputed);
}

/// <summary>One page of a timeline's published events; <see cref="TimelineView.Events"/> holds that page only.</summary>
public sealed record TimelineSlice(TimelineView Timeline, TimelineFilter Applied, int Page, int PageSize, int PageCount, int Total, IReadOnlyList<QueryProblem> Problems)
{
    /// <summary>The timeline's eras, as its editors defined them.</summary>
    public IReadOnlyList<EraView> Eras { get; init; } = [];

    /// <summary>False when the page asked for lies outside 1 to <see cref="PageCount"/> (its events are then empty).</summary>
    public bool IsInRange => Page >= 1 && Page <= PageCount;
}

/// <summary>A name with its URL slug (a tag or an actor).</summary>
public sealed record NamedRef(string Name, string Slug);

/// <summary>The source an excerpt is taken from, without its text.</summary>
public sealed record SourceRef(int Id, string Title, string Outlet, string? Author, PartialDate? PublishedOn, string? Url)
{
    /// <summary>
    /// The address to link to: only an http or https URL. A source's URL is checked when an editor saves it, but rows
    /// can reach the database by other paths (the generator, a restore, an import), so pages link through this alone.
    /// </summary>
    public string? WebUrl => Timeline.Web.Features.Editing.EditValidation.IsWebUrl(Url) ? Url : null;
}

/// <summary>An excerpt as it backs one event.</summary>
public sealed record ExcerptView(
    int Id, ExcerptRole Role, string Quote, string Prefix, string Suffix, int Start, int End,
    AnchorStatus Anchor, SourceRef Source)
{
    public bool IsBroken => Anchor == AnchorStatus.Broken;

    /// <summary>For a disputing passage: what it differs in, when the editor said.</summary>
    public Difference? Differs { get; init; }

    /// <summary>For a disputing passage: the editor's note naming what differs.</summary>
    public string? Note { get; init; }

    /// <summary>A disputing passage with something to say about how it differs.</summary>
    public bool HasDisputeNote => Role == ExcerptRole.Disputes && (Differs is not null || !string.IsNullOrWhiteSpace(Note));

    /// <summary>"the figure", "the date"…: what differs, as a reader reads it after "What differs:".</summary>
    public string? DiffersLabel => Differs switch
    {
        Difference.Figure => "the figure",
        Difference.Date => "the date",
        Difference.Wording => "the wording",
        Difference.Characterisation => "how it is characterised",
        Difference.Fact => "the facts",
        _ => null,
    };
}

/// <summary>An event as an editor previews it, and whether readers can see it yet.</summary>
public sealed record EventPreview(string TimelineSlug, string TimelineTitle, EventView Event, bool IsVisibleToReaders);

/// <summary>A published event ready to show: dates parsed, Markdown rendered, excerpts in order.</summary>
public sealed record EventView(
    int Id, string Slug, string Title, string Summary, string SummaryHtml, PartialDate Start, PartialDate? End,
    IReadOnlyList<NamedRef> Tags, IReadOnlyList<NamedRef> Actors, IReadOnlyList<ExcerptView> Excerpts)
{
    public string DateLabel => End is { } end ? $"{Start.ToDisplayString()} – {end.ToDisplayString()}" : Start.ToDisplayString();

    /// <summary>True when at least one of its sources disputes what the others say.</summary>
    public bool IsDisputed => Excerpts.Any(x => x.Role == ExcerptRole.Disputes);

    public int SourceCount => Excerpts.Select(x => x.Source.Id).Distinct().Count();

    /// <summary>The event's image or link card, when it has one.</summary>
    public MediaView? Media { get; init; }

    /// <summary>The updates and corrections readers were told of, oldest first.</summary>
    public IReadOnlyList<NoticeView> Notices { get; init; } = [];

    /// <summary>When readers were last told of a change ("Updated 3 May 2026"), or null when never.</summary>
    public DateTimeOffset? UpdatedAt => Notices.Count == 0 ? null : Notices.Max(n => n.At);

    /// <summary>The latest notice, whose date readers see beside the event's own; null when never.</summary>
    public NoticeView? LatestNotice => Notices.Count == 0 ? null : Notices.MaxBy(n => n.At);

    /// <summary>"Corrected" once any correction was made, else "Updated".</summary>
    public string UpdatedWord => Notices.Any(n => n.Kind == NoticeKind.Correction) ? "Corrected" : "Updated";

    public IEnumerable<NoticeView> Corrections => Notices.Where(n => n.Kind == NoticeKind.Correction || n.Note is not null);
}

/// <summary>An update or a correction of a published event, as readers see it.</summary>
public sealed record NoticeView(NoticeKind Kind, string? Note, DateTimeOffset At)
{
    /// <summary>"3 May 2026", in UTC, as newsrooms date corrections.</summary>
    public string DateLabel => At.UtcDateTime.ToString("d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>"2026-05-03", for a time element's datetime.</summary>
    public string IsoDate => At.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    public string KindLabel => Kind == NoticeKind.Correction ? "Correction" : "Update";
}

/// <summary>A timeline's corrections and updates, newest first.</summary>
public sealed record CorrectionsView(string TimelineSlug, string TimelineTitle, IReadOnlyList<CorrectionItem> Items);

/// <summary>One notice of the corrections list, with the event it concerns.</summary>
public sealed record CorrectionItem(string EventSlug, string EventTitle, NoticeView Notice);

/// <summary>An event's image (stored, at its widths) or its link to a video or post, with caption and credit.</summary>
public sealed record MediaView(int? ImageId, int Width, int Height, string? Url, string? Alt, string? Caption, string? Credit)
{
    /// <summary>The widths stored for the image, smallest first.</summary>
    public IReadOnlyList<int> Widths => ImageId is null ? [] : Features.Media.ImageRenditions.WidthsFor(Width);

    /// <summary>A link card only for web addresses: anything else that reached the database is never made a link.</summary>
    public bool IsWebLink => ImageId is null && Timeline.Web.Features.Editing.EditValidation.IsWebUrl(Url);

    /// <summary>The site the link goes to, as readers know it ("youtube.com").</summary>
    public string Host => Uri.TryCreate(Url, UriKind.Absolute, out var uri) ? (uri.Host.StartsWith("www.", StringComparison.OrdinalIgnoreCase) ? uri.Host[4..] : uri.Host) : "";
}

/// <summary>
/// One event's permalink page, a step of the timeline's story: the event, its timeline, its neighbours and its place
/// (1 to <see cref="Total"/>) in the story's order, and the timeline's axis with the event highlighted.
/// </summary>
public sealed record EventPageView(
    string TimelineSlug, string TimelineTitle, EventView Event, EventLink? Previous, EventLink? Next, int Position, int Total, bool NewestFirst, AxisData? Axis);

/// <summary>A link to a neighbouring event.</summary>
public sealed record EventLink(string Slug, string Title, PartialDate Start);

/// <summary>A source with its full text cut into plain and highlighted segments.</summary>
public sealed record SourceView(
    SourceRef Source, string Language, IReadOnlyList<TextSegment> Segments, IReadOnlyList<CitedPassage> Passages, IReadOnlyList<CitedPassage> Broken)
{
    /// <summary>What the text shows of its origin, as the editors recorded it.</summary>
    public string? Provenance { get; init; }

    /// <summary>The day the text was captured from the original, when known.</summary>
    public DateOnly? CapturedOn { get; init; }
}

/// <summary>A passage as it backs one published event: what the passage's Web Annotation says.</summary>
/// <param name="CreatedAt">When the pairing can first have existed: the later of the passage's and the event's creation.</param>
public sealed record CitationView(
    ExcerptView Excerpt, int EventId, string EventSlug, string EventTitle, PartialDate EventStart, string TimelineSlug, string TimelineTitle,
    DateTimeOffset CreatedAt);

/// <summary>A source with its full text (as stored) and the day that text was captured, when known.</summary>
public sealed record SourceTextView(SourceRef Source, string Language, DateOnly? CapturedOn, string Text);

/// <summary>Passages readers can see, each with the event it backs, and the sources they are quoted from, by id.</summary>
public sealed record CitationsView(IReadOnlyList<CitationView> Citations, IReadOnlyDictionary<int, SourceTextView> Sources);

/// <summary>The passages backing a published timeline's published events.</summary>
public sealed record TimelineCitationsView(string Slug, string Title, CitationsView Citations);

/// <summary>A run of source text; highlighted when one or more excerpts cover it.</summary>
public sealed record TextSegment(string Text, IReadOnlyList<int> ExcerptIds, IReadOnlyList<int> StartsExcerpts, IReadOnlyList<int> EndsExcerpts)
{
    public bool IsHighlighted => ExcerptIds.Count > 0;
}

/// <summary>An excerpt of a source and the published events it is cited by.</summary>
public sealed record CitedPassage(int ExcerptId, int Number, string Quote, IReadOnlyList<CitingEvent> Events);

/// <summary>An event that cites a passage, with the role the passage plays.</summary>
public sealed record CitingEvent(string TimelineSlug, string TimelineTitle, string EventSlug, string EventTitle, PartialDate Start, ExcerptRole Role);

/// <summary>A page of a timeline's disputed events.</summary>
public sealed record DisagreementsView(TimelineView Timeline, int Total, int Page, int PageCount)
{
    /// <summary>Disputed events per page; each shows every passage, so pages stay short.</summary>
    public const int PageSize = 25;
}

/// <summary>The names behind a resolved filter's slugs, for describing the filter to readers.</summary>
public sealed record FilterNames(NamedRef? Tag, NamedRef? Actor, string? SourceOutlet);

/// <summary>
/// The events an embed shows (<see cref="TimelineView.Events"/>, at most <see cref="MaxEvents"/>), how many the
/// timeline has and how many matched its filter, the filter as applied, the start event kept, and the options set aside.
/// </summary>
public sealed record EmbedWindow(
    TimelineView Timeline, TimelineFilter Applied, string? Start, int Total, int Matching, FilterNames Names, IReadOnlyList<QueryProblem> Problems)
{
    /// <summary>
    /// The most events one frame shows. An embed sits in someone else's article and must stay light on phones;
    /// beyond this, filters or the full timeline serve readers better.
    /// </summary>
    public const int MaxEvents = 100;

    /// <summary>Matching events left out by <see cref="MaxEvents"/>.</summary>
    public int NotShown => Matching - Timeline.Events.Count;

    /// <summary>
    /// Where the frame's events begin among the matching ones: the first events or, when the start event lies beyond
    /// them, the events from it on (the last ones when it is near the end).
    /// </summary>
    public static int FirstShown(int matching, int? startIndex) =>
        matching <= MaxEvents || startIndex is not { } index || index < MaxEvents ? 0 : Math.Min(index, matching - MaxEvents);
}

/// <summary>A timeline's feed: its latest added or changed events, newest change first.</summary>
public sealed record FeedView(string TimelineSlug, string Title, string Description, DateTimeOffset Updated, IReadOnlyList<FeedItem> Items);

/// <summary>One event of a feed, with when it was added and last changed.</summary>
public sealed record FeedItem(EventView Event, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
