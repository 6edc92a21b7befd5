using System.Globalization;
using System.Text;

namespace Timeline.Web.Features.Search;

/// <summary>
/// A reader's search text turned into a safe SQLite FTS5 MATCH expression. The text is never passed to MATCH as typed:
/// it is cut into words the way FTS5's unicode61 tokenizer cuts them, and every word or quoted phrase becomes an FTS5
/// string, so operators (AND, OR, NOT, NEAR, *, ^, column filters) are searched for as plain words. The same terms
/// make PostgreSQL's tsquery (<see cref="TsQuery"/>), so both engines search by one set of rules.
/// </summary>
public sealed class SearchQuery
{
    /// <summary>Longer searches are cut, and the reader is told.</summary>
    public const int MaxLength = 200;

    // A shorter last word is matched whole: a one- or two-letter prefix would match a large part of the index.
    private const int MinPrefixLength = 3;

    private SearchQuery(string text, bool wasShortened, IReadOnlyList<string> terms, string? matchExpression, string? tsQuery)
    {
        Text = text;
        WasShortened = wasShortened;
        Terms = terms;
        MatchExpression = matchExpression;
        TsQuery = tsQuery;
    }

    /// <summary>The search as the reader typed it, trimmed and cut to <see cref="MaxLength"/>.</summary>
    public string Text { get; }

    /// <summary>True when the reader's text was longer than <see cref="MaxLength"/> and was cut.</summary>
    public bool WasShortened { get; }

    /// <summary>The words and phrases searched for, for showing back to the reader.</summary>
    public IReadOnlyList<string> Terms { get; }

    /// <summary>The FTS5 expression: every term quoted, all required, the last word also matched as a prefix; null when there is nothing to search for.</summary>
    public string? MatchExpression { get; }

    /// <summary>
    /// The same search as PostgreSQL tsquery text, for <c>to_tsquery</c>: every term required (<c>&amp;</c>), the words of a
    /// phrase in a row (<c>&lt;-&gt;</c>), the open last word as a prefix (<c>:*</c>); each word single-quoted, which needs no
    /// escaping as words hold only letters, digits and marks. Null when there is nothing to search for.
    /// </summary>
    public string? TsQuery { get; }

    public bool IsEmpty => Text.Length == 0;

    public bool HasTerms => MatchExpression is not null;

    public static SearchQuery Parse(string? input)
    {
        var text = (input ?? "").Trim();
        var wasShortened = false;
        if (text.Length > MaxLength)
        {
            var cut = char.IsHighSurrogate(text[MaxLength - 1]) ? MaxLength - 1 : MaxLength;
            text = text[..cut].TrimEnd();
            wasShortened = true;
        }

        var phrases = SplitPhrases(text);
        if (phrases.Count == 0)
        {
            return new SearchQuery(text, wasShortened, [], null, null);
        }

        // The last word is taken as still being typed unless it was closed by a space or a quote.
        var last = phrases[^1];
        var closedBySpace = !wasShortened && input is { Length: > 0 } && char.IsWhiteSpace(input[^1]);
        var endsOpen = !last.Quoted && !closedBySpace && last.Words[0].Length >= MinPrefixLength;
        var expression = new StringBuilder();
        foreach (var phrase in phrases)
        {
            if (expression.Length > 0)
            {
                expression.Append(' ');
            }

            // Words hold no double quote (it separates words), so wrapping them needs no escaping.
            expression.Append('"').AppendJoin(' ', phrase.Words).Append('"');
        }

        if (endsOpen)
        {
            expression.Append('*');
        }

        var tsQuery = string.Join(" & ", phrases.Select(p => "(" + string.Join(" <-> ", p.Words.Select(w => $"'{w}'")) + ")"));
        if (endsOpen)
        {
            tsQuery = tsQuery[..^1] + ":*)";
        }

        return new SearchQuery(text, wasShortened, [.. phrases.Select(p => string.Join(' ', p.Words))], expression.ToString(), tsQuery);
    }

    /// <summary>Cuts the text into words, keeping the words between a pair of double quotes together as a phrase; an unpaired quote is ignored.</summary>
    private static List<Phrase> SplitPhrases(string text)
    {
        var quotes = text.Count(IsQuote);
        var pairedQuotes = quotes - (quotes % 2);
        var phrases = new List<Phrase>();
        var quoted = new List<string>();
        var inQuotes = false;
        var seenQuotes = 0;
        var word = new StringBuilder();

        void EndWord()
        {
            if (word.Length == 0)
            {
                return;
            }

            if (inQuotes)
            {
                quoted.Add(word.ToString());
            }
            else
            {
                phrases.Add(new Phrase([word.ToString()], Quoted: false));
            }

            word.Clear();
        }

        foreach (var rune in text.EnumerateRunes())
        {
            if (rune.IsBmp && IsQuote((char)rune.Value))
            {
                EndWord();
                if (++seenQuotes > pairedQuotes)
                {
                    continue;
                }

                if (inQuotes && quoted.Count > 0)
                {
                    phrases.Add(new Phrase([.. quoted], Quoted: true));
                }

                quoted.Clear();
                inQuotes = !inQuotes;
            }
            else if (IsWordPart(rune))
            {
                word.Append(rune.ToString());
            }
            else
            {
                EndWord();
            }
        }

        EndWord();
        return phrases;
    }

    private static bool IsQuote(char c) => c is '"' or '\u201C' or '\u201D';

    /// <summary>Mirrors the unicode61 tokenizer: letters, numbers and combining marks make words; everything else splits them.</summary>
    private static bool IsWordPart(Rune rune) => Rune.GetUnicodeCategory(rune) switch
    {
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
            or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter => true,
        UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber => true,
        UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark => true,
        _ => false,
    };

    private sealed record Phrase(IReadOnlyList<string> Words, bool Quoted);
}
