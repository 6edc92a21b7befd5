namespace Timeline.Web.Infrastructure;

/// <summary>A Content-Security-Policy and related headers on every response, chosen by the endpoint's <see cref="PageKind"/>.</summary>
public static class SecurityHeaders
{
    private const string SharedPolicy =
        "default-src 'self'; script-src 'self'; img-src 'self' data: https:; font-src 'self' data:; connect-src 'self'; " +
        "object-src 'none'; base-uri 'self'; form-action 'self'";

    // Reader and sign-in pages load the site stylesheet alone: nothing inline, not even a style attribute.
    private const string DocumentPolicy = SharedPolicy + "; style-src 'self'";

    // MudBlazor's theme provider writes its palette as an inline <style>, hence 'unsafe-inline' for the editor's styles only.
    private const string EditorPolicy = SharedPolicy + "; style-src 'self' 'unsafe-inline'";

    // Embeds are framed by other sites, so they get the strictest policy: their own stylesheet and script, nothing inline.
    private const string EmbedPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; base-uri 'self'; form-action 'none'";

    /// <summary>Sets the headers; <paramref name="embedFrameAncestors"/> are the sites that may frame embeds.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app, IEnumerable<string> embedFrameAncestors)
    {
        ArgumentNullException.ThrowIfNull(app);
        var embedAncestors = string.Join(' ', embedFrameAncestors);
        return app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                var kind = context.PageKindOf();
                var (policy, frameAncestors) = kind switch
                {
                    PageKind.Embed => (EmbedPolicy, embedAncestors),
                    PageKind.Editor => (EditorPolicy, "'none'"),
                    PageKind.Account or PageKind.Preview or PageKind.EditorApi => (DocumentPolicy, "'none'"),
                    // Pages that are not ours (static files, the editor's Blazor hub) keep the editor's policy.
                    null when context.Request.Path.StartsWithSegments("/_blazor") => (EditorPolicy, "'none'"),
                    _ => (DocumentPolicy, "'self'"),
                };
                headers.ContentSecurityPolicy = $"{policy}; frame-ancestors {frameAncestors}";
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
                if (frameAncestors == "'none'")
                {
                    headers.XFrameOptions = "DENY";
                }

                if (kind is PageKind.Preview or PageKind.Editor or PageKind.EditorApi or PageKind.Account || context.Request.Path.StartsWithSegments("/edit"))
                {
                    // Drafts, editor pages and sign-in pages (redirects included): no shared cache or browser history
                    // may keep them, whoever asks.
                    headers.CacheControl = "no-store";
                }

                return Task.CompletedTask;
            });
            return next(context);
        });
    }
}
