using System.Globalization;
using System.Text.Json;

namespace Timeline.Web.Features.Backup;

/// <summary>
/// How a value is written in a backup and read back, by the kind of its column: numbers and booleans as JSON's own,
/// date-times as ISO 8601 with their offset, Guids in their usual hyphenated form, bytes as base64. Reading is strict:
/// a value of another type is refused with what was expected, never guessed at.
/// </summary>
internal static class BackupValues
{
    private const string DateTimeOffsetFormat = "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz";
    private static readonly string[] DateTimeOffsetFormats = [DateTimeOffsetFormat, "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'"];

    public static void Write(Utf8JsonWriter json, BackupColumn column, object? value)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(column);
        if (value is null)
        {
            json.WriteNullValue();
            return;
        }

        switch (column.Kind)
        {
            case BackupValueKind.String:
                json.WriteStringValue((string)value);
                break;
            case BackupValueKind.Integer:
                json.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                break;
            case BackupValueKind.Real:
                json.WriteNumberValue(Convert.ToDouble(value, CultureInfo.InvariantCulture));
                break;
            case BackupValueKind.Decimal:
                json.WriteNumberValue((decimal)value);
                break;
            case BackupValueKind.Boolean:
                json.WriteBooleanValue((bool)value);
                break;
            case BackupValueKind.Bytes:
                json.WriteBase64StringValue((byte[])value);
                break;
            default:
                json.WriteStringValue(Spell(column.Kind, value));
                break;
        }
    }

    /// <summary>The value of a JSON token for a column, or the reason it is not one.</summary>
    public static (object? Value, string? Problem) Read(BackupColumn column, JsonTokenType token, string? text)
    {
        ArgumentNullException.ThrowIfNull(column);
        if (token == JsonTokenType.Null)
        {
            return column.IsNullable ? (null, null) : (null, "is null, but this column always has a value");
        }

        var expected = Expected(column);
        var parsed = (column.Kind, token) switch
        {
            (BackupValueKind.String, JsonTokenType.String) => text,
            (BackupValueKind.Boolean, JsonTokenType.True) => true,
            (BackupValueKind.Boolean, JsonTokenType.False) => false,
            (BackupValueKind.Integer, JsonTokenType.Number) => Integer(column.ValueType, text!),
            (BackupValueKind.Real, JsonTokenType.Number) => Real(column.ValueType, text!),
            (BackupValueKind.Decimal, JsonTokenType.Number) =>
                decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null,
            (BackupValueKind.Bytes, JsonTokenType.String) => Base64(text!),
            (_, JsonTokenType.String) => Parse(column.Kind, text!),
            _ => null,
        };
        if (parsed is null)
        {
            return (null, $"is {Describe(token, text)}, but this column holds {expected}");
        }

        // A value the model's converter does not give back as it was (a name that is no member of an enum) is no
        // value of the column, even when the converter would quietly turn it into something.
        if (column.ModelConverter is { } converter)
        {
            object? model;
            try
            {
                model = converter.ConvertFromProvider(parsed);
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException or InvalidOperationException or OverflowException)
            {
                model = null;
            }

            if (model is null || !Equals(converter.ConvertToProvider(model), parsed) || (model is Enum e && !Enum.IsDefined(e.GetType(), e)))
            {
                return (null, $"is {Describe(token, text)}, which is not one of the values this column holds");
            }
        }
        else if (parsed is Enum e && !Enum.IsDefined(e.GetType(), e))
        {
            return (null, $"is {Describe(token, text)}, which is not one of the values this column holds");
        }

        return (parsed, null);
    }

    private static string Spell(BackupValueKind kind, object value) => kind switch
    {
        BackupValueKind.Guid => ((Guid)value).ToString("D"),
        BackupValueKind.DateTimeOffset => ((DateTimeOffset)value).ToString("O", CultureInfo.InvariantCulture),
        BackupValueKind.DateTime => ((DateTime)value).ToString("O", CultureInfo.InvariantCulture),
        BackupValueKind.DateOnly => ((DateOnly)value).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        BackupValueKind.TimeOnly => ((TimeOnly)value).ToString("HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
        BackupValueKind.TimeSpan => ((TimeSpan)value).ToString("c", CultureInfo.InvariantCulture),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a kind spelled as a string."),
    };

    private static object? Parse(BackupValueKind kind, string text) => kind switch
    {
        BackupValueKind.Guid => Guid.TryParseExact(text, "D", out var g) ? g : null,
        BackupValueKind.DateTimeOffset =>
            DateTimeOffset.TryParseExact(text, DateTimeOffsetFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var o) ? o : null,
        BackupValueKind.DateTime => DateTime.TryParseExact(text, "O", CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var t) ? t : null,
        BackupValueKind.DateOnly => DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null,
        BackupValueKind.TimeOnly => TimeOnly.TryParseExact(text, "HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t : null,
        BackupValueKind.TimeSpan => TimeSpan.TryParseExact(text, "c", CultureInfo.InvariantCulture, out var s) ? s : null,
        _ => null,
    };

    private static object? Integer(Type type, string text)
    {
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            return null;
        }

        try
        {
            return type.IsEnum ? Enum.ToObject(type, number) : Convert.ChangeType(number, type, CultureInfo.InvariantCulture);
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    private static object? Real(Type type, string text)
    {
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return null;
        }

        return Convert.ChangeType(number, type, CultureInfo.InvariantCulture);
    }

    private static byte[]? Base64(string text)
    {
        var bytes = new byte[text.Length / 4 * 3];
        return Convert.TryFromBase64String(text, bytes, out var written) ? bytes[..written] : null;
    }

    private static string Expected(BackupColumn column) => column.Kind switch
    {
        BackupValueKind.String => "text",
        BackupValueKind.Integer when column.ModelConverter is null && column.ValueType.IsEnum => "one of the numbers of " + column.ValueType.Name,
        BackupValueKind.Integer => $"a whole number ({column.ValueType.Name})",
        BackupValueKind.Real or BackupValueKind.Decimal => "a number",
        BackupValueKind.Boolean => "true or false",
        BackupValueKind.Guid => "a GUID such as \"0f8fad5b-d9cb-469f-a165-70867728950e\"",
        BackupValueKind.DateTimeOffset => "an ISO 8601 date and time with its offset, such as \"2025-04-15T09:30:00.0000000+00:00\"",
        BackupValueKind.DateTime => "an ISO 8601 date and time, such as \"2025-04-15T09:30:00.0000000Z\"",
        BackupValueKind.DateOnly => "an ISO 8601 date, such as \"2025-04-15\"",
        BackupValueKind.TimeOnly => "a time of day, such as \"09:30:00\"",
        BackupValueKind.TimeSpan => "a duration, such as \"01:30:00\"",
        BackupValueKind.Bytes => "base64 text",
        _ => column.Kind.ToString(),
    };

    private static string Describe(JsonTokenType token, string? text) => token switch
    {
        JsonTokenType.String => text is { Length: > 40 } ? $"the text \"{text[..40]}…\"" : $"the text \"{text}\"",
        JsonTokenType.Number => $"the number {text}",
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        _ => token.ToString(),
    };
}
