namespace Timeline.Web.Infrastructure;

/// <summary>
/// Reader pages are the same for everyone, so browsers and CDNs may keep them briefly. Blazor's interactive
/// editor makes every server-rendered page mint an antiforgery cookie and mark itself no-store; reader pages post
/// no forms, so that cookie is dropped there and a short public lifetime is set instead.
/// </summary>
public static class ReaderPageHeaders
{
    private const string AntiforgeryCookiePrefix = ".AspNetCore.Antiforgery.";

    public static IApplicationBuilder UseReaderPageHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            if (IsReaderPage(context.Request))
            {
                context.Response.OnStarting(() =>
                {
                    var response = context.Response;
                    if (response.StatusCode == StatusCodes.Status200OK)
                    {
                        response.Headers.SetCookie = response.Headers.SetCookie.Where(c => c is not null && !c.StartsWith(AntiforgeryCookiePrefix, StringComparison.Ordinal)).ToArray();
                        response.Headers.CacheControl = $"public, max-age={(int)ReaderCaching.Lifetime.TotalSeconds}";
                        response.Headers.Pragma = default;
                    }

                    return Task.CompletedTask;
                });
            }

            return next(context);
        });

    /// <summary>The server-rendered reader routes: home, timelines, events, sources and search.</summary>
    internal static bool IsReaderPage(HttpRequest request) =>
        (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
        && (request.Path == "/" || request.Path.StartsWithSegments("/t") || request.Path.StartsWithSegments("/sources") || request.Path.StartsWithSegments("/search"));
}
