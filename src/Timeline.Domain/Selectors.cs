namespace Timeline.Domain;

/// <summary>W3C Web Annotation TextQuoteSelector.  https://www.w3.org/TR/annotation-model/#text-quote-selector</summary>
/// <param name="Exact">The quoted passage, verbatim.</param>
/// <param name="Prefix">Up to a few dozen characters immediately before the passage.</param>
/// <param name="Suffix">Up to a few dozen characters immediately after the passage.</param>
public sealed record TextQuoteSelector(string Exact, string Prefix, string Suffix);

/// <summary>W3C Web Annotation TextPositionSelector (UTF-16 code unit offsets; End exclusive).</summary>
/// <param name="Start">Offset of the first code unit of the passage.</param>
/// <param name="End">Offset just past the last code unit of the passage.</param>
public readonly record struct TextPositionSelector(int Start, int End);

/// <summary>How an excerpt was found again in its source text.</summary>
public enum AnchorStatus
{
    /// <summary>Verbatim, at the stored position.</summary>
    AtPosition,

    /// <summary>Verbatim, somewhere other than the stored position.</summary>
    Moved,

    /// <summary>Not verbatim: the closest passage is similar enough to be the quote after an edit.</summary>
    Approximate,

    /// <summary>Not found: nothing in the text is close enough to the quote.</summary>
    Broken,
}

/// <summary>Where an excerpt was found again in its source text.</summary>
/// <param name="Status">How it was found, or <see cref="AnchorStatus.Broken"/>.</param>
/// <param name="Start">Offset of the passage in the text (UTF-16 code units), or -1 when broken.</param>
/// <param name="End">Offset just past the passage, or -1 when broken.</param>
/// <param name="Similarity">1 for a verbatim match, otherwise 1 - Levenshtein distance / longer length; 0 when broken.</param>
public sealed record AnchorResult(AnchorStatus Status, int Start, int End, double Similarity)
{
    /// <summary>Whether a passage was found; when false, Start and End are -1.</summary>
    public bool IsFound => Status != AnchorStatus.Broken;

    /// <summary>The result for a quote that could not be found.</summary>
    public static AnchorResult Broken { get; } = new(AnchorStatus.Broken, -1, -1, 0);
}
