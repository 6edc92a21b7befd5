using System.Globalization;
using System.Text;
using Timeline.Web.Features.Reading;

namespace Timeline.Web.Features.Embed;

/// <summary>What to embed: a whole timeline, or one of its events; the title names the frame for screen readers.</summary>
public sealed record EmbedTarget(string TimelineSlug, string Title, string? EventSlug = null);

/// <summary>
/// The HTML an article pastes to embed a timeline: a plain iframe (also the oEmbed "html"), or a placeholder
/// &lt;div&gt; with the /embed.js loader, which fits the frame's height to its content.
/// </summary>
public static class EmbedSnippets
{
    public const int DefaultWidth = 720;
    public const int TimelineHeight = 640;
    public const int EventHeight = 480;

    /// <summary>A story's frame: room for the axis, an event with its first passages, and the way on.</summary>
    public const int StoryHeight = 600;
    public const string LoaderPath = "/embed.js";

    /// <summary>The embed page's path and query: "/embed/t/{slug}?tag=labour", "/embed/t/{slug}/e/{event}?theme=dark".</summary>
    public static string Path(EmbedTarget target, EmbedQuery query)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(query);
        return Links.Embed(target.TimelineSlug, target.EventSlug, query.ToQueryString());
    }

    /// <summary>
    /// &lt;iframe src="{origin}/embed/t/…" title="…" loading="lazy" …&gt;: fixed height, full width up to <paramref name="width"/>;
    /// with a start event the frame opens scrolled to it (by its own script, so the article around it does not move).
    /// </summary>
    public static string Iframe(Uri origin, EmbedTarget target, EmbedQuery query, int? width = null, int? height = null)
    {
        ArgumentNullException.ThrowIfNull(origin);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(query);
        var w = width ?? DefaultWidth;
        var h = height ?? DefaultHeight(target, query);
        var src = new Uri(origin, Path(target, query)).AbsoluteUri;
        return string.Create(CultureInfo.InvariantCulture,
            $"<iframe src=\"{Attribute(src)}\" title=\"{Attribute(FrameTitle(target))}\" loading=\"lazy\" width=\"{w}\" height=\"{h}\" style=\"display:block;width:100%;max-width:{w}px;height:{h}px;border:0\"></iframe>");
    }

    /// <summary>
    /// A &lt;div data-timeline="…" data-…&gt; holding a link to the full timeline (what readers without JavaScript get),
    /// and the loader script from this site, which replaces the link by a frame of the right height.
    /// </summary>
    public static string Script(Uri origin, EmbedTarget target, EmbedQuery query, int? height = null)
    {
        ArgumentNullException.ThrowIfNull(origin);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(query);
        var div = new StringBuilder("<div data-timeline=\"").Append(Attribute(target.TimelineSlug)).Append('"');
        if (target.EventSlug is { } eventSlug)
        {
            div.Append(" data-event=\"").Append(Attribute(eventSlug)).Append('"');
        }

        foreach (var (key, value) in query.ToQueryParameters())
        {
            div.Append(" data-").Append(key).Append("=\"").Append(Attribute(value)).Append('"');
        }

        if (height is { } h)
        {
            div.Append(" data-height=\"").Append(h.ToString(CultureInfo.InvariantCulture)).Append('"');
        }

        var page = new Uri(origin, target.EventSlug is null
            ? Links.Timeline(target.TimelineSlug)
            : Links.Event(target.TimelineSlug, target.EventSlug)).AbsoluteUri;
        div.Append("><a href=\"").Append(Attribute(page)).Append("\">").Append(Text(target.Title)).Append("</a></div>");
        return div.Append('\n')
            .Append("<script src=\"").Append(Attribute(new Uri(origin, LoaderPath).AbsoluteUri)).Append("\" async></script>")
            .ToString();
    }

    public static int DefaultHeight(EmbedTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return target.EventSlug is null ? TimelineHeight : EventHeight;
    }

    /// <summary>The frame's height for these options: a story's is fixed, the list's and an event's are a first guess the loader then fits.</summary>
    public static int DefaultHeight(EmbedTarget target, EmbedQuery query)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(query);
        return target.EventSlug is null && query.View == EmbedView.Story ? StoryHeight : DefaultHeight(target);
    }

    public static string FrameTitle(EmbedTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return $"Timeline: {target.Title}";
    }

    // Values go inside double-quoted attributes or element text, where these four characters are all that need escaping;
    // other characters stay as they are so that the snippet reads well when pasted.
    private static string Attribute(string value) => Text(value).Replace("\"", "&quot;", StringComparison.Ordinal);

    private static string Text(string value) => value
        .Replace("&", "&amp;", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal);
}
