using SkiaSharp;
using Timeline.Web.Data;

namespace Timeline.Web.Features.Media;

/// <summary>An uploaded image decoded and re-encoded at the widths readers' pages ask for.</summary>
public sealed record EncodedImage(int Width, int Height, IReadOnlyList<MediaRendition> Renditions);

/// <summary>
/// Turns an uploaded file into web renditions with SkiaSharp: only files Skia can decode as an image are taken, within
/// <see cref="Limits.MediaBytes"/> and <see cref="Limits.MediaPixels"/>; the camera's orientation is applied; each width
/// is encoded as WebP, so nothing of the original file (its metadata, a camera's location) is kept.
/// </summary>
public static class ImageRenditions
{
    /// <summary>The widths a reader's browser chooses from (with <c>srcset</c>); never wider than the upload.</summary>
    public static readonly IReadOnlyList<int> StandardWidths = [480, 960, 1600];

    public const string ContentType = "image/webp";

    private const int Quality = 80;

    /// <summary>The rendition widths for an image this wide: the standard widths below it, and its own width up to the largest.</summary>
    public static IReadOnlyList<int> WidthsFor(int width)
    {
        var widths = StandardWidths.Where(w => w < width).ToList();
        var top = Math.Min(width, StandardWidths[^1]);
        if (!widths.Contains(top))
        {
            widths.Add(top);
        }

        return widths;
    }

    /// <summary>Decodes and re-encodes the upload; returns the renditions, or a sentence saying why the file was refused.</summary>
    public static (EncodedImage? Image, string? Problem) Encode(byte[] file)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (file.Length == 0)
        {
            return (null, "The file is empty. Choose a JPEG, PNG, WebP or GIF image.");
        }

        if (file.Length > Limits.MediaBytes)
        {
            return (null, $"The file is {file.Length / 1024.0 / 1024.0:F1} MB; images can be up to {Limits.MediaBytes / 1024 / 1024} MB. Choose a smaller one.");
        }

        using var data = SKData.CreateCopy(file);
        using var codec = SKCodec.Create(data);
        if (codec is null || codec.Info.Width < 1 || codec.Info.Height < 1)
        {
            return (null, "This file is not an image that can be read. Choose a JPEG, PNG, WebP or GIF image.");
        }

        if ((long)codec.Info.Width * codec.Info.Height > Limits.MediaPixels)
        {
            return (null, $"The image is {codec.Info.Width:N0} × {codec.Info.Height:N0} pixels; images can have up to {Limits.MediaPixels / 1_000_000} million pixels.");
        }

        using var decoded = SKBitmap.Decode(codec, codec.Info.WithColorType(SKColorType.Rgba8888).WithAlphaType(SKAlphaType.Premul));
        if (decoded is null)
        {
            return (null, "This image could not be decoded (the file may be damaged). Choose another.");
        }

        using var upright = Orient(decoded, codec.EncodedOrigin);
        var renditions = new List<MediaRendition>();
        foreach (var width in WidthsFor(upright.Width))
        {
            var height = Math.Max(1, (int)Math.Round((double)upright.Height * width / upright.Width));
            using var resized = width == upright.Width ? upright.Copy() : upright.Resize(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul), new SKSamplingOptions(SKCubicResampler.Mitchell));
            using var image = SKImage.FromBitmap(resized);
            using var encoded = image.Encode(SKEncodedImageFormat.Webp, Quality);
            renditions.Add(new MediaRendition { Width = width, Height = height, ContentType = ContentType, Bytes = encoded.ToArray() });
        }

        return (new EncodedImage(upright.Width, upright.Height, renditions), null);
    }

    /// <summary>Applies the orientation a camera recorded, so the picture stands as it was taken.</summary>
    private static SKBitmap Orient(SKBitmap bitmap, SKEncodedOrigin origin)
    {
        var (degrees, swap) = origin switch
        {
            SKEncodedOrigin.BottomRight => (180, false),
            SKEncodedOrigin.RightTop => (90, true),
            SKEncodedOrigin.LeftBottom => (270, true),
            _ => (0, false),
        };
        if (degrees == 0)
        {
            return bitmap.Copy();
        }

        var rotated = new SKBitmap(swap ? bitmap.Height : bitmap.Width, swap ? bitmap.Width : bitmap.Height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var canvas = new SKCanvas(rotated);
        canvas.Translate(rotated.Width / 2f, rotated.Height / 2f);
        canvas.RotateDegrees(degrees);
        canvas.Translate(-bitmap.Width / 2f, -bitmap.Height / 2f);
        canvas.DrawBitmap(bitmap, 0, 0);
        return rotated;
    }
}
