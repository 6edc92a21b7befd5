namespace Timeline.Web.Features.Reading;

/// <summary>Cuts a source text at excerpt boundaries so overlapping excerpts can all be highlighted.</summary>
public static class SourceHighlighter
{
    public static IReadOnlyList<TextSegment> Segment(string text, IReadOnlyList<(int Id, int Start, int End)> ranges)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(ranges);
        var valid = ranges.Where(r => r.Start >= 0 && r.End <= text.Length && r.Start < r.End).ToList();
        var cuts = valid.SelectMany(r => new[] { r.Start, r.End }).Append(0).Append(text.Length).Distinct().Order().ToList();
        var segments = new List<TextSegment>(cuts.Count);
        for (var i = 0; i < cuts.Count - 1; i++)
        {
            var (from, to) = (cuts[i], cuts[i + 1]);
            var covering = valid.Where(r => r.Start <= from && r.End >= to).Select(r => r.Id).ToList();
            var starting = valid.Where(r => r.Start == from).Select(r => r.Id).ToList();
            var ending = valid.Where(r => r.End == to).Select(r => r.Id).ToList();
            segments.Add(new TextSegment(text[from..to], covering, starting, ending));
        }

        return segments;
    }
}
