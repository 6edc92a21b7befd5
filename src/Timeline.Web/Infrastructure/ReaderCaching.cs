using System.IO.Compression;
using System.Reflection;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Timeline.Web.Infrastructure;

/// <summary>
/// Caching for responses that every reader gets alike (reader pages, embeds, the JSON API): a short public lifetime for
/// browsers and CDNs, a weak ETag answered with 304, compression, and the server's output cache, tagged per timeline so
/// that <see cref="ReaderCache.EvictTimelineAsync"/> drops them when an editor saves.
/// </summary>
/// <remarks>
/// These responses never vary by who asks — drafts are shown only under /edit and in the token API's editor views
/// (<see cref="PageKind.EditorApi"/>), which are never cached — so the cache key is the path, the query keys the
/// endpoint reads and the content coding alone. Headers that could split the key (Authorization, cookies, an unusual
/// Accept-Encoding) do not: no request can force a render past the cache.
/// </remarks>
public static class ReaderCaching
{
    /// <summary>
    /// How long browsers, CDNs and the output cache keep a response. Eviction makes an edit visible on the instance
    /// that saved it at once; the lifetime bounds how stale any other copy (another instance, a CDN) can be.
    /// </summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(60);

    private const string AntiforgeryCookiePrefix = ".AspNetCore.Antiforgery.";

    /// <summary>
    /// How long a shared cache in front (a CDN, nginx) may go on serving a copy past <see cref="Lifetime"/> while it fetches
    /// a fresh one in the background, so that no reader waits for a render when a popular page expires. An edit reaches
    /// readers behind such a cache within <see cref="Lifetime"/> plus this.
    /// </summary>
    public static readonly TimeSpan StaleWhileRevalidate = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Cache-Control of every public read: browsers and shared caches keep it <see cref="Lifetime"/>
    /// (<c>s-maxage</c> says so to shared caches on its own, so a CDN's default never stretches it), shared caches may
    /// serve it stale for <see cref="StaleWhileRevalidate"/> while revalidating, and for a day while the app is down.
    /// </summary>
    public static readonly string PublicCacheControl =
        $"public, max-age={(int)Lifetime.TotalSeconds}, s-maxage={(int)Lifetime.TotalSeconds}, stale-while-revalidate={(int)StaleWhileRevalidate.TotalSeconds}, stale-if-error=86400";

    private static readonly string CacheControl = PublicCacheControl;

    public static IServiceCollection AddReaderCaching(this IServiceCollection services)
    {
        services.AddOutputCache();
        services.AddResponseCompression(options =>
        {
            // Only public reads are compressed: they carry no secret and no per-reader token, so compressing them over
            // HTTPS gives a BREACH-style attacker nothing to guess. Editor and sign-in pages, which hold antiforgery
            // tokens, are left as they are.
            options.EnableForHttps = true;
            // JSON-LD (the Web Annotations) is JSON by another name, and large for a whole timeline.
            options.MimeTypes = [.. ResponseCompressionDefaults.MimeTypes, "application/ld+json"];
            options.Providers.Add<BrotliCompressionProvider>();
            options.Providers.Add<GzipCompressionProvider>();
        });
        // A body is compressed once per output-cache entry, so the better ratio is worth its small cost.
        services.Configure<BrotliCompressionProviderOptions>(options => options.Level = CompressionLevel.Optimal);
        services.Configure<GzipCompressionProviderOptions>(options => options.Level = CompressionLevel.Optimal);
        return services;
    }

    /// <summary>
    /// The reader pipeline around the output cache: the Accept-Encoding header reduced to the one coding that will be
    /// used (so it cannot split the cache key), the cache, compression, then the ETag and Cache-Control of the
    /// uncompressed body. Marked endpoints only (<see cref="CacheForReaders"/>).
    /// </summary>
    public static IApplicationBuilder UseReaderCaching(this IApplicationBuilder app)
    {
        app.UseWhen(IsCompressed, branch => branch.Use(async (context, next) =>
        {
            NormaliseAcceptEncoding(context.Request);
            if (!HttpMethods.IsHead(context.Request.Method))
            {
                await next(context);
                return;
            }

            // HEAD is answered as GET without the body (RFC 9110, 9.3.2): the same cache entry, the same headers.
            var original = context.Features.Get<IHttpResponseBodyFeature>()!;
            context.Request.Method = HttpMethods.Get;
            context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(Stream.Null, original));
            try
            {
                await next(context);
            }
            finally
            {
                context.Features.Set(original);
                context.Request.Method = HttpMethods.Head;
            }
        }));
        app.UseOutputCache();
        app.UseWhen(IsCompressed, branch => branch.UseResponseCompression());
        return app.UseWhen(IsCachedForReaders, branch => branch.Use(TagAndValidateAsync));
    }

    /// <summary>Marks a public read that keeps its own caching headers but is compressed (Brotli or gzip) when asked.</summary>
    public static TBuilder CompressForReaders<TBuilder>(this TBuilder builder, PageKind kind)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithPageKind(kind).WithMetadata(Compressed.Instance);

    /// <summary>
    /// Caches the endpoints' responses for readers: GET and HEAD 200 responses are output-cached per path, the given
    /// query keys and the content coding, tagged with the timeline of the route's {slug} (else with
    /// <see cref="ReaderCache.AllTimelinesTag"/>); every 200 response carries Cache-Control and an ETag, and a request
    /// whose If-None-Match matches gets 304 without a body.
    /// </summary>
    public static TBuilder CacheForReaders<TBuilder>(this TBuilder builder, PageKind kind, IReadOnlyList<string>? varyByQuery = null)
        where TBuilder : IEndpointConventionBuilder =>
        builder
            .WithPageKind(kind)
            .CacheOutput(new ReaderOutputCachePolicy([.. varyByQuery ?? []]))
            .WithMetadata(CachedForReaders.Instance, Compressed.Instance)
            // Only what the cache does not answer reaches the limiter: renders, not cache hits.
            .RequireRateLimiting(RateLimits.Reads);

    /// <summary>
    /// The same for server-rendered reader pages (<see cref="PageKind.Reader"/>): they also answer HEAD, and their
    /// cache key varies by the query parameters the page component reads ([SupplyParameterFromQuery]) and no others.
    /// </summary>
    public static RazorComponentsEndpointConventionBuilder CacheReaderPages(this RazorComponentsEndpointConventionBuilder builder)
    {
        builder.Add(endpoint =>
        {
            if (endpoint.Metadata.OfType<PageKindAttribute>().LastOrDefault()?.Kind != PageKind.Reader
                || endpoint.Metadata.OfType<ComponentTypeMetadata>().LastOrDefault()?.Type is not { } page)
            {
                return;
            }

            if (endpoint.Metadata.OfType<HttpMethodMetadata>().LastOrDefault() is { } methods && !methods.HttpMethods.Contains(HttpMethods.Head))
            {
                endpoint.Metadata.Add(new HttpMethodMetadata([.. methods.HttpMethods, HttpMethods.Head]));
            }

            endpoint.Metadata.Add(new ReaderOutputCachePolicy(QueryKeysOf(page)));
            endpoint.Metadata.Add(CachedForReaders.Instance);
            endpoint.Metadata.Add(Compressed.Instance);
            endpoint.Metadata.Add(new Microsoft.AspNetCore.RateLimiting.EnableRateLimitingAttribute(RateLimits.Reads));
        });
        return builder;
    }

    private static bool IsCachedForReaders(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<CachedForReaders>() is not null;

    private static bool IsCompressed(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<Compressed>() is not null;

    private static string[] QueryKeysOf(Type page) =>
    [
        .. page.GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
            .Select(p => (Property: p, Attribute: p.GetCustomAttribute<SupplyParameterFromQueryAttribute>()))
            .Where(p => p.Attribute is not null)
            .Select(p => p.Attribute!.Name ?? p.Property.Name)
            .Order(StringComparer.OrdinalIgnoreCase),
    ];

    /// <summary>Keeps only the coding the response will use: br, else gzip, else none.</summary>
    internal static void NormaliseAcceptEncoding(HttpRequest request)
    {
        var accepted = request.GetTypedHeaders().AcceptEncoding;
        static bool Accepts(IList<StringWithQualityHeaderValue> values, string coding) =>
            values.Any(v => (StringSegment.Equals(v.Value, coding, StringComparison.OrdinalIgnoreCase) || v.Value == "*")
                && (v.Quality ?? 1) > 0)
            && !values.Any(v => StringSegment.Equals(v.Value, coding, StringComparison.OrdinalIgnoreCase) && v.Quality == 0);

        request.Headers.AcceptEncoding = Accepts(accepted, "br") ? "br"
            : Accepts(accepted, "gzip") ? "gzip"
            : StringValues.Empty;
    }

    /// <summary>Buffers the endpoint's response to tag it with an ETag of its bytes, then sends it, or 304 when the client has it.</summary>
    private static async Task TagAndValidateAsync(HttpContext context, RequestDelegate next)
    {
        var response = context.Response;
        var original = context.Features.Get<IHttpResponseBodyFeature>()!;
        using var buffer = new MemoryStream();
        // Without a prior feature, StartAsync and flushes stay in the buffer: the headers must wait for the ETag.
        context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(buffer));
        try
        {
            await next(context);
        }
        finally
        {
            context.Features.Set(original);
        }

        if (response.StatusCode == StatusCodes.Status200OK)
        {
            // The interactive editor makes Blazor mint an antiforgery cookie on every server-rendered page; public reads
            // post nothing, so it is dropped and the response stays the same for everyone.
            response.Headers.SetCookie = response.Headers.SetCookie
                .Where(c => c is not null && !c.StartsWith(AntiforgeryCookiePrefix, StringComparison.Ordinal))
                .ToArray();

            // Weak: one tag covers the identity, gzip and Brotli bodies, which are the same representation.
            var etag = new EntityTagHeaderValue($"\"{Convert.ToHexStringLower(SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)).AsSpan(0, 16))}\"", isWeak: true);
            response.Headers.ETag = etag.ToString();
            response.Headers.CacheControl = CacheControl;
            response.Headers.Pragma = StringValues.Empty;
            // The body depends on the coding asked for, compressed or not: a shared cache that stored the plain body
            // must not hand it to every reader (nor a Brotli body to one who cannot read it). Nothing else varies.
            response.Headers.Vary = HeaderNames.AcceptEncoding;
            if (IsNotModified(context.Request, etag))
            {
                response.StatusCode = StatusCodes.Status304NotModified;
                response.ContentType = null;
                response.ContentLength = null;
                return;
            }
        }

        if (buffer.Length == 0 && response.StatusCode >= 400)
        {
            // Nothing written: the status-code page (re-executed around this) gives the body, as for any other route.
            return;
        }

        response.ContentLength = buffer.Length;
        buffer.Position = 0;
        await buffer.CopyToAsync(original.Stream, context.RequestAborted);
    }

    private static bool IsNotModified(HttpRequest request, EntityTagHeaderValue etag)
    {
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            return false;
        }

        var ifNoneMatch = request.GetTypedHeaders().IfNoneMatch;
        return ifNoneMatch.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(etag, useStrongComparison: false));
    }

    private sealed class CachedForReaders
    {
        public static readonly CachedForReaders Instance = new();
    }

    private sealed class Compressed
    {
        public static readonly Compressed Instance = new();
    }

    private sealed class ReaderOutputCachePolicy(string[] varyByQuery) : IOutputCachePolicy
    {
        public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellationToken)
        {
            var http = context.HttpContext;
            var read = HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method);
            context.EnableOutputCaching = true;
            context.AllowCacheLookup = read;
            context.AllowCacheStorage = read;
            context.AllowLocking = true;
            context.ResponseExpirationTimeSpan = Lifetime;
            context.CacheVaryByRules.QueryKeys = varyByQuery;
            // Bodies are cached compressed, one entry per coding (normalised to br, gzip or none).
            context.CacheVaryByRules.HeaderNames = HeaderNames.AcceptEncoding;
            context.Tags.Add(http.GetRouteValue("slug") is string slug ? ReaderCache.TimelineTag(slug) : ReaderCache.AllTimelinesTag);
            return ValueTask.CompletedTask;
        }

        public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellationToken)
        {
            // A response that sets a cookie is somebody's own; nothing else about the asker changes a public read.
            var response = context.HttpContext.Response;
            if (response.StatusCode != StatusCodes.Status200OK || !StringValues.IsNullOrEmpty(response.Headers.SetCookie))
            {
                context.AllowCacheStorage = false;
            }

            return ValueTask.CompletedTask;
        }
    }
}
