namespace Timeline.Web.Features.Reading;

/// <summary>Registers the reader side of the app.</summary>
public static class ReadingExtensions
{
    public static IServiceCollection AddReading(this IServiceCollection services)
    {
        services.AddMemoryCache();
        services.AddSingleton<TimelineDigests>();
        services.AddSingleton<TimelineReader>();
        services.AddSingleton<Permalinks>();
        return services;
    }
}
