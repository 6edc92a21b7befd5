using System.Globalization;
using Timeline.Domain;

namespace Timeline.Web.Features.Reading;

/// <summary>
/// The days a drawing of the time axis covers, first and last included, and the views one step away from it: zoomed in
/// or out around its middle, moved earlier or later by half its length. Views are written in the query string as the
/// filter's <c>from</c> and <c>to</c>, so that each view is a plain link that works without JavaScript.
/// </summary>
public readonly record struct AxisRange
{
    /// <summary>The shortest view: about a month, still wide enough to tell one day from the next.</summary>
    public const int MinDays = 28;

    public AxisRange(DateOnly first, DateOnly last)
    {
        First = first <= last ? first : last;
        Last = first <= last ? last : first;
    }

    public DateOnly First { get; }

    public DateOnly Last { get; }

    /// <summary>Days covered, at least one.</summary>
    public int Days => Last.DayNumber - First.DayNumber + 1;

    /// <summary>
    /// The range covered by a filter's dates, each missing end taken from <paramref name="whole"/>, and no wider than
    /// it: a view never reaches past the timeline's own span (a range wholly outside it is kept as asked, and is empty).
    /// </summary>
    public static AxisRange Of(PartialDate? from, PartialDate? to, AxisRange whole)
    {
        var first = from?.EarliestDay is { } f && f != DateOnly.MinValue ? f : whole.First;
        var last = to?.LatestDay is { } t && t != DateOnly.MaxValue ? t : whole.Last;
        if (first > whole.Last || last < whole.First)
        {
            return new(first, last);
        }

        return new(first < whole.First ? whole.First : first, last > whole.Last ? whole.Last : last);
    }

    /// <summary>
    /// The range that shows events spanning <paramref name="first"/> to <paramref name="last"/> with a margin on
    /// each side, so that no mark sits on the frame's edge.
    /// </summary>
    public static AxisRange Around(DateOnly first, DateOnly last)
    {
        var days = Math.Max(1, last.DayNumber - first.DayNumber + 1);
        var margin = Math.Max(15, (int)Math.Round(days * 0.03));
        var start = Math.Max(DateOnly.MinValue.DayNumber, first.DayNumber - margin);
        var end = Math.Min(DateOnly.MaxValue.DayNumber, last.DayNumber + margin);
        return new(DateOnly.FromDayNumber(start), DateOnly.FromDayNumber(end));
    }

    /// <summary>Whether this range covers all of <paramref name="other"/>.</summary>
    public bool Covers(AxisRange other) => First <= other.First && Last >= other.Last;

    /// <summary>Half as long, around the same middle (never shorter than <see cref="MinDays"/>); null when already that short.</summary>
    public AxisRange? ZoomIn()
    {
        if (Days <= MinDays)
        {
            return null;
        }

        var days = Math.Max(MinDays, Days / 2);
        var start = First.DayNumber + ((Days - days) / 2);
        return Snap(start, start + days - 1);
    }

    /// <summary>Twice as long around the same middle; null when that would show all of <paramref name="whole"/>.</summary>
    public AxisRange? ZoomOut(AxisRange whole)
    {
        var days = Days * 2;
        if (days >= whole.Days)
        {
            return null;
        }

        var start = First.DayNumber - (Days / 2);
        start = Math.Clamp(start, whole.First.DayNumber, whole.Last.DayNumber - days + 1);
        return Snap(start, start + days - 1);
    }

    /// <summary>Moved half its length earlier (no further than <paramref name="whole"/> begins); null when it already begins there.</summary>
    public AxisRange? Earlier(AxisRange whole) =>
        First <= whole.First ? null : Shift(-Math.Min(Math.Max(1, Days / 2), First.DayNumber - whole.First.DayNumber));

    /// <summary>Moved half its length later (no further than <paramref name="whole"/> ends); null when it already ends there.</summary>
    public AxisRange? Later(AxisRange whole) =>
        Last >= whole.Last ? null : Shift(Math.Min(Math.Max(1, Days / 2), whole.Last.DayNumber - Last.DayNumber));

    /// <summary>
    /// The range as the filter's <c>from</c> and <c>to</c> values, as short as they can be: whole years as "2019",
    /// whole months as "2019-03", other days in full.
    /// </summary>
    public (string From, string To) ToQuery()
    {
        if (First is { Month: 1, Day: 1 } && Last is { Month: 12, Day: 31 })
        {
            return (Year(First), Year(Last));
        }

        if (First.Day == 1 && Last.Day == DateTime.DaysInMonth(Last.Year, Last.Month))
        {
            return (First.ToString("yyyy-MM", CultureInfo.InvariantCulture), Last.ToString("yyyy-MM", CultureInfo.InvariantCulture));
        }

        return (First.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Last.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
    }

    /// <summary>The range in words: "2017 – 2019", "March 2019 – June 2019", "3 March 2019 – 30 March 2019".</summary>
    public string ToDisplayString()
    {
        var (from, to) = ToQuery();
        var first = PartialDate.Parse(from).ToDisplayString();
        var last = PartialDate.Parse(to).ToDisplayString();
        return first == last ? first : $"{first} – {last}";
    }

    private static string Year(DateOnly day) => day.Year.ToString("0000", CultureInfo.InvariantCulture);

    private AxisRange Shift(int days) => Snap(First.DayNumber + days, Last.DayNumber + days);

    /// <summary>The range widened to whole years (when it spans three or more) or whole months (90 days or more), so that its link reads well.</summary>
    public AxisRange Snapped() => Snap(First.DayNumber, Last.DayNumber);

    // Views of years begin and end on whole years, views of months on whole months, so that their links read well.
    private static AxisRange Snap(int startDay, int endDay)
    {
        startDay = Math.Max(startDay, DateOnly.MinValue.DayNumber);
        endDay = Math.Min(endDay, DateOnly.MaxValue.DayNumber);
        var start = DateOnly.FromDayNumber(startDay);
        var end = DateOnly.FromDayNumber(endDay);
        var days = endDay - startDay + 1;
        if (days >= 3 * 365)
        {
            return new(new DateOnly(start.Year, 1, 1), new DateOnly(end.Year, 12, 31));
        }

        if (days >= 90)
        {
            return new(new DateOnly(start.Year, start.Month, 1), new DateOnly(end.Year, end.Month, DateTime.DaysInMonth(end.Year, end.Month)));
        }

        return new(start, end);
    }
}
