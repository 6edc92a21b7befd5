namespace Timeline.Domain;

/// <summary>
/// Converts offsets into one text from UTF-16 code units, as .NET and the stored excerpts count, to Unicode code points,
/// as the W3C Web Annotation selectors count (https://www.w3.org/TR/annotation-model/#text-quote-selector: "in terms of
/// unicode code points ... not in terms of code units"). The two differ only after characters outside the Basic
/// Multilingual Plane (most emoji, rare CJK ideographs), which take two code units each.
/// </summary>
public sealed class CodePointIndex
{
    /// <summary>The offsets of the low halves of the text's surrogate pairs, ascending: code units that begin no code point.</summary>
    private readonly int[] lowSurrogates;

    private CodePointIndex(int[] lowSurrogates) => this.lowSurrogates = lowSurrogates;

    /// <summary>The index of a text: one pass, vectorised, and empty (offsets unchanged) for a text of the BMP only.</summary>
    public static CodePointIndex Of(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lows = new List<int>();
        var span = text.AsSpan();
        var at = 0;
        while (at < span.Length)
        {
            var next = span[at..].IndexOfAnyInRange('\uD800', '\uDBFF');
            if (next < 0)
            {
                break;
            }

            at += next;
            if (at + 1 < span.Length && char.IsLowSurrogate(span[at + 1]))
            {
                lows.Add(at + 1);
                at += 2;
            }
            else
            {
                // A lone high surrogate is one (ill-formed) code point of its own.
                at++;
            }
        }

        return new CodePointIndex([.. lows]);
    }

    /// <summary>How many code points precede a code-unit offset (0 to the text's length) that does not split a pair.</summary>
    public int ToCodePoints(int offset)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        var found = Array.BinarySearch(lowSurrogates, offset);
        // The low halves before the offset each share a code point with the high half before them.
        return offset - (found >= 0 ? found : ~found);
    }
}
