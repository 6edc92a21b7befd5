namespace Timeline.Domain;

/// <summary>
/// Ways an editor shapes a passage of a source before quoting it: out to its whole sentence, or a word wider or
/// narrower at either end. Offsets are UTF-16 indices into the text, [start, end), as the quote selectors use; a result
/// never starts or ends on whitespace and never splits a surrogate pair.
/// </summary>
public static class PassageSelection
{
    /// <summary>Extends [start, end) to the sentences it touches: from the start of the first to the end of the last.</summary>
    public static (int Start, int End) ToSentence(string text, int start, int end)
    {
        ArgumentNullException.ThrowIfNull(text);
        (start, end) = Clamp(text, start, end);
        var from = start;
        while (from > 0 && !EndsSentenceBefore(text, from))
        {
            from--;
        }

        var to = Math.Max(end, from);
        while (to < text.Length && !EndsSentenceBefore(text, to))
        {
            to++;
        }

        // Take the closing punctuation and quotation marks that belong to the sentence.
        while (to < text.Length && IsClosing(text[to]))
        {
            to++;
        }

        return Trim(text, from, to);
    }

    /// <summary>Moves the start by whole words: a negative count takes in earlier words, a positive one drops words.</summary>
    public static (int Start, int End) MoveStart(string text, int start, int end, int words)
    {
        ArgumentNullException.ThrowIfNull(text);
        (start, end) = Clamp(text, start, end);
        for (var i = 0; i < Math.Abs(words); i++)
        {
            if (words < 0)
            {
                var at = start;
                while (at > 0 && char.IsWhiteSpace(text[at - 1]))
                {
                    at--;
                }

                while (at > 0 && !char.IsWhiteSpace(text[at - 1]))
                {
                    at--;
                }

                start = at;
            }
            else
            {
                var at = start;
                while (at < end && !char.IsWhiteSpace(text[at]))
                {
                    at++;
                }

                while (at < end && char.IsWhiteSpace(text[at]))
                {
                    at++;
                }

                // The last word stays: a passage is never emptied by narrowing.
                if (at >= end)
                {
                    break;
                }

                start = at;
            }
        }

        return Trim(text, start, end);
    }

    /// <summary>Moves the end by whole words: a positive count takes in later words, a negative one drops words.</summary>
    public static (int Start, int End) MoveEnd(string text, int start, int end, int words)
    {
        ArgumentNullException.ThrowIfNull(text);
        (start, end) = Clamp(text, start, end);
        for (var i = 0; i < Math.Abs(words); i++)
        {
            if (words > 0)
            {
                var at = end;
                while (at < text.Length && char.IsWhiteSpace(text[at]))
                {
                    at++;
                }

                while (at < text.Length && !char.IsWhiteSpace(text[at]))
                {
                    at++;
                }

                end = at;
            }
            else
            {
                var at = end;
                while (at > start && char.IsWhiteSpace(text[at - 1]))
                {
                    at--;
                }

                while (at > start && !char.IsWhiteSpace(text[at - 1]))
                {
                    at--;
                }

                while (at > start && char.IsWhiteSpace(text[at - 1]))
                {
                    at--;
                }

                if (at <= start)
                {
                    break;
                }

                end = at;
            }
        }

        return Trim(text, start, end);
    }

    /// <summary>True when a sentence ends just before <paramref name="index"/>: after . ! ? (and closing quotes) and a space, or at a line break.</summary>
    private static bool EndsSentenceBefore(string text, int index)
    {
        if (index <= 0 || index >= text.Length)
        {
            return true;
        }

        if (text[index - 1] is '\n' or '\r')
        {
            return true;
        }

        if (!char.IsWhiteSpace(text[index - 1]) && !char.IsWhiteSpace(text[index]))
        {
            return false;
        }

        // A sentence goes on when the next word begins in lower case ("“Why?” asked one official").
        var next = index;
        while (next < text.Length && text[next] is ' ' or '\t' or '\u00A0')
        {
            next++;
        }

        if (next < text.Length && char.IsLower(text[next]))
        {
            return false;
        }

        // Look back over the spaces and closing marks for the sentence's final punctuation.
        var at = index - 1;
        while (at >= 0 && text[at] is ' ' or '\t' or '\u00A0')
        {
            at--;
        }

        while (at >= 0 && IsClosing(text[at]) && text[at] is not ('.' or '!' or '?' or '…'))
        {
            at--;
        }

        return at >= 0 && text[at] is '.' or '!' or '?' or '…' && !IsAbbreviation(text, at);
    }

    private static bool IsClosing(char c) => c is '.' or '!' or '?' or '…' or '"' or '\'' or '”' or '’' or ')' or ']' or '»';

    /// <summary>A full stop after a single capital ("U.S.", "Mr. X" is not caught) or inside a number does not end a sentence.</summary>
    private static bool IsAbbreviation(string text, int dot) =>
        text[dot] == '.' && dot >= 1 && char.IsUpper(text[dot - 1]) && (dot < 2 || !char.IsLetter(text[dot - 2]) || text[dot - 2] == '.');

    private static (int Start, int End) Clamp(string text, int start, int end)
    {
        start = Math.Clamp(start, 0, text.Length);
        end = Math.Clamp(end, start, text.Length);
        return (start, end);
    }

    private static (int Start, int End) Trim(string text, int start, int end)
    {
        while (start < end && char.IsWhiteSpace(text[start]))
        {
            start++;
        }

        while (end > start && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        if (start > 0 && start < text.Length && char.IsLowSurrogate(text[start]))
        {
            start--;
        }

        if (end < text.Length && end > 0 && char.IsHighSurrogate(text[end - 1]))
        {
            end++;
        }

        return (start, end);
    }
}
