using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Primitives;

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

    /// <summary>
    /// Output-caches anonymous reader pages per path and query string, tagged per timeline so an editor's save evicts
    /// them (pages not tied to one timeline carry <see cref="ReaderCache.AllTimelinesTag"/>, which every save evicts).
    /// Other component pages (sign-in, editor) are never cached.
    /// </summary>
    public static TBuilder CacheReaderPages<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.CacheOutput(new ReaderPagePolicy());

    private sealed class ReaderPagePolicy : IOutputCachePolicy
    {
        public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellationToken)
        {
            var http = context.HttpContext;
            var reader = IsReaderPage(http.Request)
                && StringValues.IsNullOrEmpty(http.Request.Headers.Authorization)
                && http.User.Identity?.IsAuthenticated != true;
            context.EnableOutputCaching = reader;
            context.AllowCacheLookup = reader;
            context.AllowCacheStorage = reader;
            context.AllowLocking = true;
            context.ResponseExpirationTimeSpan = ReaderCaching.Lifetime;
            context.CacheVaryByRules.QueryKeys = "*";
            // Blazor's enhanced navigation asks with its own Accept header; it gets its own cache entry.
            context.CacheVaryByRules.HeaderNames = "Accept";
            context.Tags.Add(http.GetRouteValue("slug") is string slug ? ReaderCache.TimelineTag(slug) : ReaderCache.AllTimelinesTag);
            return ValueTask.CompletedTask;
        }

        public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellationToken)
        {
            var response = context.HttpContext.Response;
            // The response has started, so UseReaderPageHeaders has already dropped the unused antiforgery cookie;
            // any cookie still there makes the response private.
            if (response.StatusCode != StatusCodes.Status200OK
                || response.Headers.SetCookie.Any(c => c is not null && !c.StartsWith(AntiforgeryCookiePrefix, StringComparison.Ordinal))
                || context.HttpContext.User.Identity?.IsAuthenticated == true)
            {
                context.AllowCacheStorage = false;
            }

            return ValueTask.CompletedTask;
        }
    }
}
