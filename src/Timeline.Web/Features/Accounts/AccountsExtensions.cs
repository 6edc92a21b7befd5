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
        services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Editor, p => p.RequireRole(Roles.Editor, Roles.Admin))
            .AddPolicy(Policies.Admin, p => p.RequireRole(Roles.Admin));
        services.AddIdentityCore<EditorUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.SignIn.RequireConfirmedAccount = false;
                options.Password.RequiredLength = 10;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequireUppercase = false;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.Lockout.AllowedForNewUsers = true;
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
        });
        return services;
    }

    public static IEndpointRouteBuilder MapAccounts(this IEndpointRouteBuilder app)
    {
        // Sign-out is a POST with an antiforgery token, so a link on another site cannot sign an editor out.
        app.MapPost("/account/logout", async (SignInManager<EditorUser> signIn) =>
        {
            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect("/");
        });
        return app;
    }
}

/// <summary>Authorization policy names.</summary>
public static class Policies
{
    public const string Editor = "Editor";
    public const string Admin = "Admin";
}
