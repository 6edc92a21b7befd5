using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Timeline.Domain;
using Timeline.Web.Data;
using Timeline.Web.Features.Reading;
using Timeline.Web.Infrastructure;

namespace Timeline.Web.Features.Api;

/// <summary>
/// Every passage readers can see, as a W3C Web Annotation (https://www.w3.org/TR/annotation-model/) in JSON-LD: an
/// AnnotationCollection per source and per timeline, its one page embedded, and each annotation at its own address.
/// Drafts never show: a passage is annotated only where it backs a published event of a published timeline.
/// </summary>
/// <remarks>
/// <para>
/// One annotation per passage and event it backs: a passage quoted by two events is two annotations, since what it does
/// for each can differ. The target is the passage in its source: a SpecificResource whose source is the original's URL
/// (the app's page of the source when it has none), with a TextQuoteSelector and a TextPositionSelector, and a
/// TimeState that says which text the selectors read: sourceDate is the day it was captured, cached the app's copy, and
/// <see cref="Sha256Key"/> its SHA-256. The body names the event: a SpecificResource with its page and title, and a
/// TextualBody that says in words what the passage does for it.
/// </para>
/// <para>
/// The motivation comes from the passage's role, from the model's list
/// (https://www.w3.org/TR/annotation-model/#motivation-and-purpose): Supports is <c>assessing</c> (the editors judged
/// the passage to be evidence for the event); Disputes is <c>questioning</c> (the passage is set against the event as
/// told: one of the accounts is in question, "question its veracity" in the model's words); Context is <c>linking</c>
/// (the event is a resource related to the passage, which neither backs nor contradicts it). <c>describing</c> does
/// not fit any of them: the event does not describe the passage. The context document lists <c>assessing</c> since the
/// W3C fixed its omission (w3c/web-annotation#444).
/// </para>
/// </remarks>
public static class WebAnnotations
{
    /// <summary>JSON-LD with the Web Annotation profile, as the Web Annotation Protocol serves it.</summary>
    public const string ContentType = "application/ld+json; profile=\"http://www.w3.org/ns/anno.jsonld\"";

    /// <summary>The Web Annotation JSON-LD context, the only one a document names.</summary>
    public const string Context = "http://www.w3.org/ns/anno.jsonld";

    /// <summary>
    /// Where the SHA-256 of the stored source text goes, the same on every annotation: on the target's TimeState, as
    /// schema.org's <c>sha256</c> ("the SHA-2 SHA256 hash of the content of the item", in hex). The model has no digest
    /// property of its own; this compact IRI uses the <c>schema</c> prefix that anno.jsonld itself defines, so JSON-LD
    /// processors keep it with the one context. It sits on the state, not on the source, because it is a fact of that
    /// state (the text as captured and kept here), not of the original page as it is today. A reader who kept an
    /// annotation can tell from a later one whether the text its selectors read has changed since: an editor's new copy
    /// of the original gives a new digest (and a new capture date).
    /// </summary>
    public const string Sha256Key = "schema:sha256";

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string SourcePath(int sourceId) => string.Create(CultureInfo.InvariantCulture, $"/api/sources/{sourceId}/annotations");

    public static string TimelinePath(string slug) => $"/api/timelines/{Uri.EscapeDataString(slug)}/annotations";

    /// <summary>One annotation's own address: numeric ids, so that it stays the same when the event or timeline is renamed.</summary>
    public static string AnnotationPath(int excerptId, int eventId) =>
        string.Create(CultureInfo.InvariantCulture, $"/api/excerpts/{excerptId}/annotations/{eventId}");

    public static IEndpointRouteBuilder MapWebAnnotations(this IEndpointRouteBuilder app)
    {
        string[] getAndHead = [HttpMethods.Get, HttpMethods.Head];
        // Routes with a {slug} are cached under that timeline's tag; the others under the tag every timeline's eviction
        // drops, which a source's save evicts too (through the timelines that cite it).
        app.MapMethods("/api/sources/{id:int}/annotations", getAndHead, SourceAsync)
            .CacheForReaders(PageKind.Api).WithTags("Annotations").WithName("SourceAnnotations")
            .WithSummary("Every passage of a source that published timelines quote, as a W3C Web Annotation collection.")
            .Produces(StatusCodes.Status200OK, contentType: ContentType).ProducesProblem(StatusCodes.Status404NotFound);
        app.MapMethods("/api/timelines/{slug}/annotations", getAndHead, TimelineAsync)
            .CacheForReaders(PageKind.Api).WithTags("Annotations").WithName("TimelineAnnotations")
            .WithSummary("Every passage backing a published timeline's events, as a W3C Web Annotation collection.")
            .Produces(StatusCodes.Status200OK, contentType: ContentType).ProducesProblem(StatusCodes.Status404NotFound);
        app.MapMethods("/api/excerpts/{excerptId:int}/annotations/{eventId:int}", getAndHead, AnnotationAsync)
            .CacheForReaders(PageKind.Api).WithTags("Annotations").WithName("PassageAnnotation")
            .WithSummary("One passage as it backs one published event, as a W3C Web Annotation.")
            .Produces(StatusCodes.Status200OK, contentType: ContentType).ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> SourceAsync(int id, HttpContext http, TimelineReader reader, PublicOrigins origins, CancellationToken cancellationToken)
    {
        var view = await reader.GetSourceCitationsAsync(id, cancellationToken);
        if (view is null || !view.Sources.TryGetValue(id, out var source))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Source not found",
                detail: string.Create(CultureInfo.InvariantCulture, $"No published timeline quotes a source with the id {id}."));
        }

        var label = $"Passages of “{source.Source.Title}” ({source.Source.Outlet}) quoted in published timelines";
        return TypedResults.Json(Collection(SourcePath(id), label, view, origins.For(http.Request)), JsonOptions, ContentType);
    }

    private static async Task<IResult> TimelineAsync(string slug, HttpContext http, TimelineReader reader, PublicOrigins origins, CancellationToken cancellationToken)
    {
        var view = await reader.GetTimelineCitationsAsync(slug, cancellationToken);
        if (view is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Timeline not found",
                detail: $"There is no published timeline with the slug '{slug}'.");
        }

        var label = $"Passages backing the events of “{view.Title}”";
        return TypedResults.Json(Collection(TimelinePath(view.Slug), label, view.Citations, origins.For(http.Request)), JsonOptions, ContentType);
    }

    private static async Task<IResult> AnnotationAsync(int excerptId, int eventId, HttpContext http, TimelineReader reader, PublicOrigins origins, CancellationToken cancellationToken)
    {
        var view = await reader.GetCitationAsync(excerptId, eventId, cancellationToken);
        if (view is not { Citations: [var citation] } || !view.Sources.TryGetValue(citation.Excerpt.Source.Id, out var source))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Annotation not found",
                detail: string.Create(CultureInfo.InvariantCulture, $"Passage {excerptId} backs no published event {eventId}."));
        }

        var origin = origins.For(http.Request);
        return TypedResults.Json(Annotation(citation, new SourceFacts(source, origin), origin, Context), JsonOptions, ContentType);
    }

    /// <summary>A collection of the annotations, in the given order, all on one embedded page; no page when there are none.</summary>
    internal static WaAnnotationSet Collection(string path, string label, CitationsView view, Uri origin)
    {
        var id = new Uri(origin, path).AbsoluteUri;
        var sources = view.Sources.ToDictionary(s => s.Key, s => new SourceFacts(s.Value, origin));
        // A source deleted between the two reads has no facts: its passages are gone as well.
        var items = view.Citations
            .Where(c => sources.ContainsKey(c.Excerpt.Source.Id))
            .Select(c => Annotation(c, sources[c.Excerpt.Source.Id], origin, context: null))
            .ToList();
        // The model: a page holds one or more annotations, and a collection with any has a first page and names its last.
        var page = items.Count == 0 ? null : new WaPage($"{id}#page-1", "AnnotationPage", 0, items);
        return new WaAnnotationSet(Context, id, "AnnotationCollection", label, items.Count, page, page?.Id);
    }

    private static WaAnnotation Annotation(CitationView citation, SourceFacts source, Uri origin, string? context)
    {
        var passage = citation.Excerpt;
        var motivation = MotivationOf(passage.Role);
        var eventPage = new Uri(origin, Links.Event(citation.TimelineSlug, citation.EventSlug)).AbsoluteUri;
        return new WaAnnotation(
            context,
            new Uri(origin, AnnotationPath(passage.Id, citation.EventId)).AbsoluteUri,
            "Annotation",
            motivation,
            Timestamp(citation.CreatedAt),
            [
                new WaSpecificBody(motivation, new WaResource(eventPage, "Text", "text/html", null, citation.EventTitle)),
                new WaTextualBody(motivation, Describe(citation), "text/plain", "en"),
            ],
            new WaTarget(
                "SpecificResource",
                source.Resource,
                [
                    new WaTextQuoteSelector(passage.Quote, passage.Prefix, passage.Suffix),
                    new WaTextPositionSelector(source.Index.ToCodePoints(passage.Start), source.Index.ToCodePoints(passage.End)),
                ],
                source.State));
    }

    /// <summary>The W3C motivation of a passage's role; the class remarks give the reasons.</summary>
    public static string MotivationOf(ExcerptRole role) => role switch
    {
        ExcerptRole.Supports => "assessing",
        ExcerptRole.Disputes => "questioning",
        _ => "linking",
    };

    /// <summary>"Disputes “Title” (September 2017), an event of the timeline “…”. What differs: the figure. The note."</summary>
    private static string Describe(CitationView citation)
    {
        var passage = citation.Excerpt;
        var verb = passage.Role switch
        {
            ExcerptRole.Supports => "Supports",
            ExcerptRole.Disputes => "Disputes",
            _ => "Gives context for",
        };
        var text = new StringBuilder($"{verb} “{citation.EventTitle}” ({citation.EventStart.ToDisplayString()}), an event of the timeline “{citation.TimelineTitle}”.");
        if (passage.HasDisputeNote)
        {
            text.Append(" What differs").Append(passage.DiffersLabel is { } label ? $": {label}" : "").Append('.');
            if (!string.IsNullOrWhiteSpace(passage.Note))
            {
                text.Append(' ').Append(passage.Note.Trim());
            }
        }

        return text.ToString();
    }

    /// <summary>An xsd:dateTime in UTC with "Z", as the model requires of created and sourceDate.</summary>
    private static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>What every annotation of one source shares: the target's source, its state, and the code-point index of its text.</summary>
    private sealed class SourceFacts
    {
        public SourceFacts(SourceTextView source, Uri origin)
        {
            var ownPage = new Uri(origin, Links.Source(source.Source.Id)).AbsoluteUri;
            Index = CodePointIndex.Of(source.Text);
            Resource = source.Source.WebUrl is { } original
                ? new WaResource(original, "Text", null, source.Language, null)
                : new WaResource(ownPage, "Text", "text/html", source.Language, null);
            // The capture date is a day: its first moment in UTC stands for it, the model asking for a dateTime.
            var capturedOn = source.CapturedOn is { } day ? Timestamp(new DateTimeOffset(day, TimeOnly.MinValue, TimeSpan.Zero)) : null;
            State = new WaTimeState("TimeState", capturedOn, ownPage, Sha256Hex(source.Text));
        }

        public CodePointIndex Index { get; }

        public WaResource Resource { get; }

        public WaTimeState State { get; }
    }

    /// <summary>The SHA-256 of the text's UTF-8 bytes, exactly as stored (nothing normalised), in lower-case hex.</summary>
    public static string Sha256Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}

/// <summary>
/// An AnnotationCollection (https://www.w3.org/TR/annotation-model/#annotation-collection) with its page embedded
/// (named "set" here only because code analysis keeps "Collection" for .NET collection types).
/// </summary>
public sealed record WaAnnotationSet(
    [property: JsonPropertyName("@context")] string Context,
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("label")] string Label,
    [property: JsonPropertyName("total")] int Total,
    [property: JsonPropertyName("first")] WaPage? First,
    [property: JsonPropertyName("last")] string? Last);

/// <summary>An AnnotationPage embedded in its collection (so without a context of its own).</summary>
public sealed record WaPage(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("startIndex")] int StartIndex,
    [property: JsonPropertyName("items")] IReadOnlyList<WaAnnotation> Items);

/// <summary>An Annotation; <see cref="Context"/> only when it stands alone, not inside a collection.</summary>
public sealed record WaAnnotation(
    [property: JsonPropertyName("@context")] string? Context,
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("motivation")] string Motivation,
    [property: JsonPropertyName("created")] string Created,
    [property: JsonPropertyName("body")] IReadOnlyList<WaBody> Body,
    [property: JsonPropertyName("target")] WaTarget Target);

/// <summary>A body of an annotation, with the reason it is there.</summary>
[JsonDerivedType(typeof(WaSpecificBody))]
[JsonDerivedType(typeof(WaTextualBody))]
public abstract record WaBody(
    [property: JsonPropertyName("type"), JsonPropertyOrder(-2)] string Type,
    [property: JsonPropertyName("purpose"), JsonPropertyOrder(-1)] string Purpose);

/// <summary>A web resource as the body (the event's page), given a purpose.</summary>
public sealed record WaSpecificBody(string Purpose, [property: JsonPropertyName("source")] WaResource Source)
    : WaBody("SpecificResource", Purpose);

/// <summary>A body of plain text embedded in the annotation.</summary>
public sealed record WaTextualBody(
    string Purpose,
    [property: JsonPropertyName("value")] string Value,
    [property: JsonPropertyName("format")] string Format,
    [property: JsonPropertyName("language")] string Language)
    : WaBody("TextualBody", Purpose);

/// <summary>An external web resource: its IRI, class and, when known, format, language and a human-readable label.</summary>
public sealed record WaResource(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("format")] string? Format,
    [property: JsonPropertyName("language")] string? Language,
    [property: JsonPropertyName("label")] string? Label);

/// <summary>The passage: a SpecificResource of the source, its selectors, and the state of the source they apply to.</summary>
public sealed record WaTarget(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("source")] WaResource Source,
    [property: JsonPropertyName("selector")] IReadOnlyList<WaSelector> Selector,
    [property: JsonPropertyName("state")] WaTimeState State);

/// <summary>A selector of a passage in its source's text.</summary>
[JsonDerivedType(typeof(WaTextQuoteSelector))]
[JsonDerivedType(typeof(WaTextPositionSelector))]
public abstract record WaSelector([property: JsonPropertyName("type"), JsonPropertyOrder(-1)] string Type);

/// <summary>The passage quoted, with the words just before and after it.</summary>
public sealed record WaTextQuoteSelector(
    [property: JsonPropertyName("exact")] string Exact,
    [property: JsonPropertyName("prefix")] string Prefix,
    [property: JsonPropertyName("suffix")] string Suffix)
    : WaSelector("TextQuoteSelector");

/// <summary>The passage as [start, end) in code points of the source's text.</summary>
public sealed record WaTextPositionSelector(
    [property: JsonPropertyName("start")] int Start,
    [property: JsonPropertyName("end")] int End)
    : WaSelector("TextPositionSelector");

/// <summary>
/// The state of the source the selectors read: the day its text was captured (omitted when unknown), the app's copy of
/// it, and the SHA-256 of that text (<see cref="WebAnnotations.Sha256Key"/>).
/// </summary>
public sealed record WaTimeState(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("sourceDate")] string? SourceDate,
    [property: JsonPropertyName("cached")] string Cached,
    [property: JsonPropertyName(WebAnnotations.Sha256Key)] string Sha256);
