using System.Globalization;
using System.Text.RegularExpressions;

namespace Timeline.Domain;

/// <summary>
/// Reads the date a passage states in words ("April 15, 2025", "15 April 2025", "in September 2017", "by the end of
/// 2019", "2018"), to prefill a new event's date from the passage that backs it. Only dates the words fix are read:
/// relative words ("last June", "on Tuesday") depend on when the source was published and are left to the editor.
/// </summary>
public static partial class DateWords
{
    private static readonly string[] Months =
        ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

    /// <summary>The most precise date the passage states; among equally precise ones, the first. Null when none.</summary>
    public static PartialDate? Find(string passage)
    {
        ArgumentNullException.ThrowIfNull(passage);
        PartialDate? best = null;
        var bestPrecision = -1;
        foreach (Match m in DatePattern().Matches(passage))
        {
            if (Read(m) is not { } read || read.Precision <= bestPrecision)
            {
                continue;
            }

            best = read.Date;
            bestPrecision = read.Precision;
        }

        return best;
    }

    private static (PartialDate Date, int Precision)? Read(Match m)
    {
        var year = int.Parse(m.Groups["year"].Value, CultureInfo.InvariantCulture);
        if (year is < 1800 or > 2199)
        {
            return null;
        }

        var monthName = m.Groups["month"].Success ? m.Groups["month"].Value : m.Groups["month2"].Value;
        if (monthName.Length == 0)
        {
            return m.Groups["late"].Success ? (PartialDate.Create(year, qualifier: DateQualifier.Late), 0)
                : m.Groups["early"].Success ? (PartialDate.Create(year, qualifier: DateQualifier.Early), 0)
                : (PartialDate.Create(year), 0);
        }

        var month = Array.FindIndex(Months, name => name.StartsWith(monthName.ToLowerInvariant().TrimEnd('.'), StringComparison.Ordinal)) + 1;
        if (month == 0)
        {
            return null;
        }

        var dayText = m.Groups["day"].Success ? m.Groups["day"].Value : m.Groups["day2"].Value;
        if (dayText.Length > 0 && int.TryParse(dayText, CultureInfo.InvariantCulture, out var day)
            && day >= 1 && day <= DateTime.DaysInMonth(year, month))
        {
            return (PartialDate.Create(year, month, day), 2);
        }

        return (PartialDate.Create(year, month), 1);
    }

    // "April 15, 2025" | "15 April 2025" | "April 2025" / "April of 2025" | "(by the) end of 2019" | "early 2020" | "2018".
    [GeneratedRegex(
        @"(?:\b(?<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?\s+(?:(?<day>\d{1,2})(?:st|nd|rd|th)?,?\s+|of\s+)?(?<year>\d{4})\b)"
        + @"|(?:\b(?<day2>\d{1,2})(?:st|nd|rd|th)?\s+(?<month2>January|February|March|April|May|June|July|August|September|October|November|December)\s+(?<year>\d{4})\b)"
        + @"|(?:\b(?:(?<late>(?:the\s+)?end\s+of|late)|(?<early>early|the\s+start\s+of|the\s+beginning\s+of))\s+(?<year>\d{4})\b)"
        + @"|(?:\b(?<year>(?:18|19|20|21)\d{2})\b(?![-/.]?\d))",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex DatePattern();
}
