using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace Timeline.Web.Features.Embed;

/// <summary>
/// Serves the loader script at the stable address articles include, /embed.js. It cannot carry a fingerprint, so it
/// is cached for an hour: long enough to spare the server, short enough for a fix to reach every article the same day.
/// </summary>
public sealed class EmbedLoader(IWebHostEnvironment environment)
{
    private const string CacheControl = "public, max-age=3600";

    private readonly Lazy<(byte[] Content, EntityTagHeaderValue ETag)> script = new(() =>
    {
        var file = environment.WebRootFileProvider.GetFileInfo(EmbedAssets.LoaderPath);
        if (!file.Exists)
        {
            throw new FileNotFoundException($"The embed loader is missing from the web root: {EmbedAssets.LoaderPath}.");
        }

        using var stream = file.CreateReadStream();
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var content = buffer.ToArray();
        var hash = Convert.ToHexStringLower(SHA256.HashData(content).AsSpan(0, 16));
        return (content, new EntityTagHeaderValue($"\"{hash}\"", isWeak: true));
    });

    /// <summary>The script, answering a matching If-None-Match with 304 (done by the file result).</summary>
    public FileContentHttpResult Get(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var (content, etag) = script.Value;
        response.Headers.CacheControl = CacheControl;
        // Lets pages that isolate themselves (Cross-Origin-Embedder-Policy: require-corp) still load the loader.
        response.Headers["Cross-Origin-Resource-Policy"] = "cross-origin";
        return TypedResults.Bytes(content, "text/javascript; charset=utf-8", entityTag: etag);
    }
}
