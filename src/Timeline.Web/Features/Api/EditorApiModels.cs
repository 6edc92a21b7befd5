using System.Globalization;

namespace Timeline.Web.Features.Api;

/// <summary>
/// An event as a program sends it to be created: the editor's form's fields. Dates are ISO 8601 at their own precision
/// (2017, 2017-09, 2017-09-11); <see cref="Qualifier"/> is exact (the default), circa, early, mid, late, before or after.
/// An omitted slug is made from the title. A new event is a draft unless <see cref="IsPublished"/> is true.
/// </summary>
public class EventRequest
{
    public string? Title { get; set; }
    public string? Slug { get; set; }
    public string? Summary { get; set; }
    public string? Start { get; set; }
    public string? End { get; set; }
    public string? Qualifier { get; set; }
    public List<string>? Tags { get; set; }
    public List<string>? Actors { get; set; }
    public bool? IsPublished { get; set; }
}

/// <summary>
/// The whole of an event as it is to be, with the <see cref="Version"/> it was read at: every field is replaced (an
/// omitted list or summary becomes empty, an omitted slug is made from the title, an omitted isPublished keeps the
/// event's state). For a published event, <see cref="Change"/> says what readers are told: none (a small fix, the
/// default), update, or correction with its one-line <see cref="ChangeNote"/>.
/// </summary>
public sealed class EventUpdateRequest : EventRequest
{
    public string? Version { get; set; }
    public string? Change { get; set; }
    public string? ChangeNote { get; set; }
}

/// <summary>
/// A passage of a source to attach to an event: either an exact <see cref="Quote"/> that occurs once in the source's
/// text, or <see cref="Start"/> and <see cref="End"/> offsets into it (UTF-16 code units, as the excerpts of
/// /api/timelines give them). <see cref="Role"/> is supports (the default), disputes or context.
/// </summary>
public sealed class PassageRequest
{
    public int? SourceId { get; set; }
    public string? Quote { get; set; }
    public int? Start { get; set; }
    public int? End { get; set; }
    public string? Role { get; set; }
}

/// <summary>
/// A source with its full text, as the editor's source form takes it. Dates are ISO: publishedOn at any precision,
/// capturedOn a whole day; language is a code such as en (the default).
/// </summary>
public sealed class SourceRequest
{
    public string? Title { get; set; }
    public string? Outlet { get; set; }
    public string? Author { get; set; }
    public string? PublishedOn { get; set; }
    public string? Url { get; set; }
    public string? Language { get; set; }
    public string? Provenance { get; set; }
    public string? CapturedOn { get; set; }
    public string? Text { get; set; }
}

/// <summary>
/// An event as an editor sees it, drafts included, with the <see cref="Version"/> to send back when changing it:
/// ISO dates at their own precision, its passages in order.
/// </summary>
public sealed record EditorEventDto(
    int Id, string Timeline, string Title, string Slug, string Summary, string Start, string? End, string Qualifier,
    IReadOnlyList<string> Tags, IReadOnlyList<string> Actors, bool IsPublished, string Version, string UpdatedAt,
    IReadOnlyList<EditorPassageDto> Passages);

/// <summary>A passage attached to an event: the excerpt's id and quote, its source, its role and whether it still anchors.</summary>
public sealed record EditorPassageDto(int ExcerptId, int SourceId, string SourceTitle, string Quote, string Role, string Anchor);

/// <summary>A source as an editor sees it, with its full text and the number of passages quoted from it.</summary>
public sealed record EditorSourceDto(
    int Id, string Title, string Outlet, string? Author, string? PublishedOn, string? Url, string Language, string? Provenance,
    string? CapturedOn, string Text, int Passages);

/// <summary>
/// An event's version as the API gives it: its concurrency token, and the revision that state came from, so that a
/// stale write can be told what changed since (<c>"3f2c…e1.42"</c>; opaque to clients, who send it back as it is).
/// </summary>
public readonly record struct EventVersion(Guid Token, long Revision)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Token:N}.{Revision}");

    public static bool TryParse(string? text, out EventVersion version)
    {
        version = default;
        var dot = text?.IndexOf('.', StringComparison.Ordinal) ?? -1;
        if (dot < 0
            || !Guid.TryParseExact(text.AsSpan(0, dot), "N", out var token)
            || !long.TryParse(text.AsSpan(dot + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var revision))
        {
            return false;
        }

        version = new EventVersion(token, revision);
        return true;
    }
}
