using System.Text;
using Timeline.Web.Features.Interop;
using Timeline.Web.Features.Reading;
using Timeline.Web.Infrastructure;

namespace Timeline.Web.Features.Api;

/// <summary>
/// A published timeline as CSV in TimelineJS's spreadsheet template (<see cref="TimelineCsv"/>): UTF-8 with a byte-order
/// mark so that Excel reads its accents and quotation marks, and a file name, so that it downloads as a sheet.
/// </summary>
public static class CsvExport
{
    /// <summary>As many events as the generator writes at most: a whole timeline, in one file.</summary>
    private const int MaxEvents = 1_000_000;

    public static string PathFor(string slug) => $"/api/timelines/{Uri.EscapeDataString(slug)}/csv";

    public static IEndpointRouteBuilder MapCsvExport(this IEndpointRouteBuilder app)
    {
        app.MapMethods("/api/timelines/{slug}/csv", [HttpMethods.Get, HttpMethods.Head], GetAsync)
            .CacheForReaders(PageKind.Api)
            .WithTags("Timelines")
            .WithName("ExportCsv")
            .WithSummary("A published timeline as CSV in TimelineJS's spreadsheet template.")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> GetAsync(string slug, HttpContext http, TimelineReader reader, PublicOrigins origins, CancellationToken cancellationToken)
    {
        var slice = await reader.GetTimelineSliceAsync(slug, TimelineFilter.None, 1, MaxEvents, cancellationToken);
        if (slice is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Timeline not found",
                detail: $"There is no published timeline with the slug '{slug}'.");
        }

        var text = new StringWriter();
        TimelineCsv.Write(slice, origins.For(http.Request), text);
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{slug}.csv\"";
        return TypedResults.Bytes([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())], "text/csv; charset=utf-8");
    }
}
