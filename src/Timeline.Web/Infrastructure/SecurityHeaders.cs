namespace Timeline.Web.Infrastructure;

/// <summary>A Content-Security-Policy and related headers on every response.</summary>
public static class SecurityHeaders
{
    // MudBlazor's theme provider writes its palette as an inline <style>, hence 'unsafe-inline' for styles only;
    // scripts come from this origin alone.
    private const string BasePolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: https:; " +
        "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                var path = context.Request.Path;
                var frameAncestors = path.StartsWithSegments("/embed") ? "*"
                    : path.StartsWithSegments("/edit") || path.StartsWithSegments("/account") ? "'none'"
                    : "'self'";
                headers.ContentSecurityPolicy = $"{BasePolicy}; frame-ancestors {frameAncestors}";
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
