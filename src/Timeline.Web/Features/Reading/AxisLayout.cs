using System.Globalization;
using Timeline.Domain;

namespace Timeline.Web.Features.Reading;

/// <summary>An event as the axis draws it; <see cref="Groups"/> are the tags or actors its lane is chosen from, when lanes are asked for.</summary>
public sealed record AxisItem(string Slug, string Title, PartialDate Start, PartialDate? End, bool IsDisputed, IReadOnlyList<string>? Groups = null);

/// <summary>A named period drawn as a band behind the marks: an era an editor defined, or a run of years with events.</summary>
public sealed record AxisPeriod(string Name, DateOnly First, DateOnly Last);

/// <summary>
/// What the axis of one view shows: the days the timeline's events span, the whole view around them, the view, how many events fall in it and either those
/// events (when there are at most <see cref="MaxMarks"/>) or their counts in <see cref="BinCount"/> equal slices of the
/// view; the periods; and the event a story is at, drawn highlighted.
/// </summary>
public sealed record AxisData(
    AxisRange Span, AxisRange Whole, AxisRange View, int Count, IReadOnlyList<AxisItem> Items, IReadOnlyList<int> Bins,
    IReadOnlyList<AxisPeriod> Periods, AxisItem? Current = null, bool Lanes = false)
{
    /// <summary>The most lanes drawn: the most frequent groups of the view, then one for the rest.</summary>
    public const int MaxLanes = 5;

    /// <summary>
    /// The most events drawn one by one; a larger view draws its density and clusters that zoom in. Each mark is drawn
    /// twice (wide and narrow) at about 400 bytes, so this keeps the axis near 100 KB of a page's 300 KB budget.
    /// </summary>
    public const int MaxMarks = 120;

    /// <summary>Slices of the view counted when it holds more than <see cref="MaxMarks"/> events.</summary>
    public const int BinCount = 120;

    public bool IsBinned => Bins.Count > 0;

    /// <summary>The slice of the view a day falls in, for counting events in the database.</summary>
    public static int BinOf(int dayNumber, AxisRange view) =>
        Math.Clamp((int)((long)(dayNumber - view.First.DayNumber) * BinCount / view.Days), 0, BinCount - 1);
}

/// <summary>How one drawing of the axis is laid out: the wide one with labels, or the narrow one for phones.</summary>
public sealed record AxisOptions(double Width, int MaxRows, double RowHeight, double MarkHeight, double MinMarkWidth, bool Labels, double MinTickSpacing, double ClusterWidth)
{
    /// <summary>Desktop and tablet: titles beside the marks, up to ten rows.</summary>
    public static AxisOptions Wide { get; } = new(1200, 14, 22, 14, 10, true, 84, 48);

    /// <summary>A story's axis and the embed's: where the story is, marks only, in a shorter frame.</summary>
    public static AxisOptions Medium { get; } = new(720, 14, 16, 11, 10, false, 70, 40);

    /// <summary>Phones: marks only (the list below carries the titles), sized for a fingertip.</summary>
    public static AxisOptions Narrow { get; } = new(360, 12, 20, 15, 14, false, 58, 36);

    /// <summary>Average advance of a label character at the axis's 12-unit font, generous so labels rarely collide.</summary>
    public const double CharWidth = 6.6;

    /// <summary>Longest label drawn beside a mark; longer titles are cut with an ellipsis (the link's name keeps them whole).</summary>
    public const int MaxLabelLength = 34;

    public const double EraHeight = 18;

    public const double TickHeight = 30;

    public const double Gap = 6;
}

/// <summary>One event's mark: its place, row, label and the classes that tell its kind of date.</summary>
public sealed record AxisMark(AxisItem Item, double X, double Width, int Row, string? Label, bool LabelBefore, string Classes, string Name, bool IsCurrent);

/// <summary>Events that did not fit as marks, drawn as one mark with their count that zooms in on them.</summary>
public sealed record AxisCluster(double X, double Width, int Row, int Count, AxisRange ZoomTo, string Name);

/// <summary>A tick on the axis; its label zooms to the stretch of time up to the next tick when <see cref="ZoomTo"/> is set.</summary>
public sealed record AxisTick(double X, string Label, AxisRange? ZoomTo, string? Name);

/// <summary>A period's band.</summary>
public sealed record AxisBand(double X, double Width, string Label, int Shade, AxisRange ZoomTo);

/// <summary>A bar of the density drawn in views too large for one mark per event.</summary>
public sealed record AxisDensityBar(double X, double Width, double Height);

/// <summary>A lane's name, drawn on the row above its marks.</summary>
public sealed record AxisLaneLabel(int Row, string Name, int Count);

/// <summary>A drawing of the axis: everything in SVG user units, ready to be written as attributes.</summary>
public sealed record AxisDrawing(
    AxisOptions Options, AxisRange View, IReadOnlyList<AxisMark> Marks, IReadOnlyList<AxisCluster> Clusters,
    IReadOnlyList<AxisTick> Ticks, IReadOnlyList<AxisBand> Bands, IReadOnlyList<AxisDensityBar> Density, int Rows)
{
    /// <summary>The lanes' names and rows, when the view is drawn in lanes.</summary>
    public IReadOnlyList<AxisLaneLabel> Lanes { get; init; } = [];

    public double MarksTop => AxisOptions.EraHeight + 4;

    public double BaseLine => MarksTop + (Rows * Options.RowHeight) + 4;

    public double Height => BaseLine + AxisOptions.TickHeight;

    public double RowY(int row) => MarksTop + (row * Options.RowHeight) + ((Options.RowHeight - Options.MarkHeight) / 2);
}

/// <summary>
/// Lays the events of a view out on a date-scaled axis: each event's mark spans the days its date can denote (a
/// year-only date its year, "early 2020" January to April, an event with an end date its whole length), at least
/// <see cref="AxisOptions.MinMarkWidth"/> wide; marks that would overlap (with their labels) go to the next row, and
/// those that fit in no row are counted into clusters that zoom in. Ticks adapt to the view's length.
/// </summary>
public static class AxisLayout
{
    private static readonly int[] YearSteps = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000];
    private static readonly int[] MonthSteps = [1, 2, 3, 6];
    private static readonly int[] DaySteps = [1, 2, 7, 14];
    private static readonly string[] MonthAbbreviations = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    public static AxisDrawing Draw(AxisData data, AxisOptions options)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        var view = data.View;
        var ticks = Ticks(view, options);
        var bands = Bands(data.Periods, view, options);
        if (data.IsBinned)
        {
            var (clusters, density) = Binned(data, options);
            var current = data.Current is { } c && Place(c, view, options) is { } placed
                ? [Mark(c, placed.X, placed.Width, 1, null, labelBefore: false, isCurrent: true)]
                : Array.Empty<AxisMark>();
            return new AxisDrawing(options, view, current, clusters, ticks, bands, density, 2);
        }

        if (data.Lanes)
        {
            // Each lane packs its own rows under its name, as TimelineJS's groups; a lane has at most half the rows.
            var allMarks = new List<AxisMark>();
            var allClusters = new List<AxisCluster>();
            var labels = new List<AxisLaneLabel>();
            var row = 0;
            foreach (var (name, items) in LanesOf(data.Items))
            {
                labels.Add(new AxisLaneLabel(row, name, items.Count));
                var (laneMarks, laneOverflow, laneRows) = Pack(items, data, options, Math.Max(2, options.MaxRows / 2), row + 1);
                allMarks.AddRange(laneMarks);
                allClusters.AddRange(laneOverflow);
                row += laneRows + 1;
            }

            return new AxisDrawing(options, view, [.. allMarks.OrderBy(m => m.Item.Start.SortKey)], allClusters, ticks, bands, [], Math.Max(1, row)) { Lanes = labels };
        }

        var (marks, overflow, rows) = Pack(data.Items, data, options, options.MaxRows, 0);
        return new AxisDrawing(options, view, marks, overflow, ticks, bands, [], rows);
    }

    /// <summary>
    /// The view's lanes: its <see cref="AxisData.MaxLanes"/> most frequent groups (tags or actors), each event in the
    /// most specific of them it has (the one fewest events share, so that one broad tag does not take every event), and
    /// the others in a last lane; events keep their reading order within a lane.
    /// </summary>
    public static List<(string Name, List<AxisItem> Items)> LanesOf(IReadOnlyList<AxisItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var counts = items.SelectMany(i => (i.Groups ?? []).Distinct(StringComparer.Ordinal))
            .GroupBy(g => g, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.OrdinalIgnoreCase)
            .Take(AxisData.MaxLanes).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var ranked = counts.Keys.ToList();
        var lanes = ranked.Select(name => (Name: name, Items: new List<AxisItem>())).ToList();
        var rest = new List<AxisItem>();
        foreach (var item in items)
        {
            var lane = (item.Groups ?? []).Where(counts.ContainsKey).OrderBy(g => counts[g]).ThenBy(ranked.IndexOf).FirstOrDefault();
            (lane is null ? rest : lanes[ranked.IndexOf(lane)].Items).Add(item);
        }

        if (rest.Count > 0)
        {
            lanes.Add((ranked.Count == 0 ? "All events" : "Others", rest));
        }

        return [.. lanes.Where(l => l.Items.Count > 0)];
    }

    /// <summary>Where a date falls on the axis: 0 at the view's first day, the width after its last.</summary>
    public static double XOf(int dayNumber, AxisRange view, AxisOptions options) =>
        (dayNumber - view.First.DayNumber) * options.Width / view.Days;

    /// <summary>The days an event's mark covers: its span, or for "before"/"after" dates the day the open side starts from.</summary>
    public static (DateOnly First, DateOnly Last) DrawnSpan(PartialDate start, PartialDate? end)
    {
        var first = start.Qualifier switch
        {
            DateQualifier.Before => start.LatestDay,
            _ => start.EarliestDay,
        };
        var lastDate = end ?? start;
        var last = lastDate.Qualifier switch
        {
            DateQualifier.After => lastDate.EarliestDay,
            DateQualifier.Before => lastDate.LatestDay,
            _ => lastDate.LatestDay,
        };
        return last < first ? (first, first) : (first, last);
    }

    /// <summary>The classes of a mark: its kind of date (day, span of uncertainty, range with an end), qualifier and dispute.</summary>
    public static string ClassesOf(AxisItem item)
    {
        var kind = item.End is not null ? "axis-mark--range"
            : item.Start.Precision == DatePrecision.Day ? "axis-mark--day"
            : "axis-mark--span";
        var qualifier = item.Start.Qualifier switch
        {
            DateQualifier.Circa => " axis-mark--circa",
            DateQualifier.Before => " axis-mark--before",
            DateQualifier.After => " axis-mark--after",
            _ => "",
        };
        return $"axis-mark {kind}{qualifier}{(item.IsDisputed ? " axis-mark--disputed" : "")}";
    }

    /// <summary>
    /// The accessible name of a mark: its title, then its date in words. The title comes first so that the label drawn
    /// beside the mark (the title's first words) begins the name, as speech input expects (WCAG 2.5.3).
    /// </summary>
    public static string NameOf(AxisItem item)
    {
        var date = item.End is { } end ? $"{item.Start.ToDisplayString()} – {end.ToDisplayString()}" : item.Start.ToDisplayString();
        return $"{item.Title}, {date}{(item.IsDisputed ? ", sources disagree" : "")}";
    }

    private static (List<AxisMark> Marks, List<AxisCluster> Overflow, int Rows) Pack(IReadOnlyList<AxisItem> source, AxisData data, AxisOptions options, int maxRows, int firstRow)
    {
        var view = data.View;
        var rows = new List<List<(double From, double To)>>();
        var marks = new List<AxisMark>();
        var left = new List<(AxisItem Item, double X, double Width)>();
        // In reading order (the items come sorted; OrderBy is stable), so that marks are focused in date order.
        foreach (var item in source.OrderBy(i => i.Start.SortKey))
        {
            if (Place(item, view, options) is not { } placed)
            {
                continue;
            }

            var (x, width) = placed;
            var bare = (From: x - OpenRoom(item), To: x + width + OpenRoom(item));
            (double From, double To, bool Before)? rightLabel = null, leftLabel = null;
            var label = options.Labels ? LabelOf(item.Title) : null;
            if (label is not null)
            {
                // Beside the mark's start, running right; or, where that would leave the frame, ending left of the mark.
                var length = (label.Length * AxisOptions.CharWidth) + 4;
                var start = x + Math.Min(width, options.MinMarkWidth) + 4;
                if (start + length <= options.Width)
                {
                    rightLabel = (bare.From, Math.Max(bare.To, start + length), false);
                }

                if (bare.From - 4 - length >= 0)
                {
                    leftLabel = (bare.From - 4 - length, bare.To, true);
                }
            }

            // A mark with its label in the lowest row with room; else the mark alone; else it waits for a cluster.
            (double From, double To) span;
            int row;
            var labelBefore = false;
            if (FirstFree(rows, rightLabel, maxRows) is { } r1)
            {
                (row, span) = (r1, (rightLabel!.Value.From, rightLabel.Value.To));
            }
            else if (FirstFree(rows, leftLabel, maxRows) is { } r2)
            {
                (row, span, labelBefore) = (r2, (leftLabel!.Value.From, leftLabel.Value.To), true);
            }
            else if (FirstFree(rows, (bare.From, bare.To, false), maxRows) is { } r3)
            {
                (row, span, label) = (r3, bare, null);
            }
            else
            {
                left.Add((item, x, width));
                continue;
            }

            if (row == rows.Count)
            {
                rows.Add([]);
            }

            rows[row].Add((span.From, span.To + AxisOptions.Gap));
            marks.Add(Mark(item, x, width, firstRow + row, label, labelBefore, isCurrent: data.Current?.Slug == item.Slug));
        }

        var count = Math.Max(1, rows.Count);
        var overflow = Overflow(left, view, options, firstRow + count);
        return (marks, overflow, overflow.Count > 0 ? count + 1 : count);
    }

    // Room the arrow of an open-ended date ("before", "after") takes beside its mark.
    private static double OpenRoom(AxisItem item) =>
        item.Start.Qualifier is DateQualifier.Before or DateQualifier.After ? 7 : 0;

    private static int? FirstFree(List<List<(double From, double To)>> rows, (double From, double To, bool Before)? span, int maxRows)
    {
        if (span is not { } s)
        {
            return null;
        }

        for (var row = 0; row < rows.Count; row++)
        {
            if (rows[row].All(taken => taken.To <= s.From || taken.From >= s.To + AxisOptions.Gap))
            {
                return row;
            }
        }

        return rows.Count < maxRows ? rows.Count : null;
    }

    /// <summary>Events that fit in no row, counted per stretch of <see cref="AxisOptions.ClusterWidth"/> on a row of their own.</summary>
    private static List<AxisCluster> Overflow(List<(AxisItem Item, double X, double Width)> left, AxisRange view, AxisOptions options, int row)
    {
        var clusters = new List<AxisCluster>();
        foreach (var group in left.GroupBy(l => (int)Math.Floor(Math.Clamp(l.X + (l.Width / 2), 0, options.Width - 1) / options.ClusterWidth)).OrderBy(g => g.Key))
        {
            var first = group.Min(g => DrawnSpan(g.Item.Start, g.Item.End).First);
            var last = group.Max(g => DrawnSpan(g.Item.Start, g.Item.End).Last);
            clusters.Add(Cluster(group.Key * options.ClusterWidth, options, row, group.Count(), first, last, view));
        }

        return clusters;
    }

    private static (List<AxisCluster> Clusters, List<AxisDensityBar> Density) Binned(AxisData data, AxisOptions options)
    {
        var view = data.View;
        var bins = data.Bins;
        var binWidth = options.Width / AxisData.BinCount;
        var max = bins.Count == 0 ? 0 : bins.Max();
        var density = new List<AxisDensityBar>();
        var barSpace = options.RowHeight * 1.0;
        for (var i = 0; i < bins.Count; i++)
        {
            if (bins[i] > 0)
            {
                density.Add(new AxisDensityBar(i * binWidth, binWidth, Math.Max(1.5, Math.Round(barSpace * bins[i] / max, 1))));
            }
        }

        // Clusters gather whole slices, so that each zooms in on exactly the days it counts.
        var perCluster = Math.Max(1, (int)Math.Round(options.ClusterWidth / binWidth));
        var clusters = new List<AxisCluster>();
        for (var i = 0; i < bins.Count; i += perCluster)
        {
            var count = 0;
            for (var j = i; j < Math.Min(bins.Count, i + perCluster); j++)
            {
                count += bins[j];
            }

            if (count == 0)
            {
                continue;
            }

            var first = DateOnly.FromDayNumber(view.First.DayNumber + (int)((long)i * view.Days / AxisData.BinCount));
            var end = Math.Min(bins.Count, i + perCluster);
            var last = DateOnly.FromDayNumber(view.First.DayNumber + (int)((long)end * view.Days / AxisData.BinCount) - 1);
            clusters.Add(Cluster(i * binWidth, options, 0, count, first, last, view, exact: true));
        }

        return (clusters, density);
    }

    private static AxisCluster Cluster(double x, AxisOptions options, int row, int count, DateOnly first, DateOnly last, AxisRange view, bool exact = false)
    {
        // Zooming in on a cluster must show more than the view did: at most half of it, around the cluster's events.
        var range = new AxisRange(first, last);
        if (!exact || range.Days * 2 > view.Days)
        {
            range = FitInside(range, view);
        }

        var zoom = range.Snapped();
        var name = $"{count} {(count == 1 ? "event" : "events")}, {zoom.ToDisplayString()}: zoom in";
        return new AxisCluster(Math.Min(x, options.Width - options.ClusterWidth), options.ClusterWidth - 2, row, count, zoom, name);
    }

    private static AxisRange FitInside(AxisRange range, AxisRange view)
    {
        var days = Math.Max(range.Days, AxisRange.MinDays);
        days = Math.Min(days, Math.Max(AxisRange.MinDays, view.Days / 2));
        var middle = (range.First.DayNumber + range.Last.DayNumber) / 2;
        var start = Math.Clamp(middle - (days / 2), view.First.DayNumber, Math.Max(view.First.DayNumber, view.Last.DayNumber - days + 1));
        return new AxisRange(DateOnly.FromDayNumber(start), DateOnly.FromDayNumber(start + days - 1));
    }

    private static (double X, double Width)? Place(AxisItem item, AxisRange view, AxisOptions options)
    {
        var (first, last) = DrawnSpan(item.Start, item.End);
        if (last < view.First || first > view.Last)
        {
            return null;
        }

        var x1 = Math.Max(0, XOf(first.DayNumber, view, options));
        var x2 = Math.Min(options.Width, XOf(last.DayNumber + 1, view, options));
        var width = x2 - x1;
        if (width < options.MinMarkWidth)
        {
            var middle = (x1 + x2) / 2;
            width = options.MinMarkWidth;
            x1 = Math.Clamp(middle - (width / 2), 0, options.Width - width);
        }

        return (Math.Round(x1, 1), Math.Round(width, 1));
    }

    private static AxisMark Mark(AxisItem item, double x, double width, int row, string? label, bool labelBefore, bool isCurrent) =>
        new(item, x, width, row, label, labelBefore, ClassesOf(item) + (isCurrent ? " axis-mark--current" : ""), NameOf(item), isCurrent);

    // Whole words only, so that the label is the start of the mark's name.
    private static string LabelOf(string title)
    {
        if (title.Length <= AxisOptions.MaxLabelLength)
        {
            return title;
        }

        var cut = title.LastIndexOf(' ', AxisOptions.MaxLabelLength - 1);
        return title[..(cut > 8 ? cut : AxisOptions.MaxLabelLength - 1)].TrimEnd(',', ':', ';', ' ') + "…";
    }

    /// <summary>Ticks at whole days, months or years, spaced at least <see cref="AxisOptions.MinTickSpacing"/> apart.</summary>
    public static List<AxisTick> Ticks(AxisRange view, AxisOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var fit = Math.Max(2, (int)(options.Width / options.MinTickSpacing));
        var years = view.Days / 365.2425;
        var ticks = new List<AxisTick>();
        if (years >= 3)
        {
            var step = YearSteps.FirstOrDefault(s => years / s <= fit, YearSteps[^1]);
            var year = ((view.First.Year + step - 1) / step) * step;
            if (new DateOnly(year, 1, 1) < view.First)
            {
                year += step;
            }

            for (; year <= view.Last.Year && year <= 9999; year += step)
            {
                var start = new DateOnly(year, 1, 1);
                var end = new DateOnly(Math.Min(9999, year + step - 1), 12, 31);
                var label = year.ToString(CultureInfo.InvariantCulture);
                var zoom = new AxisRange(start, end);
                ticks.Add(new AxisTick(XOf(start.DayNumber, view, options), label, zoom,
                    step == 1 ? $"{label}: zoom to this year" : $"{label}: zoom to {zoom.ToDisplayString()}"));
            }

            return ticks;
        }

        var months = view.Days / 30.44;
        if (months >= 3)
        {
            var step = MonthSteps.FirstOrDefault(s => months / s <= fit, 12);
            if (step == 12)
            {
                return Ticks(view, options with { MinTickSpacing = options.MinTickSpacing * 0.6 });
            }

            var index = (view.First.Year * 12) + view.First.Month - 1;
            index = ((index + step - 1) / step) * step;
            for (; ; index += step)
            {
                var start = new DateOnly(index / 12, (index % 12) + 1, 1);
                if (start > view.Last)
                {
                    break;
                }

                if (start < view.First)
                {
                    continue;
                }

                var lastIndex = index + step - 1;
                var end = new DateOnly(lastIndex / 12, (lastIndex % 12) + 1, DateTime.DaysInMonth(lastIndex / 12, (lastIndex % 12) + 1));
                var first = ticks.Count == 0 || start.Month <= step;
                var label = first || options.Labels
                    ? $"{MonthAbbreviations[start.Month - 1]} {start.Year.ToString(CultureInfo.InvariantCulture)}"
                    : MonthAbbreviations[start.Month - 1];
                var zoom = new AxisRange(start, end);
                ticks.Add(new AxisTick(XOf(start.DayNumber, view, options), label, zoom, $"{label}: zoom to {zoom.ToDisplayString()}"));
            }

            return ticks;
        }

        var dayStep = DaySteps.FirstOrDefault(s => (double)view.Days / s <= fit, 28);
        for (var day = view.First.DayNumber; day <= view.Last.DayNumber; day += dayStep)
        {
            var date = DateOnly.FromDayNumber(day);
            var label = ticks.Count == 0 || date.Day <= dayStep
                ? $"{date.Day.ToString(CultureInfo.InvariantCulture)} {MonthAbbreviations[date.Month - 1]} {date.Year.ToString(CultureInfo.InvariantCulture)}"
                : $"{date.Day.ToString(CultureInfo.InvariantCulture)} {MonthAbbreviations[date.Month - 1]}";
            ticks.Add(new AxisTick(XOf(day, view, options), label, null, null));
        }

        return ticks;
    }

    private static List<AxisBand> Bands(IReadOnlyList<AxisPeriod> periods, AxisRange view, AxisOptions options)
    {
        var bands = new List<AxisBand>();
        foreach (var period in periods.OrderBy(p => p.First))
        {
            if (period.Last < view.First || period.First > view.Last)
            {
                continue;
            }

            var x1 = Math.Max(0, XOf(period.First.DayNumber, view, options));
            var x2 = Math.Min(options.Width, XOf(period.Last.DayNumber + 1, view, options));
            if (x2 - x1 < 1)
            {
                continue;
            }

            var room = (int)((x2 - x1 - 8) / AxisOptions.CharWidth);
            var label = room >= period.Name.Length ? period.Name : room >= 4 ? string.Concat(period.Name.AsSpan(0, room - 1), "…") : "";
            bands.Add(new AxisBand(Math.Round(x1, 1), Math.Round(x2 - x1, 1), label, bands.Count % 2, new AxisRange(period.First, period.Last).Snapped()));
        }

        return bands;
    }
}
