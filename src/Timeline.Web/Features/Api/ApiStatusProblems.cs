using Microsoft.AspNetCore.WebUtilities;

namespace Timeline.Web.Features.Api;

/// <summary>
/// Errors the API's endpoints never see (an address nothing answers, a method an address does not take) as problem
/// JSON under /api, instead of the site's HTML not-found page. Those responses come from routing, which gives them no
/// endpoint of ours and so no metadata to read: the path is all there is.
/// </summary>
public static class ApiStatusProblems
{
    /// <summary>Goes after the site's status-code pages: a problem written here is a body, which they leave alone.</summary>
    public static IApplicationBuilder UseApiStatusProblems(this IApplicationBuilder app) =>
        app.UseWhen(
            context => context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase),
            api => api.UseStatusCodePages(async statusContext =>
            {
                var http = statusContext.HttpContext;
                var status = http.Response.StatusCode;
                var detail = status switch
                {
                    StatusCodes.Status404NotFound => "Nothing answers at this address; the API's endpoints are listed in " + ApiDocument.Path + ".",
                    StatusCodes.Status405MethodNotAllowed => $"This address does not take {http.Request.Method}; the API's endpoints and their methods are listed in {ApiDocument.Path}.",
                    _ => $"The request could not be answered ({status} {ReasonPhrases.GetReasonPhrase(status)}).",
                };
                await TypedResults.Problem(statusCode: status, title: ReasonPhrases.GetReasonPhrase(status), detail: detail).ExecuteAsync(http);
            }));
}
