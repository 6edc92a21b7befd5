using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http.HttpResults;
using Timeline.Web.Features.Reading;
using Timeline.Web.Infrastructure;

namespace Timeline.Web.Features.Embed;

/// <summary>
/// The embed's routes. Its pages are complete small HTML documents rendered from Razor components outside the site's
/// App.razor, so they load no blazor.web.js, no MudBlazor and hold no connection per reader.
/// </summary>
public static class EmbedEndpoints
{
    private static readonly string[] GetAndHead = [HttpMethods.Get, HttpMethods.Head];

    public static IEndpointRouteBuilder MapEmbed(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("/embed/t/{slug}")
            .WithTags("Embed")
            .ExcludeFromDescription()
            .CacheForReaders(PageKind.Embed, EmbedQuery.Keys);
        pages.MapMethods("", GetAndHead, TimelineAsync);
        pages.MapMethods("/e/{eventSlug}", GetAndHead, EventAsync);

        app.MapMethods(EmbedSnippets.LoaderPath, GetAndHead, (EmbedLoader loader, HttpResponse response) => loader.Get(response))
            .ExcludeFromDescription()
            .CompressForReaders(PageKind.Api);

        app.MapMethods(OEmbedEndpoint.Path, GetAndHead, OEmbedEndpoint.GetAsync)
            .WithTags("Embed")
            .WithName("OEmbed")
            .CompressForReaders(PageKind.Api);
        return app;
    }

    private static async Task<RazorComponentResult> TimelineAsync(string slug, HttpRequest request, TimelineReader reader, CancellationToken cancellationToken)
    {
        var query = EmbedQuery.Parse(request.Query, out var problems);
        if (await reader.GetEmbedWindowAsync(slug, query.Filter, query.Start, cancellationToken) is not { } window)
        {
            return NotFound(query, isEvent: false);
        }

        var selection = EmbedSelection.From(window, query);
        return Page<EmbedTimelinePage>(new EmbedTimelineModel(window.Timeline, selection, [.. problems, .. selection.Problems]));
    }

    private static async Task<RazorComponentResult> EventAsync(string slug, string eventSlug, HttpRequest request, TimelineReader reader, CancellationToken cancellationToken)
    {
        var query = EmbedQuery.Parse(request.Query, out var problems);
        if (await reader.GetEventAsync(slug, eventSlug, cancellationToken: cancellationToken) is not { } page)
        {
            return NotFound(query, isEvent: true);
        }

        // One event has nothing to filter or scroll to; only how it looks applies.
        var display = EmbedQuery.Default with { Theme = query.Theme, Compact = query.Compact };
        var relevant = problems.Where(p => p.Option is EmbedQuery.ThemeKey or EmbedQuery.CompactKey).ToList();
        return Page<EmbedEventPage>(new EmbedEventModel(page, display, relevant));
    }

    private static RazorComponentResult<EmbedNotFoundPage> NotFound(EmbedQuery query, bool isEvent) =>
        new RazorComponentResult<EmbedNotFoundPage>(Parameters(new EmbedNotFoundModel(query, isEvent)))
        {
            StatusCode = StatusCodes.Status404NotFound,
        };

    private static RazorComponentResult<TPage> Page<TPage>(object model)
        where TPage : IComponent => new RazorComponentResult<TPage>(Parameters(model));

    // Every embed page takes its data as one parameter named Model.
    private static Dictionary<string, object?> Parameters(object model) => new() { [nameof(EmbedTimelinePage.Model)] = model };
}
