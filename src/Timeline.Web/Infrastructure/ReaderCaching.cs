using System.IO.Compression;
using System.Security.Cryptography;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Timeline.Web.Infrastructure;

/// <summary>
/// Caching for responses that every reader gets alike (embeds, the JSON API): a short public lifetime for browsers and
/// CDNs, an ETag answered with 304, compression, and the server's output cache, tagged per timeline so that
/// <see cref="ReaderCache.EvictTimelineAsync"/> drops them when an editor saves.
/// </summary>
public static class ReaderCaching
{
    /// <summary>
    /// How long browsers, CDNs and the output cache keep a response. Eviction makes an edit visible on the instance
    /// that saved it at once; the lifetime bounds how stale any other copy (another instance, a CDN) can be.
    /// </summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(60);

    private static readonly string CacheControl = $"public, max-age={(int)Lifetime.TotalSeconds}";

    public static IServiceCollection AddReaderCaching(this IServiceCollection services)
    {
        services.AddOutputCache();
        services.AddResponseCompression(options =>
        {
            // Only endpoints that opt in are compressed (CompressResponses): they carry no secret and no per-reader token,
            // so compressing them over HTTPS gives a BREACH-style attacker nothing to guess.
            options.EnableForHttps = true;
            options.Providers.Add<BrotliCompressionProvider>();
            options.Providers.Add<GzipCompressionProvider>();
        });
        // A body is compressed once per output-cache entry, so the better ratio is worth its small cost.
        services.Configure<BrotliCompressionProviderOptions>(options => options.Level = CompressionLevel.Optimal);
        services.Configure<GzipCompressionProviderOptions>(options => options.Level = CompressionLevel.Optimal);
        return services;
    }

    /// <summary>Compresses the responses of endpoints marked with <see cref="CompressResponses"/>; goes after UseOutputCache so compressed bodies are cached.</summary>
    public static IApplicationBuilder UseReaderCompression(this IApplicationBuilder app) =>
        app.UseWhen(
            context => context.GetEndpoint()?.Metadata.GetMetadata<CompressedResponses>() is not null,
            branch => branch.UseResponseCompression());

    /// <summary>Marks endpoints whose responses may be compressed (Brotli or gzip, as the client accepts).</summary>
    public static TBuilder CompressResponses<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(CompressedResponses.Instance);

    /// <summary>
    /// Caches the endpoints' responses for readers: anonymous GET and HEAD 200 responses are output-cached per path,
    /// the given query keys and the accepted encoding, tagged with the timeline of the route's {slug} (else with
    /// <see cref="ReaderCache.AllTimelinesTag"/>); every 200 response carries Cache-Control and an ETag, and a request
    /// whose If-None-Match matches gets 304 without a body.
    /// </summary>
    public static TBuilder CacheForReaders<TBuilder>(this TBuilder builder, IReadOnlyList<string>? varyByQuery = null)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.CacheOutput(new ReaderOutputCachePolicy([.. varyByQuery ?? []]));
        builder.AddEndpointFilter(new ConditionalGetFilter());
        return builder.CompressResponses();
    }

    private sealed class CompressedResponses
    {
        public static readonly CompressedResponses Instance = new();
    }

    private sealed class ReaderOutputCachePolicy(string[] varyByQuery) : IOutputCachePolicy
    {
        public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellationToken)
        {
            var http = context.HttpContext;
            var anonymousRead = (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method))
                && StringValues.IsNullOrEmpty(http.Request.Headers.Authorization)
                && http.User.Identity?.IsAuthenticated != true;
            context.EnableOutputCaching = true;
            context.AllowCacheLookup = anonymousRead;
            context.AllowCacheStorage = anonymousRead;
            context.AllowLocking = true;
            context.ResponseExpirationTimeSpan = Lifetime;
            context.CacheVaryByRules.QueryKeys = varyByQuery;
            // Bodies are cached compressed, one entry per encoding the client accepts.
            context.CacheVaryByRules.HeaderNames = HeaderNames.AcceptEncoding;
            context.Tags.Add(http.GetRouteValue("slug") is string slug ? ReaderCache.TimelineTag(slug) : ReaderCache.AllTimelinesTag);
            return ValueTask.CompletedTask;
        }

        public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellationToken)
        {
            var http = context.HttpContext;
            // Checked again after the endpoint ran: authentication may sit after the output cache in the pipeline.
            if (http.Response.StatusCode != StatusCodes.Status200OK
                || !StringValues.IsNullOrEmpty(http.Response.Headers.SetCookie)
                || http.User.Identity?.IsAuthenticated == true)
            {
                context.AllowCacheStorage = false;
            }

            return ValueTask.CompletedTask;
        }
    }

    private sealed class ConditionalGetFilter : IEndpointFilter
    {
        public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
        {
            var result = await next(context);
            return result is IResult inner ? new ValidatedResult(inner) : result;
        }
    }

    /// <summary>Renders a result into memory to tag it with an ETag of its bytes, then sends it, or 304 when the client has it.</summary>
    private sealed class ValidatedResult(IResult inner) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            var body = response.Body;
            using var buffer = new MemoryStream();
            response.Body = buffer;
            try
            {
                await inner.ExecuteAsync(httpContext);
            }
            finally
            {
                response.Body = body;
            }

            if (response.StatusCode == StatusCodes.Status200OK)
            {
                // Weak: one tag covers the identity, gzip and Brotli bodies, which are the same representation.
                var etag = new EntityTagHeaderValue($"\"{Convert.ToHexStringLower(SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)).AsSpan(0, 16))}\"", isWeak: true);
                response.Headers.ETag = etag.ToString();
                response.Headers.CacheControl = CacheControl;
                if (IsNotModified(httpContext.Request, etag))
                {
                    response.StatusCode = StatusCodes.Status304NotModified;
                    response.ContentType = null;
                    return;
                }
            }

            response.ContentLength = buffer.Length;
            if (!HttpMethods.IsHead(httpContext.Request.Method))
            {
                buffer.Position = 0;
                await buffer.CopyToAsync(body, httpContext.RequestAborted);
            }
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
    }
}
