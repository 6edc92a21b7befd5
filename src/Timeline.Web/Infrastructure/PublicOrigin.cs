using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Timeline.Web.Infrastructure;

/// <summary>Settings of the site as readers reach it, from the "Site" configuration section.</summary>
public sealed class SiteOptions : IValidatableObject
{
    public const string Section = "Site";

    /// <summary>
    /// The scheme, host and port readers use ("https://timeline.example"). Absolute URLs on public, cacheable
    /// responses (og:url, oEmbed discovery and answers, embed snippets) are built from it, never from the request's
    /// Host header, which anyone can set. Unset, the request's own origin is used, as suits <c>dotnet run</c> on one
    /// machine; set it for any deployment that others reach (<c>Site__PublicOrigin</c>).
    /// </summary>
    public string? PublicOrigin { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (PublicOrigin is not null && PublicOrigin.Length > 0 && PublicOrigins.Parse(PublicOrigin) is null)
        {
            yield return new ValidationResult(
                $"Site:PublicOrigin is \"{PublicOrigin}\": give the scheme and host readers use, such as https://timeline.example (no path, query or fragment).",
                [nameof(PublicOrigin)]);
        }
    }
}

/// <summary>The origin absolute URLs are built from: the configured public origin, else the request's own.</summary>
public sealed class PublicOrigins(IOptions<SiteOptions> options)
{
    private readonly Uri? configured = string.IsNullOrEmpty(options.Value.PublicOrigin) ? null : Parse(options.Value.PublicOrigin);

    /// <summary>True when the site's origin is configured rather than taken from each request.</summary>
    public bool IsConfigured => configured is not null;

    /// <summary>The origin for a request whose own base address is <paramref name="requestBase"/>.</summary>
    public Uri For(Uri requestBase)
    {
        ArgumentNullException.ThrowIfNull(requestBase);
        return configured ?? new Uri(requestBase.GetLeftPart(UriPartial.Authority) + "/");
    }

    /// <summary>The origin for a request, read from its scheme and Host header only when none is configured.</summary>
    public Uri For(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return configured ?? new Uri($"{request.Scheme}://{request.Host.ToUriComponent()}/");
    }

    /// <summary>An http or https origin with no path beyond "/", as "https://timeline.example/"; null otherwise.</summary>
    internal static Uri? Parse(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
        && uri.AbsolutePath == "/" && uri.Query.Length == 0 && uri.Fragment.Length == 0 && uri.UserInfo.Length == 0
            ? new Uri(uri.GetLeftPart(UriPartial.Authority) + "/")
            : null;
}

public static class PublicOriginExtensions
{
    public static IServiceCollection AddPublicOrigin(this IServiceCollection services)
    {
        services.AddOptions<SiteOptions>().BindConfiguration(SiteOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<PublicOrigins>();
        return services;
    }
}
