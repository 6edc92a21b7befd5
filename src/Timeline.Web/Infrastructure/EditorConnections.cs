using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.Extensions.Options;

namespace Timeline.Web.Infrastructure;

/// <summary>Limits on the editor's live connections (the Blazor circuits behind <c>/_blazor</c>), from "Editor:Connections".</summary>
public sealed class EditorConnectionOptions
{
    public const string Section = "Editor:Connections";

    /// <summary>Open connections one signed-in editor (or one address, signed out) may hold at once: tabs, windows.</summary>
    public int MaxPerClient { get; set; } = 20;
}

/// <summary>
/// Counts the open connections to the editor's hub per signed-in editor, or per client address for anyone else, and
/// answers 429 to a new one beyond <see cref="EditorConnectionOptions.MaxPerClient"/>: each connection holds a circuit of
/// about 1.5 MB, so one client must not be able to open hundreds. A connection counts while its request lasts (a
/// WebSocket lasts as long as the circuit's connection).
/// </summary>
public sealed class EditorConnectionLimiter(IOptions<EditorConnectionOptions> options)
{
    private readonly ConcurrentDictionary<string, int> open = new(StringComparer.Ordinal);

    public int OpenFor(string client) => open.TryGetValue(client, out var count) ? count : 0;

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (!context.WebSockets.IsWebSocketRequest && !IsStream(context.Request))
        {
            await next(context);
            return;
        }

        var client = ClientOf(context);
        if (open.AddOrUpdate(client, 1, (_, count) => count + 1) > options.Value.MaxPerClient)
        {
            Release(client);
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            context.Response.Headers.RetryAfter = "30";
            await context.Response.WriteAsync("Too many editor windows are open: close some tabs of the editor, then reload this one.");
            return;
        }

        try
        {
            await next(context);
        }
        finally
        {
            Release(client);
        }
    }

    /// <summary>Server-sent events and long polling hold a GET to the hub open the way a WebSocket does.</summary>
    private static bool IsStream(HttpRequest request) =>
        HttpMethods.IsGet(request.Method) && request.Query.ContainsKey("id") && !request.Path.Value!.EndsWith("/negotiate", StringComparison.Ordinal);

    private static string ClientOf(HttpContext context) =>
        context.User.FindFirstValue(ClaimTypes.NameIdentifier) is { } user ? $"user:{user}" : $"address:{context.Connection.RemoteIpAddress}";

    private void Release(string client)
    {
        if (open.AddOrUpdate(client, 0, (_, count) => count - 1) <= 0)
        {
            open.TryRemove(new KeyValuePair<string, int>(client, 0));
        }
    }
}

public static class EditorConnectionExtensions
{
    public static IServiceCollection AddEditorConnectionLimits(this IServiceCollection services)
    {
        services.AddOptions<EditorConnectionOptions>().BindConfiguration(EditorConnectionOptions.Section);
        services.AddSingleton<EditorConnectionLimiter>();
        // A closed tab's circuit is kept a minute for a reconnect (not the default three), and at most 50 of them.
        services.Configure<CircuitOptions>(options =>
        {
            options.DisconnectedCircuitRetentionPeriod = TimeSpan.FromMinutes(1);
            options.DisconnectedCircuitMaxRetained = 50;
        });
        return services;
    }

    /// <summary>Applies the limiter to the editor's hub only.</summary>
    public static IApplicationBuilder UseEditorConnectionLimits(this IApplicationBuilder app) =>
        app.UseWhen(
            context => context.Request.Path.StartsWithSegments("/_blazor"),
            branch => branch.Use((context, next) => context.RequestServices.GetRequiredService<EditorConnectionLimiter>().InvokeAsync(context, next)));
}
