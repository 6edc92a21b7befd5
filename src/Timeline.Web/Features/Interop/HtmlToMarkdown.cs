using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Timeline.Web.Features.Interop;

/// <summary>
/// Reduces the HTML that TimelineJS files and spreadsheets carry in their text (paragraphs, links, emphasis, lists,
/// quotes) to the Markdown editors write, parsed with AngleSharp as a browser would. Only what Markdown can say is kept:
/// scripts, styles, frames, forms and event handlers are dropped with their content, links keep only http(s) and mailto
/// addresses, and every other tag gives way to its text. What was dropped is reported, so an import can say so.
/// </summary>
public static class HtmlToMarkdown
{
    private static readonly HtmlParser Parser = new();

    /// <summary>Elements whose content is never text for readers.</summary>
    private static readonly HashSet<string> Dropped = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "iframe", "object", "embed", "noscript", "template", "form", "input", "button", "select",
        "textarea", "svg", "math", "canvas", "video", "audio", "frame", "frameset", "link", "meta", "base",
    };

    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "section", "article", "header", "footer", "aside", "figure", "figcaption", "address", "table", "tr",
        "h1", "h2", "h3", "h4", "h5", "h6", "pre", "hr", "dl", "dt", "dd", "center", "main", "nav",
    };

    /// <summary>The Markdown for the HTML fragment, and the names of the elements that were dropped (script, iframe…).</summary>
    public static (string Markdown, IReadOnlyList<string> Dropped) Convert(string? html)
    {
        if (string.IsNullOrWhiteSpace(html))
        {
            return ("", []);
        }

        var document = Parser.ParseDocument("<!doctype html><html><body></body></html>");
        var nodes = Parser.ParseFragment(html, document.Body!);
        var writer = new Writer();
        foreach (var node in nodes)
        {
            writer.Node(node);
        }

        return (writer.Result(), [.. writer.DroppedElements.Order(StringComparer.Ordinal)]);
    }

    /// <summary>Plain text of an HTML fragment (for headlines, captions and credits): tags removed, entities decoded, spaces collapsed.</summary>
    public static string ToText(string? html)
    {
        if (string.IsNullOrWhiteSpace(html))
        {
            return "";
        }

        if (!html.Contains('<', StringComparison.Ordinal) && !html.Contains('&', StringComparison.Ordinal))
        {
            return Collapse(html);
        }

        var document = Parser.ParseDocument("<!doctype html><html><body></body></html>");
        var text = new StringBuilder();
        foreach (var node in Parser.ParseFragment(html, document.Body!))
        {
            AppendText(node, text);
        }

        return Collapse(text.ToString());
    }

    private static void AppendText(INode node, StringBuilder text)
    {
        if (node is IElement element && Dropped.Contains(element.LocalName))
        {
            return;
        }

        if (node.NodeType == NodeType.Text)
        {
            text.Append(node.TextContent);
            return;
        }

        if (node is IElement { LocalName: "br" })
        {
            text.Append(' ');
        }

        foreach (var child in node.ChildNodes)
        {
            AppendText(child, text);
        }

        if (node is IElement block && Blocks.Contains(block.LocalName))
        {
            text.Append(' ');
        }
    }

    private static string Collapse(string text) =>
        string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>Escapes the characters Markdown would read as formatting inside running text.</summary>
    internal static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '\\' or '*' or '_' or '[' or ']' or '`' or '<' or '>' or '#' or '|' or '~')
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }

    private sealed class Writer
    {
        private readonly StringBuilder output = new();
        private readonly StringBuilder line = new();
        private readonly Stack<string> quotePrefixes = new();
        private int listDepth;

        public SortedSet<string> DroppedElements { get; } = new(StringComparer.Ordinal);

        public string Result()
        {
            EndBlock();
            return output.ToString().Trim();
        }

        public void Node(INode node)
        {
            switch (node)
            {
                case IText text:
                    Text(text.Data);
                    break;
                case IElement element:
                    Element(element);
                    break;
                default:
                    // Comments and the like carry nothing for readers.
                    break;
            }
        }

        private void Element(IElement element)
        {
            var name = element.LocalName;
            if (Dropped.Contains(name))
            {
                DroppedElements.Add(name);
                return;
            }

            if (element.Attributes.Any(a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase)))
            {
                DroppedElements.Add($"{name} {element.Attributes.First(a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase)).Name}");
            }

            switch (name)
            {
                case "br":
                    line.Append("\\\n");
                    return;
                case "strong" or "b":
                    Wrap(element, "**");
                    return;
                case "em" or "i":
                    Wrap(element, "*");
                    return;
                case "code":
                    Wrap(element, "`");
                    return;
                case "a":
                    Link(element);
                    return;
                case "img":
                    // An image in running text cannot be kept as text; its description can.
                    if (element.GetAttribute("alt") is { Length: > 0 } alt)
                    {
                        Text(alt);
                    }

                    DroppedElements.Add("img");
                    return;
                case "blockquote":
                    EndBlock();
                    quotePrefixes.Push("> ");
                    Children(element);
                    EndLine();
                    var blank = string.Concat(quotePrefixes.Reverse()).TrimEnd() + "\n";
                    while (output.Length >= blank.Length && output.ToString(output.Length - blank.Length, blank.Length) == blank)
                    {
                        output.Length -= blank.Length;
                    }

                    quotePrefixes.Pop();
                    EndBlock();
                    return;
                case "ul" or "ol":
                    EndBlock();
                    listDepth++;
                    var number = 1;
                    foreach (var item in element.Children.Where(c => c.LocalName == "li"))
                    {
                        var marker = name == "ol" ? $"{number++}. " : "- ";
                        line.Append(new string(' ', 2 * (listDepth - 1))).Append(marker);
                        Children(item);
                        EndLine();
                    }

                    listDepth--;
                    EndBlock();
                    return;
                case "h1" or "h2" or "h3" or "h4" or "h5" or "h6":
                    EndBlock();
                    line.Append("**");
                    Children(element);
                    TrimLineEnd();
                    line.Append("**");
                    EndBlock();
                    return;
                default:
                    if (Blocks.Contains(name))
                    {
                        EndBlock();
                        Children(element);
                        EndBlock();
                    }
                    else
                    {
                        Children(element);
                    }

                    return;
            }
        }

        private void Children(IElement element)
        {
            foreach (var child in element.ChildNodes)
            {
                Node(child);
            }
        }

        private void Wrap(IElement element, string marker)
        {
            var inner = new Writer();
            foreach (var child in element.ChildNodes)
            {
                inner.Node(child);
            }

            DroppedElements.UnionWith(inner.DroppedElements);
            var text = Collapse(inner.Result().Replace("\\\n", " ", StringComparison.Ordinal));
            if (text.Length > 0)
            {
                line.Append(marker).Append(text).Append(marker);
            }
        }

        private void Link(IElement element)
        {
            var inner = new Writer();
            foreach (var child in element.ChildNodes)
            {
                inner.Node(child);
            }

            DroppedElements.UnionWith(inner.DroppedElements);
            var text = Collapse(inner.Result().Replace("\\\n", " ", StringComparison.Ordinal));
            var href = element.GetAttribute("href")?.Trim();
            var safe = href is not null && Uri.TryCreate(href, UriKind.Absolute, out var uri)
                && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeMailto);
            if (href is not null && !safe && !href.StartsWith('#'))
            {
                DroppedElements.Add("a href");
            }

            if (text.Length == 0)
            {
                return;
            }

            if (safe)
            {
                line.Append('[').Append(text).Append("](<").Append(href!.Replace(">", "%3E", StringComparison.Ordinal)).Append(">)");
            }
            else
            {
                line.Append(text);
            }
        }

        private void Text(string data)
        {
            // HTML collapses runs of white space (newlines included) to one space.
            var atLineStart = line.Length == 0 || line[^1] is ' ' or '\n';
            var collapsed = new StringBuilder(data.Length);
            var space = false;
            foreach (var c in data)
            {
                if (char.IsWhiteSpace(c) && c != '\u00a0')
                {
                    space = true;
                    continue;
                }

                if (space && (collapsed.Length > 0 || !atLineStart))
                {
                    collapsed.Append(' ');
                }

                space = false;
                collapsed.Append(c);
            }

            if (space && (collapsed.Length > 0 || !atLineStart))
            {
                collapsed.Append(' ');
            }

            var text = collapsed.ToString();
            if (line.Length == 0 || line[^1] == '\n' || IsOnlyMarker())
            {
                text = text.TrimStart();
            }

            line.Append(EscapeLineStart(Escape(text)));
        }

        private bool IsOnlyMarker()
        {
            var current = line.ToString().TrimStart();
            return current is "- " or "-" || (current.EndsWith(". ", StringComparison.Ordinal) && current[..^2].All(char.IsDigit));
        }

        /// <summary>Text at the start of a line that Markdown would read as a list, heading or quote is escaped.</summary>
        private string EscapeLineStart(string text)
        {
            if (line.Length != 0 && line[^1] != '\n')
            {
                return text;
            }

            if (text.Length > 0 && text[0] is '-' or '+' or '=')
            {
                return "\\" + text;
            }

            var digits = 0;
            while (digits < text.Length && char.IsAsciiDigit(text[digits]))
            {
                digits++;
            }

            return digits > 0 && digits < text.Length && text[digits] is '.' or ')' ? text[..digits] + "\\" + text[digits..] : text;
        }

        private void TrimLineEnd()
        {
            while (line.Length > 0 && line[^1] == ' ')
            {
                line.Length--;
            }
        }

        private void EndLine()
        {
            TrimLineEnd();
            while (line.Length >= 2 && line[^1] == '\n' && line[^2] == '\\')
            {
                line.Length -= 2;
            }

            var text = line.ToString();
            line.Clear();
            if (text.Trim().Length == 0)
            {
                return;
            }

            var prefix = string.Concat(quotePrefixes.Reverse());
            foreach (var part in text.Split('\n'))
            {
                output.Append(prefix).Append(part).Append('\n');
            }
        }

        private void EndBlock()
        {
            EndLine();
            if (output.Length > 0 && !output.ToString().EndsWith("\n\n", StringComparison.Ordinal))
            {
                var prefix = string.Concat(quotePrefixes.Reverse()).TrimEnd();
                output.Append(prefix.Length > 0 ? prefix + "\n" : "\n");
            }
        }
    }
}
