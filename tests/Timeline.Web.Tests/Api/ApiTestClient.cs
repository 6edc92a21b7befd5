using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Timeline.Web.Data;
using Timeline.Web.Features.Accounts;
using Timeline.Web.Features.Editing;
using Timeline.Web.Tests.Infrastructure;

namespace Timeline.Web.Tests.Api;

/// <summary>Accounts and tokens made through the app's own services, and clients that send a token.</summary>
internal static class ApiTestClient
{
    public const string Seeded = "north-korean-workers-in-russia";

    public static async Task<EditorIdentity> IdentityAsync(this TimelineAppFactory app, string email)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<EditorUser>>().FindByEmailAsync(email);
        return new EditorIdentity(user!.Id, email);
    }

    /// <summary>A new account of the role, and a token of it made as the tokens page makes one.</summary>
    public static async Task<(EditorIdentity Owner, ApiTokenCreated Token)> EditorWithTokenAsync(this TimelineAppFactory app, string role = Roles.Editor, string name = "newsroom CMS")
    {
        var owner = await app.IdentityAsync(await app.CreateUserAsync(role));
        var made = await app.Services.GetRequiredService<ApiTokens>().CreateAsync(owner, name, lifetimeDays: null);
        Assert.True(made.Succeeded, string.Join(" ", made.Errors.Values) + made.Problem);
        return (owner, made.Value!);
    }

    public static HttpClient TokenClient(this TimelineAppFactory app, string? token)
    {
        var client = app.CreateClient(new() { AllowAutoRedirect = false });
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string path, object body) =>
        client.PostAsJsonAsync(new Uri(path, UriKind.Relative), body);

    public static Task<HttpResponseMessage> PutJsonAsync(this HttpClient client, string path, object body) =>
        client.PutAsJsonAsync(new Uri(path, UriKind.Relative), body);

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    /// <summary>The message a 400 validation problem gives at one field.</summary>
    public static string FieldError(this JsonElement problem, string field) =>
        problem.GetProperty("errors").GetProperty(field)[0].GetString()!;
}
