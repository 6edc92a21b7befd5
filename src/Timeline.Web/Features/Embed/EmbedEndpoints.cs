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
            .WithSummary("oEmbed (https://oembed.com) for a timeline or event address: the embed's iframe HTML and its size.")
            .CompressForReaders(PageKind.Api);
        return app;
    }

    private static async Task<RazorComponentResult> TimelineAsync(string slug, HttpRequest request, TimelineReader reader, CancellationToken cancellationToken)
    {
        var query = EmbedQuery.Parse(request.Query, out var problems);
        if (query.View == EmbedView.Story)
        {
            return await StoryAsync(slug, query, problems, reader, cancellationToken);
        }

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

    // One event at a time, from the start event (or the first the filter selects), with the axis and the way on.
    private static async Task<RazorComponentResult> StoryAsync(string slug, EmbedQuery query, IReadOnlyList<QueryProblem> problems, TimelineReader reader, CancellationToken cancellationToken)
    {
        var found = problems.ToList();
        var step = await reader.GetStoryAsync(slug, query.Filter, query.Start, cancellationToken: cancellationToken, lanes: query.Lanes);
        if (step is null && query.Start is not null)
        {
            found.Add(new QueryProblem(EmbedQuery.StartKey, $"“start={TimelineFilter.Quote(query.Start)}” was ignored: that event is not among the events shown."));
            query = query with { Start = null };
            step = await reader.GetStoryAsync(slug, query.Filter, null, cancellationToken: cancellationToken, lanes: query.Lanes);
        }

        if (step is null && !query.Filter.IsEmpty && await reader.GetStoryAsync(slug, TimelineFilter.None, null, cancellationToken: cancellationToken, lanes: query.Lanes) is { } unfiltered)
        {
            found.Add(new QueryProblem(EmbedQuery.TagKey, "No event matches these options, so the story starts at the timeline’s first event."));
            query = query with { Filter = TimelineFilter.None };
            step = unfiltered;
        }

        return step is null
            ? NotFound(query, isEvent: false)
            : Page<EmbedStoryPage>(new EmbedStoryModel(step, query, found));
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
