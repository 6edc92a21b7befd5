using System.Globalization;
using System.Net;
using System.Text;

namespace Timeline.Web.Features.Search;

/// <summary>
/// Turns text marked by FTS5's snippet() and highlight() into safe HTML. SQLite marks matches with two private-use
/// characters instead of HTML tags; the text between them is HTML-encoded here and only our own &lt;mark&gt; elements
/// are inserted, always balanced, so nothing in a document can inject markup.
/// </summary>
public static class SearchSnippet
{
    public const char MatchStart = '\uE000';
    public const char MatchEnd = '\uE001';

    /// <summary>The markers as SQL string literals for snippet() and highlight().</summary>
    public const string MatchStartSql = "char(57344)";
    public const string MatchEndSql = "char(57345)";

    public static string ToHtml(string? marked)
    {
        if (string.IsNullOrEmpty(marked))
        {
            return "";
        }

        var html = new StringBuilder(marked.Length + 32);
        var inMatch = false;
        var from = 0;
        for (var i = 0; i <= marked.Length; i++)
        {
            var atEnd = i == marked.Length;
            if (!atEnd && marked[i] is not (MatchStart or MatchEnd))
            {
                continue;
            }

            html.Append(WebUtility.HtmlEncode(marked[from..i]));
            from = i + 1;
            if (atEnd)
            {
                break;
            }

            if (marked[i] == MatchStart && !inMatch)
            {
                html.Append("<mark>");
                inMatch = true;
            }
            else if (marked[i] == MatchEnd && inMatch)
            {
                html.Append("</mark>");
                inMatch = false;
            }
        }

        if (inMatch)
        {
            html.Append("</mark>");
        }

        // Words matched side by side read as one highlight ("student visas"), not two.
        return html.Replace("</mark> <mark>", " ").ToString();
    }

    /// <summary>
    /// Unmarks the words that match only part of a searched phrase. PostgreSQL's ts_headline marks every word of the
    /// query wherever it stands, FTS5 only the phrase's words side by side: for "student visas" a lone "visas" is not
    /// what was found. Matched words next to each other are already one mark, so a mark is kept when its words hold a
    /// whole term of the query, in order (the last word may be a prefix, as the query's last word is).
    /// </summary>
    public static string KeepWholeTerms(string marked, SearchQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (string.IsNullOrEmpty(marked) || !query.Terms.Any(t => t.Contains(' ', StringComparison.Ordinal)))
        {
            return marked;
        }

        var terms = query.Terms.Select(t => t.Split(' ').Select(Fold).ToArray()).ToList();
        var result = new StringBuilder(marked.Length);
        var at = 0;
        while (marked.IndexOf(MatchStart, at) is var start and >= 0 && marked.IndexOf(MatchEnd, start) is var end and >= 0)
        {
            var inner = marked[(start + 1)..end];
            var words = inner.Split((char[])[' ', ',', '.', ';', ':', '-', '\'', '’', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries).Select(Fold).ToArray();
            var keep = terms.Any(term => Enumerable.Range(0, Math.Max(0, words.Length - term.Length + 1))
                .Any(i => term.Select((w, j) => j == term.Length - 1 ? words[i + j].StartsWith(w, StringComparison.Ordinal) : words[i + j] == w).All(ok => ok)));
            result.Append(marked, at, start - at).Append(keep ? marked[start..(end + 1)] : inner);
            at = end + 1;
        }

        return result.Append(marked, at, marked.Length - at).ToString();
    }

    /// <summary>A word as both engines compare it: lower case, without accents.</summary>
    private static string Fold(string word) =>
        new string([.. word.Normalize(NormalizationForm.FormD).Where(c => CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)])
            .ToLowerInvariant();

    /// <summary>The text without markers, for places that show it plainly (titles of links, attributes).</summary>
    public static string ToPlainText(string? marked) =>
        string.IsNullOrEmpty(marked) ? "" : marked.Replace(MatchStart.ToString(), "", StringComparison.Ordinal).Replace(MatchEnd.ToString(), "", StringComparison.Ordinal);
}
