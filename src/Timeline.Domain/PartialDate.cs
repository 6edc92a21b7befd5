using System.Globalization;

namespace Timeline.Domain;

/// <summary>A date known to year, month or day precision, with a qualifier.</summary>
/// <remarks>
/// <para>
/// Years run from 1 to 9999. <see cref="DateQualifier.Early"/>, <see cref="DateQualifier.Mid"/> and
/// <see cref="DateQualifier.Late"/> divide a year into January–April, May–August and September–December,
/// and a month into days 1–10, 11–20 and 21 to its end; they do not apply to a single day.
/// <c>default(PartialDate)</c> is not a valid date: obtain one from <see cref="Create"/> or <see cref="Parse"/>.
/// </para>
/// <para>
/// Sorting rule: a date sorts at the first day it can denote, and among dates that start on the same day the
/// wider one comes first, so a year sorts before its first month and a month before its first day
/// ("2017" &lt; "early 2017" &lt; "2017-01" &lt; "early 2017-01" &lt; "2017-01-01").
/// Early, mid and late therefore sort at the start of their third: "late 2019" just before "2019-09" (after all of
/// 2019-06), "mid 2019-09" just before "2019-09-11". "Before X" sorts immediately before the first day of X, ahead of
/// everything that starts on that day; "after X" sorts immediately after the last day of X ("after 2019" after
/// "2019-12-31", before "2020"), after any "before" but ahead of everything else starting on the next day.
/// Circa sorts like exact, immediately after the exact date it qualifies.
/// <see cref="SortKey"/> encodes exactly this order and differs for unequal dates, so ordering is consistent with equality.
/// </para>
/// </remarks>
public readonly record struct PartialDate : IComparable<PartialDate>
{
    private const int MinYear = 1;
    private const int MaxYear = 9999;
    private const string FormatError = "Enter a date as YYYY, YYYY-MM or YYYY-MM-DD.";

    // Slots order the dates that share a sort day; see the sorting rule on the type.
    private const int SlotsPerDay = 16;
    private const int BeforeSlot = 0;
    private const int AfterSlot = 3;
    private const int YearSlot = 6;
    private const int MonthSlot = 10;
    private const int DaySlot = 14;

    private static readonly string[] MonthNames =
    [
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ];

    private static readonly (string Name, DateQualifier Qualifier)[] QualifierNames =
    [
        ("exact", DateQualifier.Exact),
        ("circa", DateQualifier.Circa),
        ("early", DateQualifier.Early),
        ("mid", DateQualifier.Mid),
        ("late", DateQualifier.Late),
        ("before", DateQualifier.Before),
        ("after", DateQualifier.After),
    ];

    private PartialDate(int year, int? month, int? day, DateQualifier qualifier)
    {
        Year = year;
        Month = month;
        Day = day;
        Qualifier = qualifier;
    }

    /// <summary>The year, 1–9999.</summary>
    public int Year { get; }

    /// <summary>The month, 1–12, or null for a year-only date.</summary>
    public int? Month { get; }

    /// <summary>The day of the month, or null unless the precision is <see cref="DatePrecision.Day"/>.</summary>
    public int? Day { get; }

    /// <summary>How the date relates to the moment it names.</summary>
    public DateQualifier Qualifier { get; }

    /// <summary>How much of the date is known.</summary>
    public DatePrecision Precision =>
        Day is not null ? DatePrecision.Day
        : Month is not null ? DatePrecision.Month
        : DatePrecision.Year;

    /// <summary>
    /// The first day the date can denote: "2017-09" → 2017-09-01, "late 2019" → 2019-09-01,
    /// "after 2019-03" → 2019-04-01; "before X" is open-ended and gives <see cref="DateOnly.MinValue"/>.
    /// </summary>
    public DateOnly EarliestDay
    {
        get
        {
            if (!IsValid)
            {
                return DateOnly.MinValue;
            }

            return Qualifier switch
            {
                DateQualifier.Before => DateOnly.MinValue,
                DateQualifier.After => SpanEnd == DateOnly.MaxValue ? DateOnly.MaxValue : SpanEnd.AddDays(1),
                _ => SpanStart,
            };
        }
    }

    /// <summary>
    /// The last day the date can denote: "2017-09" → 2017-09-30, "early 2020" → 2020-04-30,
    /// "before 2019-03" → 2019-02-28; "after X" is open-ended and gives <see cref="DateOnly.MaxValue"/>.
    /// </summary>
    public DateOnly LatestDay
    {
        get
        {
            if (!IsValid)
            {
                return DateOnly.MinValue;
            }

            return Qualifier switch
            {
                DateQualifier.Before => SpanStart == DateOnly.MinValue ? DateOnly.MinValue : SpanStart.AddDays(-1),
                DateQualifier.After => DateOnly.MaxValue,
                _ => SpanEnd,
            };
        }
    }

    /// <summary>A number that orders dates exactly as <see cref="CompareTo"/> does (see the sorting rule on the type).</summary>
    public long SortKey
    {
        get
        {
            if (!IsValid)
            {
                return -1;
            }

            var precision = (int)Precision;
            var (day, slot) = Qualifier switch
            {
                DateQualifier.Before => (SpanStart.DayNumber, BeforeSlot + precision),
                DateQualifier.After => (SpanEnd.DayNumber + 1, AfterSlot + precision),
                DateQualifier.Early or DateQualifier.Mid or DateQualifier.Late =>
                    (SpanStart.DayNumber, (Precision == DatePrecision.Year ? YearSlot : MonthSlot) + (int)Qualifier - (int)DateQualifier.Early + 1),
                _ => (SpanStart.DayNumber, Precision switch
                {
                    DatePrecision.Year => YearSlot,
                    DatePrecision.Month => MonthSlot,
                    _ => DaySlot,
                }),
            };

            return (((long)day * SlotsPerDay) + slot) * 2 + (Qualifier == DateQualifier.Circa ? 1 : 0);
        }
    }

    private bool IsValid => Year >= MinYear;

    // The days the date itself covers, before "before"/"after" move away from it.
    private DateOnly SpanStart => Precision switch
    {
        DatePrecision.Day => new DateOnly(Year, Month!.Value, Day!.Value),
        DatePrecision.Month => new DateOnly(Year, Month!.Value, Qualifier switch
        {
            DateQualifier.Mid => 11,
            DateQualifier.Late => 21,
            _ => 1,
        }),
        _ => new DateOnly(Year, Qualifier switch
        {
            DateQualifier.Mid => 5,
            DateQualifier.Late => 9,
            _ => 1,
        }, 1),
    };

    private DateOnly SpanEnd
    {
        get
        {
            switch (Precision)
            {
                case DatePrecision.Day:
                    return SpanStart;
                case DatePrecision.Month:
                    var month = Month!.Value;
                    return new DateOnly(Year, month, Qualifier switch
                    {
                        DateQualifier.Early => 10,
                        DateQualifier.Mid => 20,
                        _ => DateTime.DaysInMonth(Year, month),
                    });
                default:
                    return Qualifier switch
                    {
                        DateQualifier.Early => new DateOnly(Year, 4, 30),
                        DateQualifier.Mid => new DateOnly(Year, 8, 31),
                        _ => new DateOnly(Year, 12, 31),
                    };
            }
        }
    }

    private string MonthName => MonthNames[Month!.Value - 1];

    /// <summary>Creates a date, throwing <see cref="ArgumentException"/> with a readable message when it is not one.</summary>
    public static PartialDate Create(int year, int? month = null, int? day = null, DateQualifier qualifier = DateQualifier.Exact)
    {
        var (error, parameter) = Validate(year, month, day, qualifier);
        if (error is not null)
        {
            throw new ArgumentException(error, parameter);
        }

        return new PartialDate(year, month, day, qualifier);
    }

    /// <summary>
    /// Parses "2017", "2017-09" or "2017-09-11" (surrounding white space ignored; month and day need two digits);
    /// on failure <paramref name="error"/> says what is wrong in a sentence fit to show a user.
    /// </summary>
    public static bool TryParse(string? iso, DateQualifier qualifier, out PartialDate date, out string error)
    {
        date = default;
        if (string.IsNullOrWhiteSpace(iso))
        {
            error = "Enter a date.";
            return false;
        }

        if (!TrySplit(iso.AsSpan().Trim(), out var year, out var month, out var day))
        {
            error = FormatError;
            return false;
        }

        var (message, _) = Validate(year, month, day, qualifier);
        if (message is not null)
        {
            error = message;
            return false;
        }

        date = new PartialDate(year, month, day, qualifier);
        error = string.Empty;
        return true;
    }

    /// <summary>Parses like <see cref="TryParse"/>, throwing <see cref="FormatException"/> with its message on failure.</summary>
    public static PartialDate Parse(string iso, DateQualifier qualifier = DateQualifier.Exact) =>
        TryParse(iso, qualifier, out var date, out var error) ? date : throw new FormatException(error);

    /// <summary>Reads a qualifier name ("exact", "circa", "early", "mid", "late", "before", "after"), ignoring case.</summary>
    public static bool TryParseQualifier(string? text, out DateQualifier qualifier)
    {
        var name = text.AsSpan().Trim();
        foreach (var (candidate, value) in QualifierNames)
        {
            if (name.Equals(candidate, StringComparison.OrdinalIgnoreCase))
            {
                qualifier = value;
                return true;
            }
        }

        qualifier = DateQualifier.Exact;
        return false;
    }

    /// <summary>The date as ISO 8601 at its precision ("2017", "2017-09", "2017-09-11"), without the qualifier.</summary>
    public string ToIso() => Precision switch
    {
        DatePrecision.Year => Year.ToString("D4", CultureInfo.InvariantCulture),
        DatePrecision.Month => string.Create(CultureInfo.InvariantCulture, $"{Year:D4}-{Month:D2}"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{Year:D4}-{Month:D2}-{Day:D2}"),
    };

    /// <summary>
    /// The date in English for readers: "2017", "September 2017", "11 September 2017", "c. 2017", "early 2020",
    /// "mid-2020", "late September 2019", "before March 2019", "after 11 September 2017".
    /// </summary>
    public string ToDisplayString()
    {
        var date = Precision switch
        {
            DatePrecision.Year => Year.ToString(CultureInfo.InvariantCulture),
            DatePrecision.Month => string.Create(CultureInfo.InvariantCulture, $"{MonthName} {Year}"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{Day} {MonthName} {Year}"),
        };

        return Qualifier switch
        {
            DateQualifier.Circa => "c. " + date,
            DateQualifier.Early => "early " + date,
            DateQualifier.Mid => "mid-" + date,
            DateQualifier.Late => "late " + date,
            DateQualifier.Before => "before " + date,
            DateQualifier.After => "after " + date,
            _ => date,
        };
    }

    /// <summary>The display string, so that interpolating a date shows what a reader would see.</summary>
    public override string ToString() => ToDisplayString();

    /// <summary>Orders dates by the rule described on the type.</summary>
    public int CompareTo(PartialDate other) => SortKey.CompareTo(other.SortKey);

    /// <summary>Whether <paramref name="left"/> sorts before <paramref name="right"/>.</summary>
    public static bool operator <(PartialDate left, PartialDate right) => left.CompareTo(right) < 0;

    /// <summary>Whether <paramref name="left"/> sorts after <paramref name="right"/>.</summary>
    public static bool operator >(PartialDate left, PartialDate right) => left.CompareTo(right) > 0;

    /// <summary>Whether <paramref name="left"/> sorts before or equal to <paramref name="right"/>.</summary>
    public static bool operator <=(PartialDate left, PartialDate right) => left.CompareTo(right) <= 0;

    /// <summary>Whether <paramref name="left"/> sorts after or equal to <paramref name="right"/>.</summary>
    public static bool operator >=(PartialDate left, PartialDate right) => left.CompareTo(right) >= 0;

    private static bool TrySplit(ReadOnlySpan<char> text, out int year, out int? month, out int? day)
    {
        year = 0;
        month = null;
        day = null;
        if (text.Length is not (4 or 7 or 10) || !TryReadDigits(text[..4], out year))
        {
            return false;
        }

        if (text.Length >= 7)
        {
            if (text[4] != '-' || !TryReadDigits(text[5..7], out var m))
            {
                return false;
            }

            month = m;
        }

        if (text.Length == 10)
        {
            if (text[7] != '-' || !TryReadDigits(text[8..10], out var d))
            {
                return false;
            }

            day = d;
        }

        return true;
    }

    // int.Parse would accept signs and non-ASCII digits, which ISO dates do not allow.
    private static bool TryReadDigits(ReadOnlySpan<char> digits, out int value)
    {
        value = 0;
        foreach (var c in digits)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }

    private static (string? Error, string? Parameter) Validate(int year, int? month, int? day, DateQualifier qualifier)
    {
        if (!Enum.IsDefined(qualifier))
        {
            return ("Unknown date qualifier.", nameof(qualifier));
        }

        if (year is < MinYear or > MaxYear)
        {
            return ("Year must be between 1 and 9999.", nameof(year));
        }

        if (month is null)
        {
            return day is null ? (null, null) : ("A day needs a month.", nameof(day));
        }

        if (month is < 1 or > 12)
        {
            return ("Month must be between 1 and 12.", nameof(month));
        }

        if (day is null)
        {
            return (null, null);
        }

        if (day is < 1 or > 31)
        {
            return ("Day must be between 1 and 31.", nameof(day));
        }

        var daysInMonth = DateTime.DaysInMonth(year, month.Value);
        if (day > daysInMonth)
        {
            return (string.Create(
                CultureInfo.InvariantCulture,
                $"{year:D4}-{month:D2}-{day:D2} is not a date: {MonthNames[month.Value - 1]} {year} has {daysInMonth} days."),
                nameof(day));
        }

        if (qualifier is DateQualifier.Early or DateQualifier.Mid or DateQualifier.Late)
        {
            return ("Early, mid and late apply to a year or a month, not to a single day.", nameof(qualifier));
        }

        return (null, null);
    }
}
