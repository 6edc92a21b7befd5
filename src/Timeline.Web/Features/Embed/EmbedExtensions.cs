namespace Timeline.Web.Features.Embed;

/// <summary>Registers the embed: its settings and the services behind its routes.</summary>
public static class EmbedExtensions
{
    public static IServiceCollection AddEmbed(this IServiceCollection services)
    {
        services.AddOptions<EmbedOptions>()
            .BindConfiguration(EmbedOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<EmbedAssets>();
        services.AddSingleton<EmbedLoader>();
        return services;
    }
}
