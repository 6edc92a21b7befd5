using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Timeline.Web.Features.Api;

/// <summary>A request body read, or the problem response that says what is wrong with it.</summary>
public sealed record BodyRead<T>(T? Value, IResult? Problem)
    where T : class;

/// <summary>
/// Reads a write request's JSON body with its own size limit and plain messages: a body that is too large (413), not
/// JSON (415), not well formed, or with a field of the wrong type or one the endpoint does not take (400 with that
/// field's message) never reaches the editing services, so nothing is written.
/// </summary>
public static partial class ApiBody
{
    /// <summary>Web defaults (camelCase, any case accepted); a field the endpoint does not know is refused, not ignored.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    private const int ChunkBytes = 64 * 1024;

    public static async Task<BodyRead<T>> ReadAsync<T>(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.HasJsonContentType())
        {
            return Refused<T>(StatusCodes.Status415UnsupportedMediaType, "JSON expected",
                "Send the body as a JSON object with the header Content-Type: application/json.");
        }

        if (request.ContentLength > maxBytes)
        {
            return TooLarge<T>(maxBytes);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[ChunkBytes];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return TooLarge<T>(maxBytes);
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
        {
            return Invalid<T>("body", "The body is empty: send a JSON object.");
        }

        try
        {
            var value = JsonSerializer.Deserialize<T>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), Options);
            return value is null ? Invalid<T>("body", "The body is null: send a JSON object.") : new BodyRead<T>(value, null);
        }
        catch (JsonException e)
        {
            var (field, message) = Describe<T>(e);
            return Invalid<T>(field, message);
        }
    }

    /// <summary>400 with one field's message, in the shape every validation failure of the API has.</summary>
    public static BodyRead<T> Invalid<T>(string field, string message)
        where T : class =>
        new(null, TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "The request has mistakes"));

    private static BodyRead<T> Refused<T>(int status, string title, string detail)
        where T : class =>
        new(null, TypedResults.Problem(statusCode: status, title: title, detail: detail));

    private static BodyRead<T> TooLarge<T>(long maxBytes)
        where T : class =>
        Refused<T>(StatusCodes.Status413PayloadTooLarge, "Body too large", $"This endpoint takes a body of at most {maxBytes:N0} bytes.");

    /// <summary>The field a JSON error is at and what it should have held, without any .NET type name.</summary>
    private static (string Field, string Message) Describe<T>(JsonException e)
    {
        if (e.Message is { } text && UnknownMember().Match(text) is { Success: true } unknown)
        {
            var name = unknown.Groups[1].Value;
            return (name, $"This endpoint takes no field named “{name}”.");
        }

        var field = e.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal)
            ? path[2..].Split('.', '[')[0]
            : null;
        var property = field is null ? null : typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .FirstOrDefault(p => string.Equals(JsonNamingPolicy.CamelCase.ConvertName(p.Name), field, StringComparison.OrdinalIgnoreCase));
        if (property is null)
        {
            var where = e.LineNumber is { } line ? $" (line {line + 1}, byte {e.BytePositionInLine + 1})" : "";
            return ("body", $"The body is not a well-formed JSON object{where}.");
        }

        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        var expected = type == typeof(string) ? "text (a JSON string)"
            : type == typeof(bool) ? "true or false"
            : type == typeof(int) || type == typeof(long) ? "a whole number"
            : typeof(IEnumerable<string>).IsAssignableFrom(type) ? "a list of texts, such as [\"sanctions\", \"labour\"]"
            : "a value of another kind";
        return (field!, $"Expected {expected} here.");
    }

    [GeneratedRegex("The JSON property '([^']{1,100})' could not be mapped")]
    private static partial Regex UnknownMember();
}
