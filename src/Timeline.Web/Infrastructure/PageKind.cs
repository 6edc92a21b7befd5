namespace Timeline.Web.Infrastructure;

/// <summary>What kind of page an endpoint serves; headers, caching and the document's assets are chosen by it.</summary>
public enum PageKind
{
    /// <summary>A plain server-rendered document for readers: the same for everyone, cacheable, no Blazor script.</summary>
    Reader,

    /// <summary>A reader document framed by other sites.</summary>
    Embed,

    /// <summary>Public read-only data (JSON, oEmbed, the embed loader): the same for everyone, cacheable.</summary>
    Api,

    /// <summary>Sign-in and account pages: plain documents that post forms and are never cached.</summary>
    Account,

    /// <summary>The interactive editor: MudBlazor and a Blazor circuit, signed-in editors only, never cached or framed.</summary>
    Editor,

    /// <summary>
    /// A reader document shown to a signed-in editor before readers see it (a draft's preview): the reader's assets and
    /// markup, but never cached, stored or framed.
    /// </summary>
    Preview,

    /// <summary>
    /// The write API and its editor views: JSON for an editor's programs, authenticated by API token, drafts included,
    /// so never cached, stored or framed.
    /// </summary>
    EditorApi,
}

/// <summary>Marks a page component or an endpoint with its <see cref="PageKind"/>; read back as endpoint metadata.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class PageKindAttribute(PageKind kind) : Attribute
{
    public PageKind Kind { get; } = kind;
}

public static class PageKinds
{
    /// <summary>The kind of the endpoint that serves this request, or null when no endpoint of ours does (static files).</summary>
    public static PageKind? PageKindOf(this HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<PageKindAttribute>()?.Kind;

    /// <summary>Whatever readers get alike, which may be cached and shared: reader pages, embeds and the read API.</summary>
    public static bool IsPublicRead(this PageKind? kind) => kind is PageKind.Reader or PageKind.Embed or PageKind.Api;

    public static TBuilder WithPageKind<TBuilder>(this TBuilder builder, PageKind kind)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new PageKindAttribute(kind));
}
