using System.Text;
using Markdig;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Timeline.Domain;

/// <summary>Markdown rendering for summaries and descriptions: raw HTML disabled, links limited to http, https and mailto.</summary>
/// <remarks>
/// Supports CommonMark plus strikethrough, sub/superscript, inserted and marked text, bare URL autolinks, extra list
/// styles and pipe tables. Raw HTML is shown as text. Links and autolinks whose scheme is not http, https or mailto
/// (javascript:, data:, vbscript:, …) are rendered as their text; relative links ("/t/x", "#x") are kept.
/// Images are kept only with an http, https or relative address, otherwise shown as their alt text.
/// External http and https links get rel="nofollow noopener" because the text is user-supplied.
/// </remarks>
public static class MarkdownRenderer
{
    private static readonly string[] AllowedSchemes = ["http", "https", "mailto"];
    private static readonly string[] ImageSchemes = ["http", "https"];

    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UseEmphasisExtras()
        .UseAutoLinks()
        .UseListExtras()
        .UsePipeTables()
        .DisableHtml()
        .Build();

    /// <summary>Renders Markdown to safe HTML; "" for null or blank input.</summary>
    public static string ToHtml(string? markdown)
    {
        if (string.IsNullOrWhiteSpace(markdown))
        {
            return string.Empty;
        }

        var document = Markdown.Parse(markdown, Pipeline);
        Neutralise(document);
        return document.ToHtml(Pipeline);
    }

    /// <summary>The text of the Markdown without markup, on one line with white space collapsed, for meta descriptions.</summary>
    public static string ToPlainText(string? markdown)
    {
        if (string.IsNullOrWhiteSpace(markdown))
        {
            return string.Empty;
        }

        var document = Markdown.Parse(markdown, Pipeline);
        var builder = new StringBuilder();
        AppendText(document, builder);
        return CollapseWhiteSpace(builder);
    }

    private static void Neutralise(MarkdownDocument document)
    {
        // Collected first: replacing inlines while enumerating the tree would skip or revisit nodes.
        foreach (var link in document.Descendants<LinkInline>().ToList())
        {
            var url = link.Url ?? string.Empty;
            if (!IsAllowed(url, link.IsImage ? ImageSchemes : AllowedSchemes))
            {
                // A bare address shows as typed; otherwise the children are the link text or alt text, which stay.
                link.ReplaceBy(link.IsAutoLink ? new LiteralInline(url) : new ContainerInline(), copyChildren: !link.IsAutoLink);
            }
            else if (!link.IsImage && IsExternalWeb(url))
            {
                link.GetAttributes().AddPropertyIfNotExist("rel", "nofollow noopener");
            }
        }

        foreach (var autolink in document.Descendants<AutolinkInline>().ToList())
        {
            var url = autolink.IsEmail ? "mailto:" + autolink.Url : autolink.Url;
            if (!IsAllowed(url, AllowedSchemes))
            {
                autolink.ReplaceBy(new LiteralInline(autolink.Url));
            }
            else if (IsExternalWeb(url))
            {
                autolink.GetAttributes().AddPropertyIfNotExist("rel", "nofollow noopener");
            }
        }
    }

    /// <summary>Whether the address is relative or has one of the schemes, read the way a browser reads it.</summary>
    private static bool IsAllowed(string url, string[] schemes)
    {
        var scheme = SchemeOf(url);
        return scheme is null || schemes.Contains(scheme, StringComparer.OrdinalIgnoreCase);
    }

    private static bool IsExternalWeb(string url) =>
        SchemeOf(url) is { } scheme && (scheme.Equals("http", StringComparison.OrdinalIgnoreCase) || scheme.Equals("https", StringComparison.OrdinalIgnoreCase));

    /// <summary>The scheme of an absolute address, or null for a relative one.</summary>
    /// <remarks>
    /// Browsers ignore tabs, newlines and leading control characters or spaces before deciding on the scheme
    /// ("java\tscript:"), so those are dropped first. Any colon before the first '/', '?' or '#' is treated as ending
    /// a scheme, even when the characters before it would not form a valid one: refusing those is the safe side.
    /// </remarks>
    private static string? SchemeOf(string url)
    {
        var cleaned = new StringBuilder(url.Length);
        foreach (var c in url)
        {
            if (c > ' ' && c != '\u007f')
            {
                cleaned.Append(c);
            }
        }

        var text = cleaned.ToString();
        var end = text.IndexOfAny([':', '/', '?', '#', '\\']);
        return end >= 0 && text[end] == ':' ? text[..end] : null;
    }

    private static void AppendText(MarkdownObject node, StringBuilder builder)
    {
        switch (node)
        {
            case LiteralInline literal:
                builder.Append(literal.Content.AsSpan());
                break;
            case HtmlEntityInline entity:
                builder.Append(entity.Transcoded.AsSpan());
                break;
            case CodeInline code:
                builder.Append(code.Content);
                break;
            case AutolinkInline autolink:
                builder.Append(autolink.Url);
                break;
            case LineBreakInline:
                builder.Append(' ');
                break;
            case ContainerInline container:
                foreach (var child in container)
                {
                    AppendText(child, builder);
                }

                break;
            case LeafBlock { Inline: { } inline }:
                AppendText(inline, builder);
                builder.Append(' ');
                break;
            case LeafBlock leaf:
                // Code blocks and raw HTML blocks (shown as text) keep their lines.
                foreach (var line in leaf.Lines)
                {
                    builder.Append(line.ToString()).Append(' ');
                }

                break;
            case ContainerBlock container:
                foreach (var child in container)
                {
                    AppendText(child, builder);
                    builder.Append(' ');
                }

                break;
        }
    }

    private static string CollapseWhiteSpace(StringBuilder builder)
    {
        var result = new StringBuilder(builder.Length);
        var pendingSpace = false;
        foreach (var chunk in builder.GetChunks())
        {
            foreach (var c in chunk.Span)
            {
                if (char.IsWhiteSpace(c))
                {
                    pendingSpace = result.Length > 0;
                    continue;
                }

                if (pendingSpace)
                {
                    result.Append(' ');
                    pendingSpace = false;
                }

                result.Append(c);
            }
        }

        return result.ToString();
    }
}
