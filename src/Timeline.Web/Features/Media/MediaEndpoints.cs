using Microsoft.EntityFrameworkCore;
using Timeline.Web.Data;
using Timeline.Web.Infrastructure;

namespace Timeline.Web.Features.Media;

/// <summary>
/// Serves event images from the database: <c>/media/{id}/{width}.webp</c>. An image of a published event is public and
/// cached for good (an image never changes once stored; a new upload has a new id); an image only drafts use is shown
/// to signed-in editors alone, and never stored by a cache.
/// </summary>
public static class MediaEndpoints
{
    private static readonly string[] GetAndHead = [HttpMethods.Get, HttpMethods.Head];

    public static IEndpointRouteBuilder MapMedia(this IEndpointRouteBuilder app)
    {
        app.MapMethods("/media/{id:int}/{width:int}.webp", GetAndHead, GetAsync)
            .WithPageKind(PageKind.Api)
            .ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> GetAsync(int id, int width, IDbContextFactory<TimelineDbContext> dbFactory, HttpContext context, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var isPublic = await db.Events.AnyAsync(e => e.MediaImageId == id && e.IsPublished && e.Timeline.IsPublished, cancellationToken);
        var isEditor = context.User.IsInRole(Roles.Editor) || context.User.IsInRole(Roles.Admin);
        if (!isPublic && !isEditor)
        {
            return Results.NotFound();
        }

        var rendition = await db.MediaRenditions.AsNoTracking()
            .Where(r => r.ImageId == id && r.Width == width)
            .Select(r => new { r.Bytes, r.ContentType })
            .FirstOrDefaultAsync(cancellationToken);
        if (rendition is null)
        {
            return Results.NotFound();
        }

        context.Response.Headers.CacheControl = isPublic ? "public, max-age=31536000, immutable" : "private, no-store";
        return Results.Bytes(rendition.Bytes, rendition.ContentType);
    }
}
