using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Timeline.Web.Infrastructure;
using Timeline.Web.Data;
using Timeline.Web.Tests.Infrastructure;

namespace Timeline.Web.Tests.Editing;

/// <summary>One signed-in client cannot open editor connections (circuits of about 1.5 MB each) without bound.</summary>
public sealed class EditorConnectionTests : IDisposable
{
    private readonly TimelineAppFactory app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task An_editor_holding_the_most_connections_is_refused_another_until_one_closes()
    {
        using var site = app.WithWebHostBuilder(b => b.UseSetting("Editor:Connections:MaxPerClient", "3"));
        var client = site.CreateClient(new() { AllowAutoRedirect = false });
        var email = await app.CreateUserAsync(Roles.Editor);
        var signIn = await TimelineAppFactory.SignInAsync(client, email, "integration-pass-1");
        string userId;
        await using (var scope = site.Services.CreateAsyncScope())
        {
            userId = (await scope.ServiceProvider.GetRequiredService<UserManager<EditorUser>>().FindByEmailAsync(email))!.Id;
        }

        var limiter = site.Services.GetRequiredService<EditorConnectionLimiter>();
        var cookie = string.Join("; ", signIn.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        var sockets = site.Server.CreateWebSocketClient();
        sockets.ConfigureRequest = request => request.Headers.Cookie = cookie;

        async Task<WebSocket> ConnectAsync()
        {
            using var negotiate = new HttpRequestMessage(HttpMethod.Post, new Uri("/_blazor/negotiate?negotiateVersion=1", UriKind.Relative));
            negotiate.Headers.Add("Cookie", cookie);
            var answer = await client.SendAsync(negotiate);
            answer.EnsureSuccessStatusCode();
            using var json = JsonDocument.Parse(await answer.Content.ReadAsStringAsync());
            var token = json.RootElement.GetProperty("connectionToken").GetString();
            return await sockets.ConnectAsync(new Uri(site.Server.BaseAddress, $"_blazor?id={token}"), CancellationToken.None);
        }

        var open = new List<WebSocket> { await ConnectAsync(), await ConnectAsync(), await ConnectAsync() };

        var refused = await Assert.ThrowsAnyAsync<Exception>(ConnectAsync);
        Assert.Contains("429", refused.Message, StringComparison.Ordinal);

        Assert.Equal(3, limiter.OpenFor($"user:{userId}"));
        await open[0].CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "closing a tab", CancellationToken.None);
        open[0].Dispose();

        // Once the server has ended the closed connection's request, there is room again.
        SpinWait.SpinUntil(() => limiter.OpenFor($"user:{userId}") == 2, TimeSpan.FromSeconds(30));
        Assert.Equal(2, limiter.OpenFor($"user:{userId}"));
        var again = await ConnectAsync();
        Assert.Equal(WebSocketState.Open, again.State);
        foreach (var socket in open.Skip(1).Append(again))
        {
            socket.Abort();
            socket.Dispose();
        }
    }
}
