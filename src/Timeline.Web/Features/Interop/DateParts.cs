using System.Globalization;
using Timeline.Domain;

namespace Timeline.Web.Features.Interop;

/// <summary>
/// TimelineJS's split dates (year, month, day and a time of day, as strings or numbers, unpadded, empty when unknown)
/// read into a <see cref="PartialDate"/>, and a display date read back into a qualifier when it says one.
/// </summary>
public static class DateParts
{
    private static readonly string[] MonthNames = CultureInfo.InvariantCulture.DateTimeFormat.MonthNames[..12];

    /// <summary>
    /// The date, or null with the problem in <paramref name="problem"/>; <paramref name="hasTime"/> tells that a time of
    /// day was given (dates are kept to the day).
    /// </summary>
    public static PartialDate? Read(string? year, string? month, string? day, string? time, string what, out string? problem, out bool hasTime)
    {
        problem = null;
        hasTime = !string.IsNullOrWhiteSpace(time) && time.Trim() is not ("0" or "00" or "0:00" or "00:00" or "00:00:00");
        if (string.IsNullOrWhiteSpace(year))
        {
            problem = $"{what} has no year.";
            return null;
        }

        if (!int.TryParse(year.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var y))
        {
            problem = $"{what}: the year “{year.Trim()}” is not a number.";
            return null;
        }

        if (y < 1 || y > 9999)
        {
            problem = $"{what}: the year {y} is outside what a timeline here can show (years 1 to 9999; dates before the Common Era are not supported).";
            return null;
        }

        int? m = null;
        if (!string.IsNullOrWhiteSpace(month))
        {
            m = ReadMonth(month.Trim());
            if (m is null)
            {
                problem = $"{what}: the month “{month.Trim()}” is not a month (1 to 12).";
                return null;
            }
        }

        int? d = null;
        if (!string.IsNullOrWhiteSpace(day))
        {
            if (m is null)
            {
                problem = $"{what} has a day but no month.";
                return null;
            }

            if (!int.TryParse(day.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var dd) || dd < 1 || dd > DateTime.DaysInMonth(y, m.Value))
            {
                problem = $"{what}: {MonthNames[m.Value - 1]} {y} has no day “{day.Trim()}” (it has {DateTime.DaysInMonth(y, m.Value)} days).";
                return null;
            }

            d = dd;
        }

        return PartialDate.Create(y, m, d);
    }

    /// <summary>"9", "09" or a month's English name.</summary>
    private static int? ReadMonth(string month)
    {
        if (int.TryParse(month, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return number is >= 1 and <= 12 ? number : null;
        }

        var index = Array.FindIndex(MonthNames, n => n.StartsWith(month, StringComparison.OrdinalIgnoreCase) && month.Length >= 3);
        return index >= 0 ? index + 1 : null;
    }

    /// <summary>
    /// The qualifier a display date gives the start, when it is our own words for one ("late September 2019",
    /// "c. 2017", "before March 2019", or "circa"/"ca."/"about" before the plain date): our export writes these, and an
    /// editor's spreadsheet may. Null when the display date says something else.
    /// </summary>
    public static DateQualifier? QualifierOf(string displayDate, PartialDate start, PartialDate? end)
    {
        var said = Normalise(displayDate);
        foreach (var qualifier in Enum.GetValues<DateQualifier>())
        {
            if (!PartialDate.TryParse(start.ToIso(), qualifier, out var qualified, out _))
            {
                continue;
            }

            var label = end is { } e ? $"{qualified.ToDisplayString()} – {e.ToDisplayString()}" : qualified.ToDisplayString();
            if (Normalise(label) == said)
            {
                return qualifier;
            }
        }

        var plain = Normalise(start.ToDisplayString());
        foreach (var circa in new[] { "circa ", "ca. ", "ca ", "c ", "about ", "around " })
        {
            if (said == circa + plain)
            {
                return DateQualifier.Circa;
            }
        }

        return null;
    }

    private static string Normalise(string text) =>
        string.Join(' ', text.Replace('-', ' ').Replace('–', ' ').Replace('—', ' ').ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries));
}
