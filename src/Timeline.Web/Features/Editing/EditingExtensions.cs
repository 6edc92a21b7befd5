namespace Timeline.Web.Features.Editing;

/// <summary>Registers the editor's services.</summary>
public static class EditingExtensions
{
    public static IServiceCollection AddEditing(this IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddScoped<EventEditor>();
        services.AddScoped<TimelineEditor>();
        services.AddScoped<SourceEditor>();
        services.AddScoped<EditorOverview>();
        services.AddScoped<RevisionHistory>();
        services.AddScoped<Interop.TimelineImporter>();
        return services;
    }
}
