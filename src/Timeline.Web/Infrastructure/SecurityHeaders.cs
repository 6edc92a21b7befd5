using Microsoft.Extensions.Options;
using Timeline.Web.Features.Embed;

namespace Timeline.Web.Infrastructure;

/// <summary>A Content-Security-Policy and related headers on every response.</summary>
public static class SecurityHeaders
{
    // MudBlazor's theme provider writes its palette as an inline <style>, hence 'unsafe-inline' for styles only;
    // scripts come from this origin alone.
    private const string BasePolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: https:; " +
        "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'";

    // Embeds are framed by other sites, so they get the strictest policy: their own stylesheet and script, nothing inline.
    private const string EmbedPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; base-uri 'self'; form-action 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var embedAncestors = string.Join(' ', app.ApplicationServices.GetRequiredService<IOptions<EmbedOptions>>().Value.EffectiveFrameAncestors);
        return app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                var path = context.Request.Path;
                var isEmbed = path.StartsWithSegments("/embed");
                var frameAncestors = isEmbed ? embedAncestors
                    : path.StartsWithSegments("/edit") || path.StartsWithSegments("/account") ? "'none'"
                    : "'self'";
                headers.ContentSecurityPolicy = $"{(isEmbed ? EmbedPolicy : BasePolicy)}; frame-ancestors {frameAncestors}";
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
                if (frameAncestors == "'none'")
                {
                    headers.XFrameOptions = "DENY";
                }

                return Task.CompletedTask;
            });
            return next(context);
        });
    }
}
