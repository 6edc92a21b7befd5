using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Timeline.Web.Data;
using Timeline.Web.Features.Editing;
using Timeline.Web.Tests.Infrastructure;

namespace Timeline.Web.Tests.Editing;

/// <summary>A draft's preview: the reader's own document, for signed-in editors only, never cached or framed.</summary>
public sealed class PreviewTests : IDisposable
{
    private readonly TimelineAppFactory app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task An_editor_previews_a_draft_as_readers_will_see_it_and_nobody_else_can()
    {
        int eventId;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var input = new EventInput { TimelineId = 1, Title = "A draft to preview", Slug = "draft-to-preview", Start = "2025-05", Summary = "Only **editors** see this." };
            eventId = (await scope.ServiceProvider.GetRequiredService<EventEditor>().SaveAsync(input, new EditorIdentity(null, "test"))).Value;
        }

        var anonymous = await app.CreateClient(new() { AllowAutoRedirect = false }).GetAsync(new Uri($"/edit/events/{eventId}/preview", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Contains("/account/login", anonymous.Headers.Location!.OriginalString, StringComparison.Ordinal);

        var editor = app.CreateClient(new() { AllowAutoRedirect = false });
        await TimelineAppFactory.SignInAsync(editor, await app.CreateUserAsync(Roles.Editor), "integration-pass-1");
        var response = await editor.GetAsync(new Uri($"/edit/events/{eventId}/preview", UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Draft: readers cannot see this event yet.", html, StringComparison.Ordinal);
        Assert.Contains("<strong>editors</strong>", html, StringComparison.Ordinal);
        Assert.Contains("no-store", response.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.DoesNotContain("blazor.web.js", html, StringComparison.Ordinal);
        Assert.DoesNotContain("MudBlazor", html, StringComparison.Ordinal);

        var reader = await app.CreateClient().GetAsync(new Uri("/t/north-korean-workers-in-russia/e/draft-to-preview", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, reader.StatusCode);
    }
}
