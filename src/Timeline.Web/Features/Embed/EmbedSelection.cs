using Timeline.Web.Features.Reading;

namespace Timeline.Web.Features.Embed;

/// <summary>
/// The events of a timeline that an embed shows, how many matched its filters, the options it applied, a description
/// of its filters for readers, and the options it set aside because the timeline has no such tag, actor or event.
/// </summary>
public sealed record EmbedSelection(
    IReadOnlyList<EventView> Events, int Total, int Matching, EmbedQuery Applied, IReadOnlyList<string> FilterLabels, IReadOnlyList<QueryProblem> Problems)
{
    /// <inheritdoc cref="EmbedWindow.MaxEvents"/>
    public const int MaxEvents = EmbedWindow.MaxEvents;

    /// <summary>Matching events left out by <see cref="MaxEvents"/>.</summary>
    public int NotShown => Matching - Events.Count;

    /// <summary>The selection of an embed whose window the reader selected in the database.</summary>
    public static EmbedSelection From(EmbedWindow window, EmbedQuery query)
    {
        ArgumentNullException.ThrowIfNull(window);
        ArgumentNullException.ThrowIfNull(query);
        var labels = new List<string>();
        if (window.Names.Tag is { } tag)
        {
            labels.Add($"tagged “{tag.Name}”");
        }

        if (window.Names.Actor is { } actor)
        {
            labels.Add($"involving {actor.Name}");
        }

        if (window.Names.SourceOutlet is { } outlet)
        {
            labels.Add($"citing {outlet}");
        }

        if (window.Applied.From is { } from)
        {
            labels.Add($"from {from.ToDisplayString()}");
        }

        if (window.Applied.To is { } to)
        {
            labels.Add($"to {to.ToDisplayString()}");
        }

        if (window.Applied.DisputedOnly)
        {
            labels.Add("where sources disagree");
        }

        var applied = query with { Filter = window.Applied, Start = window.Start };
        return new EmbedSelection(window.Timeline.Events, window.Total, window.Matching, applied, labels, window.Problems);
    }
}
