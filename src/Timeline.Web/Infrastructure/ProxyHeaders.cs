using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Timeline.Web.Infrastructure;

/// <summary>
/// The reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed, from "ForwardedHeaders:KnownProxies"
/// (addresses). None by default: the headers are then ignored, so nobody can pick the address the rate limits see.
/// </summary>
public static class ProxyHeaders
{
    public const string Section = "ForwardedHeaders:KnownProxies";

    public static IApplicationBuilder UseKnownProxies(this IApplicationBuilder app, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var proxies = configuration.GetSection(Section).Get<string[]>() ?? [];
        if (proxies.Length == 0)
        {
            return app;
        }

        var options = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto };
        // Only the configured proxies: not the framework's default of loopback.
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var proxy in proxies)
        {
            options.KnownProxies.Add(IPAddress.TryParse(proxy, out var address) ? address
                : throw new InvalidOperationException($"{Section} has \"{proxy}\", which is not an IP address."));
        }

        return app.UseForwardedHeaders(options);
    }
}
