using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.OpenApi;
using Timeline.Domain;
using Timeline.Web.Data;
using Timeline.Web.Features.Accounts;
using Timeline.Web.Features.Editing;
using Timeline.Web.Infrastructure;

namespace Timeline.Web.Features.Api;

/// <summary>
/// The write API: an editor's program creates and changes events, attaches passages and adds sources with the editor's
/// personal API token (<c>Authorization: Bearer tl_…</c>, <see cref="Policies.ApiToken"/>). Every write goes through
/// the editor's own services (<see cref="EventEditor"/>, <see cref="SourceEditor"/>): the same rules and messages, a
/// revision named after the token's owner and the token, and the readers' cache evicted. It sits beside the read API
/// under <c>/api</c>, one unversioned namespace as the read API has always been; its editor views (drafts included)
/// are never cached.
/// </summary>
public static class EditorApi
{
    /// <summary>An event's fields: a summary of <see cref="Limits.Markdown"/> characters, escaped, fits many times over.</summary>
    public const long EventBodyBytes = 256 * 1024;

    /// <summary>A passage: a quote of at most <see cref="Limits.Quote"/> characters.</summary>
    public const long PassageBodyBytes = 64 * 1024;

    /// <summary>A source: <see cref="Limits.SourceText"/> characters of text even if every one is escaped (\uXXXX), and its details.</summary>
    public const long SourceBodyBytes = 4 * 1024 * 1024;

    public static IEndpointRouteBuilder MapEditorApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api")
            .RequireAuthorization(Policies.ApiToken)
            .WithPageKind(PageKind.EditorApi)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        api.MapPost("/timelines/{slug}/events", CreateEventAsync)
            .WithTags("Events").WithName("CreateEvent")
            .WithSummary("Create an event in a timeline (drafts included); 201 with its address and version.")
            .AcceptsJson<EventRequest>()
            .Produces<EditorEventDto>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        api.MapGet("/events/{id:int}", GetEventAsync)
            .WithTags("Events").WithName("GetEditorEvent")
            .WithSummary("An event as editors see it, drafts included, with the version to send back when changing it.")
            .Produces<EditorEventDto>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPut("/events/{id:int}", UpdateEventAsync)
            .WithTags("Events").WithName("UpdateEvent")
            .WithSummary("Replace an event's fields; refused with 409 and what changed when its version is not the current one.")
            .AcceptsJson<EventUpdateRequest>()
            .Produces<EditorEventDto>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        api.MapPost("/events/{id:int}/passages", AttachAsync)
            .WithTags("Events").WithName("AttachPassage")
            .WithSummary("Attach a passage of a source to an event, by its exact quote or by start and end offsets.")
            .AcceptsJson<PassageRequest>()
            .Produces<EditorEventDto>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        api.MapPost("/sources", AddSourceAsync)
            .WithTags("Sources").WithName("AddSource")
            .WithSummary("Add a source with its full text; 201 with its address.")
            .AcceptsJson<SourceRequest>()
            .Produces<EditorSourceDto>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        api.MapGet("/sources/{id:int}", GetSourceAsync)
            .WithTags("Sources").WithName("GetEditorSource")
            .WithSummary("A source as editors see it, with its full text.")
            .Produces<EditorSourceDto>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> CreateEventAsync(
        string slug, HttpRequest request, ClaimsPrincipal user, EventEditor events, IDbContextFactory<TimelineDbContext> dbFactory, CancellationToken cancellationToken)
    {
        var body = await ApiBody.ReadAsync<EventRequest>(request, EventBodyBytes, cancellationToken);
        if (body.Value is not { } fields)
        {
            return body.Problem!;
        }

        int? timelineId;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            timelineId = await db.Timelines.AsNoTracking().Where(t => t.Slug == slug).Select(t => (int?)t.Id).FirstOrDefaultAsync(cancellationToken);
        }

        if (timelineId is not { } id)
        {
            return NotFound("Timeline not found", $"There is no timeline with the slug '{slug}', drafts included.");
        }

        var errors = new FieldErrors();
        var input = new EventInput { TimelineId = id, IsPublished = fields.IsPublished ?? false };
        Fill(input, fields, errors);
        if (errors.Count > 0)
        {
            return Invalid(Merge(errors, EditValidation.Validate(input)));
        }

        var saved = await events.SaveAsync(input, Caller(user), cancellationToken);
        if (!saved.Succeeded)
        {
            return Refusal(saved, 0);
        }

        return TypedResults.Created(EventPath(saved.Value), await LoadEventAsync(events, dbFactory, saved.Value, cancellationToken));
    }

    private static async Task<IResult> GetEventAsync(int id, EventEditor events, IDbContextFactory<TimelineDbContext> dbFactory, CancellationToken cancellationToken) =>
        await LoadEventAsync(events, dbFactory, id, cancellationToken) is { } dto ? TypedResults.Ok(dto) : EventNotFound(id);

    private static async Task<IResult> UpdateEventAsync(
        int id, HttpRequest request, ClaimsPrincipal user, EventEditor events, IDbContextFactory<TimelineDbContext> dbFactory, CancellationToken cancellationToken)
    {
        var body = await ApiBody.ReadAsync<EventUpdateRequest>(request, EventBodyBytes, cancellationToken);
        if (body.Value is not { } fields)
        {
            return body.Problem!;
        }

        var current = await events.LoadAsync(id, cancellationToken);
        if (current is null)
        {
            return EventNotFound(id);
        }

        var errors = new FieldErrors();
        var input = new EventInput { Id = id, TimelineId = current.Input.TimelineId, IsPublished = fields.IsPublished ?? current.Input.IsPublished };
        Fill(input, fields, errors);
        if (!EventVersion.TryParse(fields.Version, out var version))
        {
            errors[nameof(fields.Version)] = string.Create(CultureInfo.InvariantCulture,
                $"Send the version the event was read at, as GET /api/events/{id} gives it, so that no one's change is overwritten unseen.");
        }

        input.Change = ParseName(fields.Change, PublicChange.None, nameof(fields.Change), "none, update or correction", errors);
        input.ChangeNote = fields.ChangeNote;
        if (errors.Count > 0)
        {
            return Invalid(Merge(errors, EditValidation.Validate(input)));
        }

        input.Version = version.Token;
        // The state the caller read, from the revision its version names, so that a conflict says what changed since.
        input.Original = version.Revision > 0 ? await events.RevisionSnapshotAsync(id, version.Revision, cancellationToken) : null;
        var saved = await events.SaveAsync(input, Caller(user), cancellationToken);
        if (!saved.Succeeded)
        {
            return Refusal(saved, id);
        }

        return await LoadEventAsync(events, dbFactory, id, cancellationToken) is { } dto ? TypedResults.Ok(dto) : EventNotFound(id);
    }

    private static async Task<IResult> AttachAsync(
        int id, HttpRequest request, ClaimsPrincipal user, EventEditor events, SourceEditor sources, IDbContextFactory<TimelineDbContext> dbFactory, CancellationToken cancellationToken)
    {
        var body = await ApiBody.ReadAsync<PassageRequest>(request, PassageBodyBytes, cancellationToken);
        if (body.Value is not { } passage)
        {
            return body.Problem!;
        }

        if (await events.LoadAsync(id, cancellationToken) is null)
        {
            return EventNotFound(id);
        }

        var errors = new FieldErrors();
        var role = ParseName(passage.Role, ExcerptRole.Supports, nameof(passage.Role), "supports, disputes or context", errors);
        var source = passage.SourceId is { } sourceId ? await sources.LoadAsync(sourceId, cancellationToken) : null;
        if (passage.SourceId is null)
        {
            errors[nameof(passage.SourceId)] = "Give the id of the source the passage is from (POST /api/sources gives it).";
        }
        else if (source is null)
        {
            errors[nameof(passage.SourceId)] = string.Create(CultureInfo.InvariantCulture, $"There is no source with the id {passage.SourceId}.");
        }

        var (start, end) = source is null ? (0, 0) : Locate(source.Input.Text, passage, errors);
        if (errors.Count > 0)
        {
            return Invalid(errors);
        }

        var attached = await events.AttachAsync(id, passage.SourceId!.Value, start, end, role, Caller(user), cancellationToken);
        if (!attached.Succeeded)
        {
            return Refusal(attached, id);
        }

        return TypedResults.Created(EventPath(id), await LoadEventAsync(events, dbFactory, id, cancellationToken));
    }

    private static async Task<IResult> AddSourceAsync(HttpRequest request, ClaimsPrincipal user, SourceEditor sources, CancellationToken cancellationToken)
    {
        var body = await ApiBody.ReadAsync<SourceRequest>(request, SourceBodyBytes, cancellationToken);
        if (body.Value is not { } fields)
        {
            return body.Problem!;
        }

        var input = new SourceInput
        {
            Title = fields.Title ?? "",
            Outlet = fields.Outlet ?? "",
            Author = fields.Author,
            PublishedOn = fields.PublishedOn,
            Url = fields.Url,
            Language = fields.Language ?? "en",
            Provenance = fields.Provenance,
            CapturedOn = fields.CapturedOn,
            Text = fields.Text ?? "",
        };
        var saved = await sources.SaveAsync(input, Caller(user), cancellationToken);
        if (!saved.Succeeded)
        {
            return Refusal(saved, 0);
        }

        var id = saved.Value!.Id;
        return TypedResults.Created(SourcePath(id), ToDto((await sources.LoadAsync(id, cancellationToken))!));
    }

    private static async Task<IResult> GetSourceAsync(int id, SourceEditor sources, CancellationToken cancellationToken) =>
        await sources.LoadAsync(id, cancellationToken) is { } source
            ? TypedResults.Ok(ToDto(source))
            : NotFound("Source not found", string.Create(CultureInfo.InvariantCulture, $"There is no source with the id {id}."));

    /// <summary>
    /// Declares the JSON body in the OpenAPI document only. Routing's own content-type check (Accepts) would answer a
    /// wrong type with an empty 415 before the endpoint runs; <see cref="ApiBody"/> answers it with a problem instead.
    /// </summary>
    private static RouteHandlerBuilder AcceptsJson<T>(this RouteHandlerBuilder builder) =>
        builder.AddOpenApiOperationTransformer(async (operation, context, cancellationToken) =>
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/json"] = new() { Schema = await context.GetOrCreateSchemaAsync(typeof(T), null, cancellationToken) },
                },
            });

    /// <summary>Copies the request's fields into the editor's input; names that are not one of a list go to <paramref name="errors"/>.</summary>
    private static void Fill(EventInput input, EventRequest fields, FieldErrors errors)
    {
        input.Title = fields.Title ?? "";
        input.Slug = string.IsNullOrWhiteSpace(fields.Slug) ? Slug.From(input.Title, Limits.Slug) : fields.Slug;
        input.Summary = fields.Summary ?? "";
        input.Start = fields.Start ?? "";
        input.End = fields.End;
        input.Qualifier = ParseName(fields.Qualifier, DateQualifier.Exact, nameof(fields.Qualifier), "exact, circa, early, mid, late, before or after", errors);
        input.Tags = fields.Tags ?? [];
        input.Actors = fields.Actors ?? [];
    }

    /// <summary>The passage [start, end) the request names: its quote's one occurrence in the text, or its offsets.</summary>
    private static (int Start, int End) Locate(string text, PassageRequest passage, FieldErrors errors)
    {
        if (passage.Quote is { } quote)
        {
            if (passage.Start is not null || passage.End is not null)
            {
                errors[nameof(passage.Quote)] = "Give either the quote or start and end, not both.";
                return (0, 0);
            }

            if (quote.Trim().Length == 0)
            {
                errors[nameof(passage.Quote)] = "The quote is empty: copy the passage from the source's text.";
                return (0, 0);
            }

            var found = new List<int>();
            for (var at = text.IndexOf(quote, StringComparison.Ordinal); at >= 0 && found.Count < 4; at = text.IndexOf(quote, at + 1, StringComparison.Ordinal))
            {
                found.Add(at);
            }

            switch (found.Count)
            {
                case 0:
                    errors[nameof(passage.Quote)] = "This quote does not occur in the source's text: copy it exactly as the source has it, with the same letters, spaces and punctuation.";
                    return (0, 0);
                case 1:
                    return (found[0], found[0] + quote.Length);
                default:
                    errors[nameof(passage.Quote)] = string.Create(CultureInfo.InvariantCulture,
                        $"This quote occurs more than once in the source (at {string.Join(", ", found.Take(3))}{(found.Count > 3 ? ", …" : "")}): quote more of the passage, or give start and end.");
                    return (0, 0);
            }
        }

        if (passage.Start is not { } start || passage.End is not { } end)
        {
            errors[passage.Start is null ? nameof(passage.Start) : nameof(passage.End)] = "Give the passage as its exact quote, or as both start and end offsets in the source's text.";
            return (0, 0);
        }

        if (start < 0 || end <= start || end > text.Length)
        {
            errors[nameof(passage.End)] = string.Create(CultureInfo.InvariantCulture,
                $"start and end must satisfy 0 ≤ start < end ≤ {text.Length:N0}, the length of the source's text (got {start} and {end}).");
            return (0, 0);
        }

        return (start, end);
    }

    /// <summary>One of an enum's names, any case; null or empty gives the default; anything else is refused at the field.</summary>
    private static T ParseName<T>(string? value, T fallback, string field, string allowed, FieldErrors errors)
        where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return fallback;
        }

        foreach (var name in Enum.GetNames<T>())
        {
            if (string.Equals(name, value.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return Enum.Parse<T>(name);
            }
        }

        errors[field] = $"“{(value.Length > 30 ? value[..30] + "…" : value)}” is not one of {allowed}.";
        return fallback;
    }

    private static async Task<EditorEventDto?> LoadEventAsync(EventEditor events, IDbContextFactory<TimelineDbContext> dbFactory, int id, CancellationToken cancellationToken)
    {
        long revision;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            // Read before the event: a save in between makes a later conflict name too much, never too little.
            revision = await db.Revisions.AsNoTracking()
                .Where(r => r.Subject == RevisionSubject.Event && r.SubjectId == id)
                .MaxAsync(r => (long?)r.Id, cancellationToken) ?? 0;
        }

        if (await events.LoadAsync(id, cancellationToken) is not { } model)
        {
            return null;
        }

        var input = model.Input;
        return new EditorEventDto(
            id, model.TimelineSlug, input.Title, input.Slug, input.Summary, input.Start, input.End, input.Qualifier.ToString().ToLowerInvariant(),
            input.Tags, input.Actors, input.IsPublished, new EventVersion(input.Version!.Value, revision).ToString(), Timestamp(model.UpdatedAt),
            [.. model.Excerpts.Select(x => new EditorPassageDto(
                x.ExcerptId, x.SourceId, x.SourceTitle, x.Quote, x.Role.ToString().ToLowerInvariant(), x.Anchor.ToString().ToLowerInvariant()))]);
    }

    private static EditorSourceDto ToDto(SourceEditModel source)
    {
        var s = source.Input;
        return new EditorSourceDto(s.Id!.Value, s.Title, s.Outlet, s.Author, s.PublishedOn, s.Url, s.Language, s.Provenance, s.CapturedOn, s.Text, source.Excerpts.Count);
    }

    /// <summary>What a refused save comes to: 400 with the editor's field messages, 409 with what changed, else 409 with the reason.</summary>
    private static IResult Refusal<T>(SaveResult<T> result, int id)
    {
        if (result.Errors.Count > 0)
        {
            return Invalid(result.Errors);
        }

        if (result.Conflict is { } conflict)
        {
            var fields = conflict.Changes.Select(c => c.Field.ToLowerInvariant()).Distinct().ToList();
            return TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "Changed since you read it",
                detail: string.Create(CultureInfo.InvariantCulture,
                    $"{conflict.ChangedBy} changed this event at {Timestamp(conflict.ChangedAt)} ({(fields.Count == 0 ? "no visible field" : string.Join(", ", fields))}), after the version you sent. Read it again (GET {EventPath(id)}), make your change to that version and send it with its version."),
                extensions: new Dictionary<string, object?>
                {
                    ["changedBy"] = conflict.ChangedBy,
                    ["changedAt"] = Timestamp(conflict.ChangedAt),
                    ["changes"] = conflict.Changes.Select(c => new Dictionary<string, string> { ["field"] = c.Field, ["yours"] = c.Before, ["now"] = c.After }).ToList(),
                });
        }

        return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Not saved", detail: result.Problem);
    }

    private static ValidationProblem Invalid(FieldErrors errors) =>
        TypedResults.ValidationProblem(
            errors.ToDictionary(e => JsonNamingPolicy.CamelCase.ConvertName(e.Key), e => new[] { e.Value }),
            title: "The request has mistakes");

    /// <summary>The API's own messages first; the editor's rules add those for the other fields.</summary>
    private static FieldErrors Merge(FieldErrors first, FieldErrors more)
    {
        foreach (var (field, message) in more)
        {
            first.TryAdd(field, message);
        }

        return first;
    }

    private static ProblemHttpResult EventNotFound(int id) =>
        NotFound("Event not found", string.Create(CultureInfo.InvariantCulture, $"There is no event with the id {id} (it may be in the trash)."));

    private static ProblemHttpResult NotFound(string title, string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: title, detail: detail);

    private static EditorIdentity Caller(ClaimsPrincipal user) =>
        ApiCaller.From(user)?.Identity ?? throw new InvalidOperationException("The write API runs only for requests authenticated by an API token.");

    private static string EventPath(int id) => string.Create(CultureInfo.InvariantCulture, $"/api/events/{id}");

    private static string SourcePath(int id) => string.Create(CultureInfo.InvariantCulture, $"/api/sources/{id}");

    private static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
