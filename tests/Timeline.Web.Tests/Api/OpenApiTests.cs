using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Timeline.Web.Features.Accounts;
using Timeline.Web.Tests.Infrastructure;

namespace Timeline.Web.Tests.Api;

/// <summary>
/// The OpenAPI document at /openapi/v1.json describes the API and nothing else: every route the app maps under /api,
/// oEmbed and the Atom feed, each with its methods, name, summary and tags; no page, embed, media or sign-in route. The
/// bearer scheme of API tokens is declared and required exactly where the endpoint's policy requires a token.
/// </summary>
public sealed class OpenApiTests(TimelineAppFactory app) : IClassFixture<TimelineAppFactory>
{
    private const string DocumentPath = "/openapi/v1.json";

    private static readonly string[] TokenOperations = ["AddSource", "AttachPassage", "CreateEvent", "GetEditorEvent", "GetEditorSource", "UpdateEvent"];

    private async Task<JsonElement> DocumentAsync()
    {
        var response = await app.CreateClient().GetAsync(new Uri(DocumentPath, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    /// <summary>What the document must describe: the app's routes under /api, oEmbed and the feed, as OpenAPI paths.</summary>
    private List<(string Path, IReadOnlyList<string> Methods, Endpoint Endpoint)> ApiEndpoints() =>
    [
        .. app.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && (raw.StartsWith("/api/", StringComparison.Ordinal) || raw == "/oembed" || raw.EndsWith("/feed.atom", StringComparison.Ordinal)))
            .Select(e => (PathOf(e.RoutePattern), e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods, (Endpoint)e)),
    ];

    /// <summary>"/api/sources/{id:int}/annotations" → "/api/sources/{id}/annotations", as OpenAPI writes a path.</summary>
    private static string PathOf(RoutePattern pattern) =>
        "/" + string.Join('/', pattern.PathSegments.Select(s => string.Concat(s.Parts.Select(p => p switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternParameterPart parameter => $"{{{parameter.Name}}}",
            RoutePatternSeparatorPart separator => separator.Content,
            _ => "",
        }))));

    [Fact]
    public async Task The_document_lists_every_api_route_with_its_methods_and_nothing_else()
    {
        var document = await DocumentAsync();
        var paths = document.GetProperty("paths");
        var expected = ApiEndpoints();

        Assert.StartsWith("3.", document.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        Assert.True(expected.Count >= 15, $"only {expected.Count} API routes found");
        foreach (var (path, methods, _) in expected)
        {
            Assert.True(paths.TryGetProperty(path, out var item), $"{path} is not in the document");
            foreach (var method in methods)
            {
                Assert.True(item.TryGetProperty(method.ToLowerInvariant(), out _), $"{method} {path} is not in the document");
            }
        }

        var described = paths.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(expected.Select(e => e.Path).ToHashSet(StringComparer.Ordinal), described);
    }

    [Fact]
    public async Task Every_operation_has_a_name_a_summary_and_tags()
    {
        var document = await DocumentAsync();

        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Name != "parameters"))
            {
                var where = $"{operation.Name} {path.Name}";
                Assert.False(string.IsNullOrWhiteSpace(operation.Value.GetProperty("operationId").GetString()), where);
                Assert.False(string.IsNullOrWhiteSpace(operation.Value.GetProperty("summary").GetString()), where);
                Assert.NotEmpty(operation.Value.GetProperty("tags").EnumerateArray());
            }
        }
    }

    [Fact]
    public async Task The_bearer_scheme_is_declared_and_required_exactly_where_a_token_is()
    {
        var document = await DocumentAsync();
        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiToken");
        var needsToken = ApiEndpoints()
            .Where(e => e.Endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy == Policies.ApiToken))
            .Select(e => e.Endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()!.EndpointName)
            .ToHashSet(StringComparer.Ordinal);

        Assert.Equal("http", scheme.GetProperty("type").GetString());
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());
        Assert.Equal(TokenOperations, needsToken.Order(StringComparer.Ordinal));
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Name != "parameters"))
            {
                var id = operation.Value.GetProperty("operationId").GetString()!;
                var required = operation.Value.TryGetProperty("security", out var security)
                    && security.EnumerateArray().Any(r => r.TryGetProperty("ApiToken", out _));
                Assert.True(required == needsToken.Contains(id), $"{operation.Name} {path.Name} ({id}): token required in the document: {required}");
                if (required)
                {
                    Assert.True(operation.Value.GetProperty("responses").TryGetProperty("401", out _), $"{id} does not say it answers 401");
                }
            }
        }
    }

    [Fact]
    public async Task The_write_endpoints_describe_their_json_bodies()
    {
        var paths = (await DocumentAsync()).GetProperty("paths");

        foreach (var (path, method, field) in new[]
        {
            ("/api/timelines/{slug}/events", "post", "title"), ("/api/events/{id}", "put", "version"),
            ("/api/events/{id}/passages", "post", "quote"), ("/api/sources", "post", "text"),
        })
        {
            var body = paths.GetProperty(path).GetProperty(method).GetProperty("requestBody");
            Assert.True(body.GetProperty("required").GetBoolean());
            Assert.True(body.GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("properties").TryGetProperty(field, out _), $"{method} {path} has no {field}");
        }
    }

    [Fact]
    public async Task The_document_is_public_and_the_same_whoever_asks()
    {
        var plain = await app.CreateClient().GetAsync(new Uri(DocumentPath, UriKind.Relative));
        var editor = await app.SignedInClientAsync(await app.CreateUserAsync(Timeline.Web.Data.Roles.Editor));
        var signedIn = await editor.GetAsync(new Uri(DocumentPath, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        Assert.True(plain.Headers.CacheControl?.Public);
        Assert.Equal(await plain.Content.ReadAsStringAsync(), await signedIn.Content.ReadAsStringAsync());
        Assert.False(signedIn.Headers.Contains("Set-Cookie"));
    }
}
