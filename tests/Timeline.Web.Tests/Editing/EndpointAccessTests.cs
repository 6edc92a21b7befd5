using System.Net;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Timeline.Web.Data;
using Timeline.Web.Tests.Infrastructure;

namespace Timeline.Web.Tests.Editing;

/// <summary>
/// Every endpoint the app maps, read from its <see cref="EndpointDataSource"/>, is classified here with who may use it;
/// each is requested as a reader, an editor and an admin. An endpoint added later fails the first test until it is
/// classified, so nothing reaches production without a decision on who may call it.
/// </summary>
public sealed class EndpointAccessTests : IDisposable
{
    private const string Seeded = "north-korean-workers-in-russia";
    private readonly TimelineAppFactory app = new();

    public void Dispose() => app.Dispose();

    private enum Access
    {
        /// <summary>The same for everyone.</summary>
        Public,

        /// <summary>Signed-in editors and admins; readers are sent to sign in.</summary>
        Editors,

        /// <summary>Admins only; editors are refused, readers sent to sign in.</summary>
        Admins,

        /// <summary>
        /// An editor's API token and nothing else: readers, and editors and admins with only their sign-in cookie, get 401
        /// (ApiTokenTests check the token itself).
        /// </summary>
        ApiToken,

        /// <summary>A POST, the Blazor hub or the framework's script: checked by their own tests, not by a GET here.</summary>
        NotAPage,
    }

    /// <summary>Each route pattern the app maps, with a concrete address to try and who may use it.</summary>
    private static readonly Dictionary<string, (string Path, Access Access)> Classified = new(StringComparer.Ordinal)
    {
        ["/"] = ("/", Access.Public),
        ["/Error"] = ("/Error", Access.Public),
        ["/not-found"] = ("/not-found", Access.Public),
        ["/search"] = ("/search?q=workers", Access.Public),
        ["/sources/{Id:int}"] = ("/sources/1", Access.Public),
        ["/t/{Slug}"] = ($"/t/{Seeded}", Access.Public),
        ["/t/{Slug}/disagreements"] = ($"/t/{Seeded}/disagreements", Access.Public),
        ["/t/{Slug}/corrections"] = ($"/t/{Seeded}/corrections", Access.Public),
        ["/t/{slug}/feed.atom"] = ($"/t/{Seeded}/feed.atom", Access.Public),
        ["/api/timelines/{slug}/timelinejs"] = ($"/api/timelines/{Seeded}/timelinejs", Access.Public),
        ["/api/timelines/{slug}/csv"] = ($"/api/timelines/{Seeded}/csv", Access.Public),
        ["/api/timelines/{slug}/annotations"] = ($"/api/timelines/{Seeded}/annotations", Access.Public),
        ["/api/sources/{id:int}/annotations"] = ("/api/sources/1/annotations", Access.Public),
        // The seed's first event is backed first by the seed's first passage.
        ["/api/excerpts/{excerptId:int}/annotations/{eventId:int}"] = ("/api/excerpts/1/annotations/1", Access.Public),
        ["/t/{Slug}/e/{EventSlug}"] = ($"/t/{Seeded}/e/un-resolution-2375", Access.Public),
        ["/account/login"] = ("/account/login", Access.Public),
        ["/account/denied"] = ("/account/denied", Access.Public),
        ["/account/logout"] = ("/account/logout", Access.NotAPage),
        ["/api/timelines/"] = ("/api/timelines", Access.Public),
        ["/api/timelines/{slug}"] = ($"/api/timelines/{Seeded}", Access.Public),
        ["/api/timelines/{slug}/events"] = ($"/api/timelines/{Seeded}/events", Access.NotAPage),
        ["/api/events/{id:int}"] = ("/api/events/1", Access.ApiToken),
        ["/api/events/{id:int}/passages"] = ("/api/events/1/passages", Access.NotAPage),
        ["/api/sources"] = ("/api/sources", Access.NotAPage),
        ["/api/sources/{id:int}"] = ("/api/sources/1", Access.ApiToken),
        ["/openapi/{documentName}.json"] = ("/openapi/v1.json", Access.Public),
        ["/embed/t/{slug}/"] = ($"/embed/t/{Seeded}", Access.Public),
        ["/embed/t/{slug}/e/{eventSlug}"] = ($"/embed/t/{Seeded}/e/un-resolution-2375", Access.Public),
        ["/embed.js"] = ("/embed.js", Access.Public),
        ["/oembed"] = ($"/oembed?url=http%3A%2F%2Flocalhost%2Ft%2F{Seeded}", Access.Public),
        ["/healthz"] = ("/healthz", Access.Public),
        ["/media/{id:int}/{width:int}.webp"] = ("/media/1/480.webp", Access.NotAPage),
        ["/edit"] = ("/edit", Access.Editors),
        ["/edit/events/{Id:int}"] = ("/edit/events/1", Access.Editors),
        ["/edit/events/{Id:int}/preview"] = ("/edit/events/1/preview", Access.Editors),
        ["/edit/sources"] = ("/edit/sources", Access.Editors),
        ["/edit/sources/new"] = ("/edit/sources/new", Access.Editors),
        ["/edit/sources/{Id:int}"] = ("/edit/sources/1", Access.Editors),
        ["/edit/timelines"] = ("/edit/timelines", Access.Editors),
        ["/edit/timelines/new"] = ("/edit/timelines/new", Access.Editors),
        ["/edit/timelines/{Id:int}"] = ("/edit/timelines/1", Access.Editors),
        ["/edit/timelines/{TimelineId:int}/events/new"] = ("/edit/timelines/1/events/new", Access.Editors),
        ["/edit/trash"] = ("/edit/trash", Access.Editors),
        ["/edit/import"] = ("/edit/import", Access.Editors),
        ["/edit/tokens"] = ("/edit/tokens", Access.Editors),
        ["/edit/users"] = ("/edit/users", Access.Admins),

        // MapStaticAssets' fallback for files changed since the build (Development and tests only): static files.
        ["{**path:file}"] = ("/favicon.svg", Access.NotAPage),
    };

    [Fact]
    public void Every_endpoint_the_app_maps_is_classified()
    {
        var unclassified = Patterns().Where(p => !Classified.ContainsKey(p)).ToList();

        Assert.True(unclassified.Count == 0, $"Classify these endpoints in {nameof(EndpointAccessTests)}: {string.Join(", ", unclassified)}");
    }

    [Fact]
    public async Task Each_endpoint_answers_readers_editors_and_admins_as_classified()
    {
        var reader = app.CreateClient(new() { AllowAutoRedirect = false });
        var editor = await app.SignedInClientAsync(await app.CreateUserAsync(Roles.Editor));
        var admin = await app.SignedInClientAsync(await app.CreateUserAsync(Roles.Admin));
        var problems = new List<string>();
        foreach (var (pattern, (path, access)) in Classified.Where(c => c.Value.Access != Access.NotAPage))
        {
            foreach (var (who, client) in new[] { ("reader", reader), ("editor", editor), ("admin", admin) })
            {
                var response = await client.GetAsync(new Uri(path, UriKind.Relative));
                var location = response.Headers.Location?.OriginalString ?? "";
                if (access == Access.ApiToken)
                {
                    if (response.StatusCode != HttpStatusCode.Unauthorized)
                    {
                        problems.Add($"{pattern} as {who}: {(int)response.StatusCode}, not 401");
                    }

                    continue;
                }

                var allowed = access switch
                {
                    Access.Public => true,
                    Access.Editors => who != "reader",
                    _ => who == "admin",
                };
                var ok = allowed
                    ? response.StatusCode == HttpStatusCode.OK
                    : response.StatusCode == HttpStatusCode.Redirect && location.Contains(who == "reader" ? "/account/login" : "/account/denied", StringComparison.Ordinal);
                if (!ok)
                {
                    problems.Add($"{pattern} as {who}: {(int)response.StatusCode} {location}");
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// <summary>The app's own route patterns: pages and endpoints, without static files and the framework's.</summary>
    private IEnumerable<string> Patterns() =>
        app.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.StaticAssets.StaticAssetDescriptor>() is null)
            .Select(e => e.RoutePattern.RawText ?? "")
            .Where(p => !p.StartsWith("/_blazor", StringComparison.Ordinal) && !p.StartsWith("/_framework", StringComparison.Ordinal))
            .Where(p => !p.StartsWith("_blazor", StringComparison.Ordinal) && !p.StartsWith("_framework", StringComparison.Ordinal))
            .Distinct();
}
