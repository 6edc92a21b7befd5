using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Timeline.Web.Data;

namespace Timeline.Web.Features.Accounts;

/// <summary>Editor accounts: ASP.NET Core Identity on the app's database, cookie sign-in, Editor and Admin roles.</summary>
public static class AccountsExtensions
{
    public static IServiceCollection AddAccounts(this IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName("Timeline").PersistKeysToDbContext<TimelineDbContext>();
        services.AddCascadingAuthenticationState();
        services.AddSignInThrottle();
        services.AddSingleton<EditorSessions>();
        services.AddScoped<AccountAdmin>();
        services.AddSingleton<ApiTokens>();
        services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        // Not the default: only the write API's policy runs the bearer scheme.
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Editor, p => p.RequireRole(Roles.Editor, Roles.Admin))
            .AddPolicy(Policies.Admin, p => p.RequireRole(Roles.Admin))
            // The bearer scheme alone: a request with the editor's cookie and no token is refused, so a page on another
            // site cannot write through a signed-in editor's browser.
            .AddPolicy(Policies.ApiToken, p => p.AddAuthenticationSchemes(ApiTokenAuthenticationHandler.SchemeName).RequireAuthenticatedUser().RequireRole(Roles.Editor, Roles.Admin));
        services.AddIdentityCore<EditorUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.SignIn.RequireConfirmedAccount = false;
                options.Password.RequiredLength = 10;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequireUppercase = false;
                // No lockout on failed passwords: anyone could lock every editor out. SignInThrottle slows guessing instead.
                options.Lockout.AllowedForNewUsers = false;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<TimelineDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders();
        services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/account/login";
            options.LogoutPath = "/account/logout";
            options.AccessDeniedPath = "/account/denied";
            options.Cookie.Name = "timeline.editor";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.SlidingExpiration = true;
            options.ExpireTimeSpan = TimeSpan.FromHours(12);
            // After Identity's own check (the security stamp), the sign-in itself must not have ended: a sign-out
            // elsewhere ends it for every tab and cookie at once, on their next request.
            var checkStamp = options.Events.OnValidatePrincipal;
            options.Events.OnValidatePrincipal = async context =>
            {
                await checkStamp(context);
                if (context.Principal is { Identity.IsAuthenticated: true } principal
                    && !await context.HttpContext.RequestServices.GetRequiredService<EditorSessions>().IsActiveAsync(principal, context.HttpContext.RequestAborted))
                {
                    context.RejectPrincipal();
                    await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
                }
            };
        });
        return services;
    }

    public static IEndpointRouteBuilder MapAccounts(this IEndpointRouteBuilder app)
    {
        // Sign-out is a POST with an antiforgery token, so neither a link nor a form on another site can sign an editor
        // out. The token is checked here: antiforgery middleware only records its verdict for endpoints that bind no form.
        app.MapPost("/account/logout", async Task<IResult> (HttpContext context, IAntiforgery antiforgery, SignInManager<EditorUser> signIn, EditorSessions sessions) =>
        {
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status400BadRequest,
                    title: "Sign out from the editor's own page",
                    detail: "This request did not come from a page of this site, so you are still signed in. Use the Sign out button in the editor.");
            }

            // Ending the sign-in on the server signs out its other tabs and open editor pages too.
            await sessions.EndAsync(context.User, context.RequestAborted);
            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect("/");
        }).DisableAntiforgery().ExcludeFromDescription();
        return app;
    }
}

/// <summary>Authorization policy names.</summary>
public static class Policies
{
    public const string Editor = "Editor";
    public const string Admin = "Admin";

    /// <summary>An editor's or admin's API token, and nothing else (not the sign-in cookie).</summary>
    public const string ApiToken = "ApiToken";
}
