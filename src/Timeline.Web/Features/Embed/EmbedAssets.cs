using System.Collections.Concurrent;
using Microsoft.AspNetCore.StaticAssets;

namespace Timeline.Web.Features.Embed;

/// <summary>
/// URLs of the embed's static files. The build publishes each file also under a content-fingerprinted name served
/// with a year-long immutable lifetime; using that name lets readers' browsers keep the stylesheet and script across
/// every article that embeds a timeline.
/// </summary>
public sealed class EmbedAssets(EndpointDataSource endpoints)
{
    public const string StylesheetPath = "embed/embed.css";
    public const string FrameScriptPath = "embed/frame.js";
    public const string LoaderPath = "embed/loader.js";
    public const string SocialImagePath = "embed/social-card.png";
    public const string IconPath = "favicon.svg";

    private readonly ConcurrentDictionary<string, string> urls = new(StringComparer.Ordinal);

    public string Stylesheet => Url(StylesheetPath);

    public string FrameScript => Url(FrameScriptPath);

    public string SocialImage => Url(SocialImagePath);

    /// <summary>"/embed/embed.abc123.css" for "embed/embed.css", or "/embed/embed.css" when no fingerprinted name exists.</summary>
    public string Url(string path) => urls.GetOrAdd(path, Resolve);

    private string Resolve(string path)
    {
        foreach (var endpoint in endpoints.Endpoints)
        {
            if (endpoint.Metadata.GetMetadata<StaticAssetDescriptor>() is { } asset
                && asset.Properties.Any(p => p.Name == "label" && p.Value == path)
                && asset.Properties.Any(p => p.Name == "fingerprint"))
            {
                return "/" + asset.Route;
            }
        }

        return "/" + path;
    }
}
