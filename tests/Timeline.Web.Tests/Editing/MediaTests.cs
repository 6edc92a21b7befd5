using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;
using Timeline.Web.Data;
using Timeline.Web.Features.Editing;
using Timeline.Web.Tests.Infrastructure;

namespace Timeline.Web.Tests.Editing;

/// <summary>
/// Media per event: an uploaded image is re-encoded at a few widths and stored in the database, shown with its alt
/// text at the width a screen needs; a link is a plain link card. Bad files and missing alt text change nothing.
/// </summary>
public sealed class MediaTests : IAsyncLifetime, IDisposable
{
    private static readonly EditorIdentity Ada = new("ada-id", "ada@example.org");
    private readonly TimelineAppFactory app = new();
    private AsyncServiceScope scope;

    private EventEditor Events => scope.ServiceProvider.GetRequiredService<EventEditor>();

    public Task InitializeAsync()
    {
        scope = app.Services.CreateAsyncScope();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await scope.DisposeAsync();

    public void Dispose() => app.Dispose();

    /// <summary>A real PNG of the given size, drawn with SkiaSharp.</summary>
    internal static byte[] Png(int width, int height)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.SteelBlue);
            using var paint = new SKPaint { Color = SKColors.Orange };
            canvas.DrawCircle(width / 2f, height / 2f, Math.Min(width, height) / 3f, paint);
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    [Fact]
    public async Task An_image_with_alt_text_is_stored_at_its_widths_and_shown_to_readers_lazily_at_the_width_they_need()
    {
        var (slug, eventId) = await PublishedEventAsync();
        var input = new MediaInput { Alt = "Workers in purple uniforms at a warehouse", Caption = "The Elektrostal warehouse", Credit = "Photo: Test Agency" };

        var result = await Events.SetMediaAsync(eventId, input, Png(1200, 800), Ada);

        Assert.True(result.Succeeded, result.Problem);
        int imageId = 0;
        await app.WithDbAsync(async db =>
        {
            var ev = await db.Events.SingleAsync(e => e.Id == eventId);
            imageId = ev.MediaImageId!.Value;
            var renditions = await db.MediaRenditions.Where(r => r.ImageId == imageId).OrderBy(r => r.Width).ToListAsync();
            Assert.Equal([480, 960, 1200], renditions.Select(r => r.Width));
            Assert.Equal([320, 640, 800], renditions.Select(r => r.Height));
            Assert.All(renditions, r => Assert.Equal("WEBP", System.Text.Encoding.ASCII.GetString(r.Bytes, 8, 4)));
        });

        var html = WebUtility.HtmlDecode(await app.CreateClient().GetStringAsync(new Uri($"/t/{slug}/e/media-event", UriKind.Relative)));
        Assert.Contains($"src=\"/media/{imageId}/960.webp\"", html, StringComparison.Ordinal);
        Assert.Contains($"srcset=\"/media/{imageId}/480.webp 480w, /media/{imageId}/960.webp 960w, /media/{imageId}/1200.webp 1200w\"", html, StringComparison.Ordinal);
        Assert.Contains("alt=\"Workers in purple uniforms at a warehouse\" loading=\"lazy\" decoding=\"async\"", html, StringComparison.Ordinal);
        Assert.Contains("width=\"1200\" height=\"800\"", html, StringComparison.Ordinal);
        Assert.Contains("The Elektrostal warehouse", html, StringComparison.Ordinal);
        Assert.Contains("Photo: Test Agency", html, StringComparison.Ordinal);

        var embed = WebUtility.HtmlDecode(await app.CreateClient().GetStringAsync(new Uri($"/embed/t/{slug}/e/media-event", UriKind.Relative)));
        Assert.Contains("alt=\"Workers in purple uniforms at a warehouse\"", embed, StringComparison.Ordinal);

        var image = await app.CreateClient().GetAsync(new Uri($"/media/{imageId}/480.webp", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, image.StatusCode);
        Assert.Equal("image/webp", image.Content.Headers.ContentType!.MediaType);
        Assert.Equal("public, max-age=31536000, immutable", image.Headers.CacheControl!.ToString());
    }

    [Fact]
    public async Task An_image_only_a_draft_uses_is_not_shown_to_readers()
    {
        var (_, eventId) = await PublishedEventAsync(published: false);
        Assert.True((await Events.SetMediaAsync(eventId, new MediaInput { Alt = "A draft's picture" }, Png(300, 200), Ada)).Succeeded);
        var imageId = 0;
        await app.WithDbAsync(async db => imageId = (await db.Events.SingleAsync(e => e.Id == eventId)).MediaImageId!.Value);

        var response = await app.CreateClient().GetAsync(new Uri($"/media/{imageId}/300.webp", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("", "png", "alt text is required")]
    [InlineData("A picture", "text", "not an image that can be read")]
    [InlineData("A picture", "empty", "The file is empty")]
    [InlineData("A picture", "huge", "images can be up to 8 MB")]
    public async Task A_missing_alt_text_or_a_bad_file_is_refused_with_a_message_and_nothing_is_saved(string alt, string file, string message)
    {
        var (_, eventId) = await PublishedEventAsync();
        var bytes = file switch
        {
            "png" => Png(200, 100),
            "text" => "<svg onload=alert(1)>not an image</svg>"u8.ToArray(),
            "empty" => [],
            _ => new byte[(int)Limits.MediaBytes + 1],
        };

        var result = await Events.SetMediaAsync(eventId, new MediaInput { Alt = alt }, bytes, Ada);

        Assert.False(result.Succeeded);
        Assert.Contains(message, string.Join(" ", result.Errors.Values), StringComparison.Ordinal);
        await app.WithDbAsync(async db =>
        {
            Assert.Equal(0, await db.MediaImages.CountAsync());
            Assert.Null((await db.Events.SingleAsync(e => e.Id == eventId)).MediaImageId);
        });
        Assert.Single(await Events.HistoryAsync(eventId));
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("data:text/html,<script>alert(1)</script>")]
    [InlineData("www.example.org/video")]
    public async Task A_link_must_be_a_web_address(string url)
    {
        var (_, eventId) = await PublishedEventAsync();

        var result = await Events.SetMediaAsync(eventId, new MediaInput { IsLink = true, Url = url }, null, Ada);

        Assert.False(result.Succeeded);
        Assert.Contains("https://", result.Errors["Url"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_link_is_a_link_card_with_no_frame_or_script_and_restoring_brings_the_image_back()
    {
        var (slug, eventId) = await PublishedEventAsync();
        Assert.True((await Events.SetMediaAsync(eventId, new MediaInput { Alt = "First picture" }, Png(500, 500), Ada)).Succeeded);
        var withImage = (await Events.HistoryAsync(eventId))[0].Id;

        var result = await Events.SetMediaAsync(eventId, new MediaInput { IsLink = true, Url = "https://www.youtube.com/watch?v=abc", Caption = "The video posted in the staff chat" }, null, Ada);

        Assert.True(result.Succeeded, result.Problem);
        var html = WebUtility.HtmlDecode(await app.CreateClient().GetStringAsync(new Uri($"/t/{slug}/e/media-event", UriKind.Relative)));
        Assert.Contains("<a class=\"media-link\" href=\"https://www.youtube.com/watch?v=abc\" rel=\"noopener noreferrer external nofollow\" target=\"_blank\">", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"media-link__host\">youtube.com</span>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<iframe", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("youtube.com/embed", html, StringComparison.OrdinalIgnoreCase);

        Assert.True((await Events.RestoreRevisionAsync(eventId, withImage, Ada)).Succeeded);
        var restored = (await Events.LoadAsync(eventId))!.Media;
        Assert.NotNull(restored?.ImageId);
        Assert.Equal("First picture", restored.Alt);
        Assert.Null(restored.Url);
    }

    private async Task<(string Slug, int EventId)> PublishedEventAsync(bool published = true)
    {
        var timelines = scope.ServiceProvider.GetRequiredService<TimelineEditor>();
        var slug = $"media-{Guid.NewGuid():N}"[..18];
        var timelineId = (await timelines.SaveAsync(new TimelineInput { Title = "Media", Slug = slug, IsPublished = true }, Ada)).Value;
        var eventId = (await Events.SaveAsync(new EventInput { TimelineId = timelineId, Title = "With media", Slug = "media-event", Start = "2025-04", IsPublished = published }, Ada)).Value;
        return (slug, eventId);
    }
}
