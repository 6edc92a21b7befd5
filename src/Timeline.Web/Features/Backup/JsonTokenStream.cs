using System.Text;
using System.Text.Json;

namespace Timeline.Web.Features.Backup;

/// <summary>
/// Reads a JSON document token by token from a stream with <see cref="Utf8JsonReader"/>, holding only the token being
/// read: a backup is restored without ever being in memory whole. The buffer grows only for a token longer than it
/// (a large image's base64). Malformed JSON throws <see cref="JsonException"/> with its line and position.
/// </summary>
internal sealed class JsonTokenStream(Stream stream)
{
    private byte[] buffer = new byte[64 * 1024];
    private int start;
    private int end;
    private bool finalBlock;
    private JsonReaderState state;
    private bool begun;

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    public JsonTokenType TokenType { get; private set; } = JsonTokenType.None;

    /// <summary>The text of a string or property name (unescaped), or of a number as written; null for other tokens.</summary>
    public string? Text { get; private set; }

    /// <summary>Moves to the next token; false at the end of the document.</summary>
    public bool Read()
    {
        while (true)
        {
            var reader = new Utf8JsonReader(buffer.AsSpan(start, end - start), finalBlock, state);
            var read = reader.Read();
            start += (int)reader.BytesConsumed;
            state = reader.CurrentState;
            if (read)
            {
                TokenType = reader.TokenType;
                Text = reader.TokenType switch
                {
                    JsonTokenType.String or JsonTokenType.PropertyName => reader.GetString(),
                    JsonTokenType.Number => Encoding.UTF8.GetString(reader.ValueSpan),
                    _ => null,
                };
                return true;
            }

            if (finalBlock)
            {
                TokenType = JsonTokenType.None;
                Text = null;
                return false;
            }

            Fill();
        }
    }

    /// <summary>Keeps what is not read yet at the front of the buffer (growing it when that is all of it) and reads more after it.</summary>
    private void Fill()
    {
        var pending = end - start;
        if (pending == buffer.Length)
        {
            Array.Resize(ref buffer, buffer.Length * 2);
        }
        else if (start > 0)
        {
            Buffer.BlockCopy(buffer, start, buffer, 0, pending);
        }

        start = 0;
        end = pending;
        var read = stream.Read(buffer, end, buffer.Length - end);
        end += read;
        finalBlock = read == 0;
        if (!begun)
        {
            // A byte order mark, as some editors save UTF-8 with, is not JSON: Utf8JsonReader would refuse it.
            begun = true;
            if (buffer.AsSpan(0, end).StartsWith(Utf8Bom))
            {
                start = Utf8Bom.Length;
            }
        }
    }
}
