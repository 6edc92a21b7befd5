using System.Text;

namespace Timeline.Web.Features.Interop;

/// <summary>
/// An uploaded or named file read as text and handed to the reader for its format: UTF-8 with or without a byte-order
/// mark, or UTF-16 with one (what spreadsheets write); any other encoding is refused with the line it fails on, rather
/// than imported as mojibake.
/// </summary>
public static class ImportFile
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The plan for the file's bytes in the given format (or the format its name or content shows).</summary>
    public static ImportPlan Read(byte[] bytes, InteropFormat format)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.LongLength > ImportLimits.Bytes)
        {
            var plan = new ImportPlan();
            plan.Problem("the file", $"it is {bytes.LongLength / 1024.0 / 1024.0:N1} MB; an import reads files up to {ImportLimits.Bytes / 1024 / 1024} MB. Split the timeline into several files.");
            return plan;
        }

        if (!TryDecode(bytes, out var text, out var problem))
        {
            var plan = new ImportPlan();
            plan.Problem(problem.Where, problem.Message);
            return plan;
        }

        return format == InteropFormat.Csv ? TimelineCsv.Read(text) : TimelineJsReader.Read(text);
    }

    /// <summary>The format a file name names (.csv, .json), or null.</summary>
    public static InteropFormat? FormatOf(string? fileName) => Path.GetExtension(fileName ?? "").ToLowerInvariant() switch
    {
        ".csv" or ".tsv" or ".txt" => InteropFormat.Csv,
        ".json" => InteropFormat.TimelineJs,
        _ => null,
    };

    /// <summary>The format the content shows: JSON starts with a brace once spaces and a byte-order mark are skipped.</summary>
    public static InteropFormat Sniff(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        foreach (var b in bytes.AsSpan(0, Math.Min(bytes.Length, 64)))
        {
            if (b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or 0xEF or 0xBB or 0xBF or 0xFE or 0xFF or 0)
            {
                continue;
            }

            return b is (byte)'{' or (byte)'[' ? InteropFormat.TimelineJs : InteropFormat.Csv;
        }

        return InteropFormat.Csv;
    }

    internal static bool TryDecode(byte[] bytes, out string text, out ImportMessage problem)
    {
        problem = new ImportMessage("", "");
        if (bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            text = Encoding.Unicode.GetString(bytes, 2, bytes.Length - 2);
            return true;
        }

        if (bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            text = Encoding.BigEndianUnicode.GetString(bytes, 2, bytes.Length - 2);
            return true;
        }

        var offset = bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
        try
        {
            text = StrictUtf8.GetString(bytes, offset, bytes.Length - offset);
            return true;
        }
        catch (DecoderFallbackException ex)
        {
            var at = ex.Index >= 0 ? offset + ex.Index : 0;
            var line = 1 + bytes.AsSpan(0, Math.Min(at, bytes.Length)).Count((byte)'\n');
            problem = new ImportMessage($"line {line}", "the file is not UTF-8 text (it looks like another encoding, such as Windows-1252 or Latin-1), so its accents and quotation marks would be garbled. Save it again as “CSV UTF-8” (Excel) or download it as CSV (Google Sheets, LibreOffice: choose UTF-8).");
            text = "";
            return false;
        }
    }
}
