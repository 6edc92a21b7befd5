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
        if (await TimelineJsExport.WholeAsync(reader, slug, cancellationToken) is not { } slice)
        {
            return TimelineJsExport.NotFound(slug);
        }

        var text = new StringWriter();
        TimelineCsv.Write(slice, origins.For(http.Request), text);
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{slug}.csv\"";
        return TypedResults.Bytes([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())], "text/csv; charset=utf-8");
    }
}
