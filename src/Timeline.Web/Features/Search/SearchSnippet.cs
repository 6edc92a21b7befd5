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

    /// <summary>The text without markers, for places that show it plainly (titles of links, attributes).</summary>
    public static string ToPlainText(string? marked) =>
        string.IsNullOrEmpty(marked) ? "" : marked.Replace(MatchStart.ToString(), "", StringComparison.Ordinal).Replace(MatchEnd.ToString(), "", StringComparison.Ordinal);
}
