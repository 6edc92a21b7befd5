using Timeline.Domain;
using Timeline.Web.Data;

namespace Timeline.Web.Features.Editing;

/// <summary>Who is making a change, as recorded in revisions.</summary>
public sealed record EditorIdentity(string? UserId, string UserName);

/// <summary>Field-level messages for bad input; the key is the input's property name.</summary>
public sealed class FieldErrors : Dictionary<string, string>
{
    public FieldErrors()
        : base(StringComparer.Ordinal)
    {
    }
}

/// <summary>Another editor saved first: what they changed, so nothing is overwritten unseen.</summary>
public sealed record ConflictInfo(string ChangedBy, DateTimeOffset ChangedAt, IReadOnlyList<FieldChange> Changes);

/// <summary>One field as it was when the editor opened the item and as it is now.</summary>
public sealed record FieldChange(string Field, string Before, string After);

/// <summary>The outcome of a save: done, refused for bad input, refused for a conflict, or the item is gone.</summary>
public sealed record SaveResult<T>(T? Value, FieldErrors Errors, ConflictInfo? Conflict, string? Problem)
{
    public bool Succeeded => Errors.Count == 0 && Conflict is null && Problem is null;

    public static SaveResult<T> Ok(T value) => new(value, [], null, null);

    public static SaveResult<T> Invalid(FieldErrors errors) => new(default, errors, null, null);

    public static SaveResult<T> Conflicted(ConflictInfo conflict) => new(default, [], conflict, null);

    public static SaveResult<T> Failed(string problem) => new(default, [], null, problem);
}

/// <summary>The fields of an event as the editor's form holds them.</summary>
public sealed class EventInput
{
    public int? Id { get; set; }
    public int TimelineId { get; set; }
    public string Title { get; set; } = "";
    public string Slug { get; set; } = "";
    public string Summary { get; set; } = "";
    public string Start { get; set; } = "";
    public string? End { get; set; }
    public DateQualifier Qualifier { get; set; }
    public List<string> Tags { get; set; } = [];
    public List<string> Actors { get; set; } = [];
    public bool IsPublished { get; set; }

    /// <summary>The concurrency token the editor loaded; null for a new event.</summary>
    public Guid? Version { get; set; }

    /// <summary>The event as it was loaded, to tell the editor what someone else changed on a conflict.</summary>
    public EventSnapshot? Original { get; set; }

    /// <summary>For a new event made from a passage: the passage, attached in the same transaction as the event is created.</summary>
    public PassageChoice? Passage { get; set; }

    /// <summary>For a change to a published event: whether readers are told of it (an update, a correction) or not (a small fix).</summary>
    public PublicChange Change { get; set; }

    /// <summary>The one-line public note of an update (optional) or a correction (required).</summary>
    public string? ChangeNote { get; set; }
}

/// <summary>What readers are told of a change to a published event.</summary>
public enum PublicChange
{
    /// <summary>A typo or wording fix: readers see nothing.</summary>
    None,

    /// <summary>New information: "Updated" with the date.</summary>
    Update,

    /// <summary>A mistake put right: the public note with the date.</summary>
    Correction,
}

/// <summary>A passage [Start, End) of a source chosen in the picker, and what it does for the event.</summary>
public sealed record PassageChoice(int SourceId, int Start, int End, ExcerptRole Role = ExcerptRole.Supports);

/// <summary>An event's editable state, stored as JSON in revisions.</summary>
public sealed record EventSnapshot(
    string Title, string Slug, string Summary, string Start, string? End, DateQualifier Qualifier,
    IReadOnlyList<string> Tags, IReadOnlyList<string> Actors, bool IsPublished, IReadOnlyList<ExcerptLinkSnapshot> Excerpts,
    MediaSnapshot? Media = null);

/// <summary>An event's image (by its stored, never-changed id) or link, and their texts, in a revision.</summary>
public sealed record MediaSnapshot(int? ImageId, string? Url, string? Alt, string? Caption, string? Credit);

/// <summary>What the media form holds: an image's texts, or a link to a video or post with its caption and credit.</summary>
public sealed class MediaInput
{
    /// <summary>True for a link card; false for an image (a new upload, or the event's current image).</summary>
    public bool IsLink { get; set; }
    public string Alt { get; set; } = "";
    public string Caption { get; set; } = "";
    public string Credit { get; set; } = "";
    public string Url { get; set; } = "";
}

/// <summary>An excerpt attached to an event, in a revision snapshot (with what a disputing passage differs in).</summary>
public sealed record ExcerptLinkSnapshot(int ExcerptId, ExcerptRole Role, int Position, string Quote, Difference? Differs = null, string? Note = null);

/// <summary>The words the editor uses for what a passage does for an event, the same on every page.</summary>
public static class RoleNames
{
    public static string Of(ExcerptRole role) => role switch
    {
        ExcerptRole.Supports => "supports the event",
        ExcerptRole.Disputes => "disputes it",
        _ => "gives context",
    };

    public static string Of(Difference differs) => differs switch
    {
        Difference.Figure => "a figure",
        Difference.Date => "a date",
        Difference.Wording => "the wording",
        Difference.Characterisation => "how it is characterised",
        _ => "the facts",
    };
}

/// <summary>The fields of a timeline as the editor's form holds them.</summary>
public sealed class TimelineInput
{
    public int? Id { get; set; }
    public string Title { get; set; } = "";
    public string Slug { get; set; } = "";
    public string Description { get; set; } = "";
    public bool IsPublished { get; set; }
    public Guid? Version { get; set; }
}

/// <summary>An era as the timeline form holds it: a name and ISO dates at any precision ("2017", "2019-12").</summary>
public sealed class EraInput
{
    public string Name { get; set; } = "";
    public string Start { get; set; } = "";
    public string End { get; set; } = "";
}

/// <summary>A timeline's eras in revisions.</summary>
public sealed record ErasSnapshot(IReadOnlyList<EraSnapshot> Eras);

/// <summary>One era in a revision.</summary>
public sealed record EraSnapshot(string Name, string Start, string End);

/// <summary>A timeline's editable state in revisions.</summary>
public sealed record TimelineSnapshot(string Title, string Slug, string Description, bool IsPublished);

/// <summary>The fields of a source as the editor's form holds them.</summary>
public sealed class SourceInput
{
    public int? Id { get; set; }
    public string Title { get; set; } = "";
    public string Outlet { get; set; } = "";
    public string? Author { get; set; }
    public string? PublishedOn { get; set; }
    public string? Url { get; set; }
    public string Language { get; set; } = "en";

    /// <summary>What the text shows of its origin (a reprint, a translation, a copy without masthead).</summary>
    public string? Provenance { get; set; }

    /// <summary>The day the text was copied from the original, as typed: an ISO date (YYYY-MM-DD), or empty when unknown.</summary>
    public string? CapturedOn { get; set; }
    public string Text { get; set; } = "";
    public Guid? Version { get; set; }
}

/// <summary>A source's state in revisions; <see cref="CapturedOn"/> is an ISO date (null in revisions made before it existed).</summary>
public sealed record SourceSnapshot(
    string Title, string Outlet, string? Author, string? PublishedOn, string? Url, string Language, string Text, string? Provenance = null,
    string? CapturedOn = null);

/// <summary>What happened to one excerpt when its source's text was changed.</summary>
public sealed record ReanchorOutcome(int ExcerptId, string Quote, AnchorStatus Status, double Similarity);

/// <summary>A saved source and how each of its excerpts fared.</summary>
public sealed record SourceSaved(int Id, IReadOnlyList<ReanchorOutcome> Excerpts);
