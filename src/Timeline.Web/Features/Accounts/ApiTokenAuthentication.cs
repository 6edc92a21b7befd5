using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Timeline.Web.Features.Accounts;

/// <summary>
/// The bearer scheme of the write API (RFC 6750): <c>Authorization: Bearer tl_…</c> with an editor's personal token
/// (<see cref="ApiTokens"/>). It is never the default scheme: only endpoints whose policy names it
/// (<see cref="Policies.ApiToken"/>) run it, so the editor's cookie cannot call them (no cross-site request can), and a
/// bearer header changes nothing on any other route. Every refusal is a 401 problem with a one-sentence reason, also
/// given in <c>WWW-Authenticate</c>.
/// </summary>
public sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiTokens tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";

    private const string Realm = "Timeline API";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var headers = Request.Headers.Authorization;
        if (headers.Count == 0)
        {
            return AuthenticateResult.NoResult();
        }

        if (headers.Count > 1)
        {
            return Refuse("The request has more than one Authorization header; send one.");
        }

        var value = headers[0]?.Trim() ?? "";
        var space = value.IndexOf(' ', StringComparison.Ordinal);
        if (space < 0 ? !value.Equals("Bearer", StringComparison.OrdinalIgnoreCase) : !value[..space].Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            return Refuse("The Authorization header must be the word Bearer, a space and an API token.");
        }

        var token = space < 0 ? "" : value[(space + 1)..].Trim();
        if (token.Length == 0)
        {
            return Refuse("The Authorization header has no token after Bearer.");
        }

        var check = await tokens.AuthenticateAsync(token, Context.RequestAborted);
        return check.Caller is { } caller
            ? AuthenticateResult.Success(new AuthenticationTicket(caller.ToPrincipal(Scheme.Name), Scheme.Name))
            : Refuse(check.Refusal!);
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        var reason = result.Failure switch
        {
            null => null,
            TokenRefusedException refused => refused.Message,
            // Anything else went wrong while checking (the database): no detail of it goes to the client.
            _ => "The token could not be checked just now; try again.",
        };
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.CacheControl = "no-store";
        Response.Headers.WWWAuthenticate = reason is null
            ? $"Bearer realm=\"{Realm}\""
            : $"Bearer realm=\"{Realm}\", error=\"invalid_token\", error_description=\"{HeaderText(reason)}\"";
        await TypedResults.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: reason is null ? "API token required" : "API token refused",
            detail: reason ?? "Send an editor's API token as Authorization: Bearer tl_…; an editor makes one on the editor's API tokens page (/edit/tokens).")
            .ExecuteAsync(Context);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        Response.Headers.CacheControl = "no-store";
        await TypedResults.Problem(
            statusCode: StatusCodes.Status403Forbidden,
            title: "Not allowed",
            detail: "Only editors and admins can write through the API, and this token's account is neither.")
            .ExecuteAsync(Context);
    }

    private static AuthenticateResult Refuse(string reason) => AuthenticateResult.Fail(new TokenRefusedException(reason));

    /// <summary>The characters RFC 6750 allows in error_description (printable ASCII without '"' and '\'); others become '?'.</summary>
    private static string HeaderText(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(c is >= ' ' and <= '~' and not '"' and not '\\' ? c : '?');
        }

        return builder.ToString();
    }

    /// <summary>A refusal whose message is meant for the client.</summary>
    private sealed class TokenRefusedException(string message) : Exception(message);
}
