namespace Timeline.Web.Features.Search;

/// <summary>Registers full-text search; its page is found by the router.</summary>
public static class SearchExtensions
{
    public static IServiceCollection AddSearch(this IServiceCollection services)
    {
        services.AddSingleton<SearchService>();
        return services;
    }
}
