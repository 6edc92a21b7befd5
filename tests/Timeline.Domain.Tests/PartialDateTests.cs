namespace Timeline.Domain.Tests;

public class PartialDateTests
{
    [Theory]
    [InlineData("2017", 2017, null, null, DatePrecision.Year)]
    [InlineData("2017-09", 2017, 9, null, DatePrecision.Month)]
    [InlineData("2017-09-11", 2017, 9, 11, DatePrecision.Day)]
    [InlineData("0001-01-01", 1, 1, 1, DatePrecision.Day)]
    [InlineData("9999-12-31", 9999, 12, 31, DatePrecision.Day)]
    [InlineData("  2017-09 ", 2017, 9, null, DatePrecision.Month)]
    public void Valid_iso_dates_parse_at_their_precision(string iso, int year, int? month, int? day, DatePrecision precision)
    {
        Assert.True(PartialDate.TryParse(iso, DateQualifier.Exact, out var date, out var error));

        Assert.Equal("", error);
        Assert.Equal(year, date.Year);
        Assert.Equal(month, date.Month);
        Assert.Equal(day, date.Day);
        Assert.Equal(precision, date.Precision);
        Assert.Equal(DateQualifier.Exact, date.Qualifier);
    }

    [Theory]
    [InlineData(null, "Enter a date.")]
    [InlineData("", "Enter a date.")]
    [InlineData("   ", "Enter a date.")]
    [InlineData("text", "Enter a date as YYYY, YYYY-MM or YYYY-MM-DD.")]
    [InlineData("2017-9", "Enter a date as YYYY, YYYY-MM or YYYY-MM-DD.")]
    [InlineData("2017-09-1", "Enter a date as YYYY, YYYY-MM or YYYY-MM-DD.")]
    [InlineData("17", "Enter a date as YYYY, YYYY-MM or YYYY-MM-DD.")]
    [InlineData("12017", "Enter a date as YYYY, YYYY-MM or YYYY-MM-DD.")]
    [InlineData("-2017", "Enter a date as YYYY, YYYY-MM or YYYY-MM-DD.")]
    [InlineData("2017/09/11", "Enter a date as YYYY, YYYY-MM or YYYY-MM-DD.")]
    [InlineData("11-09-2017", "Enter a date as YYYY, YYYY-MM or YYYY-MM-DD.")]
    [InlineData("2017-09-11T10:00", "Enter a date as YYYY, YYYY-MM or YYYY-MM-DD.")]
    [InlineData("２０１７", "Enter a date as YYYY, YYYY-MM or YYYY-MM-DD.")]
    [InlineData("0000", "Year must be between 1 and 9999.")]
    [InlineData("0000-01-01", "Year must be between 1 and 9999.")]
    [InlineData("2019-13", "Month must be between 1 and 12.")]
    [InlineData("2019-00", "Month must be between 1 and 12.")]
    [InlineData("2019-00-10", "Month must be between 1 and 12.")]
    [InlineData("2019-01-00", "Day must be between 1 and 31.")]
    [InlineData("2019-01-32", "Day must be between 1 and 31.")]
    [InlineData("2019-02-30", "2019-02-30 is not a date: February 2019 has 28 days.")]
    [InlineData("2019-04-31", "2019-04-31 is not a date: April 2019 has 30 days.")]
    public void Invalid_input_is_refused_with_a_message_saying_what_is_wrong(string? iso, string expected)
    {
        Assert.False(PartialDate.TryParse(iso, DateQualifier.Exact, out var date, out var error));

        Assert.Equal(expected, error);
        Assert.Equal(default, date);
    }

    [Fact]
    public void Parse_throws_a_format_exception_with_the_same_message()
    {
        var exception = Assert.Throws<FormatException>(() => PartialDate.Parse("2019-02-30"));

        Assert.Equal("2019-02-30 is not a date: February 2019 has 28 days.", exception.Message);
        Assert.Equal("Enter a date.", Assert.Throws<FormatException>(() => PartialDate.Parse("")).Message);
    }

    [Theory]
    [InlineData("2024-02-29")]
    [InlineData("2000-02-29")]
    [InlineData("1600-02-29")]
    public void February_29_is_accepted_in_leap_years(string iso)
    {
        Assert.Equal(29, PartialDate.Parse(iso).Day);
    }

    [Theory]
    [InlineData("2023-02-29", "2023-02-29 is not a date: February 2023 has 28 days.")]
    [InlineData("1900-02-29", "1900-02-29 is not a date: February 1900 has 28 days.")]
    [InlineData("2024-02-30", "2024-02-30 is not a date: February 2024 has 29 days.")]
    public void February_29_is_refused_in_common_years(string iso, string expected)
    {
        Assert.False(PartialDate.TryParse(iso, DateQualifier.Exact, out _, out var error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void Parse_keeps_the_qualifier()
    {
        var date = PartialDate.Parse("2019-03", DateQualifier.Before);

        Assert.Equal(PartialDate.Create(2019, 3, qualifier: DateQualifier.Before), date);
    }

    [Theory]
    [InlineData(DateQualifier.Early)]
    [InlineData(DateQualifier.Mid)]
    [InlineData(DateQualifier.Late)]
    public void Early_mid_and_late_are_refused_on_a_single_day(DateQualifier qualifier)
    {
        Assert.False(PartialDate.TryParse("2017-09-11", qualifier, out _, out var error));
        Assert.Equal("Early, mid and late apply to a year or a month, not to a single day.", error);
        Assert.Throws<ArgumentException>(() => PartialDate.Create(2017, 9, 11, qualifier));
    }

    [Theory]
    [InlineData(DateQualifier.Exact)]
    [InlineData(DateQualifier.Circa)]
    [InlineData(DateQualifier.Before)]
    [InlineData(DateQualifier.After)]
    public void Other_qualifiers_apply_to_a_single_day(DateQualifier qualifier)
    {
        Assert.Equal(qualifier, PartialDate.Create(2017, 9, 11, qualifier).Qualifier);
    }

    [Fact]
    public void Create_refuses_invalid_dates_naming_the_parameter()
    {
        var month = Assert.Throws<ArgumentException>(() => PartialDate.Create(2019, 13));
        Assert.Equal("month", month.ParamName);
        Assert.StartsWith("Month must be between 1 and 12.", month.Message, StringComparison.Ordinal);

        var day = Assert.Throws<ArgumentException>(() => PartialDate.Create(2019, 2, 30));
        Assert.Equal("day", day.ParamName);
        Assert.StartsWith("2019-02-30 is not a date: February 2019 has 28 days.", day.Message, StringComparison.Ordinal);

        Assert.Equal("year", Assert.Throws<ArgumentException>(() => PartialDate.Create(0)).ParamName);
        Assert.Equal("year", Assert.Throws<ArgumentException>(() => PartialDate.Create(10000)).ParamName);
        Assert.Equal("day", Assert.Throws<ArgumentException>(() => PartialDate.Create(2019, null, 1)).ParamName);
        Assert.Equal("qualifier", Assert.Throws<ArgumentException>(() => PartialDate.Create(2019, qualifier: (DateQualifier)42)).ParamName);
    }

    [Theory]
    [InlineData("exact", DateQualifier.Exact)]
    [InlineData("circa", DateQualifier.Circa)]
    [InlineData("early", DateQualifier.Early)]
    [InlineData("mid", DateQualifier.Mid)]
    [InlineData("late", DateQualifier.Late)]
    [InlineData("before", DateQualifier.Before)]
    [InlineData("after", DateQualifier.After)]
    [InlineData("CIRCA", DateQualifier.Circa)]
    [InlineData(" Late ", DateQualifier.Late)]
    public void Qualifier_names_are_read_ignoring_case(string text, DateQualifier expected)
    {
        Assert.True(PartialDate.TryParseQualifier(text, out var qualifier));
        Assert.Equal(expected, qualifier);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("c.")]
    [InlineData("1")]
    [InlineData("approximately")]
    public void Unknown_qualifier_names_are_refused(string? text)
    {
        Assert.False(PartialDate.TryParseQualifier(text, out var qualifier));
        Assert.Equal(DateQualifier.Exact, qualifier);
    }

    [Theory]
    [InlineData(2017, null, null, "2017")]
    [InlineData(2017, 9, null, "2017-09")]
    [InlineData(2017, 9, 11, "2017-09-11")]
    [InlineData(5, 1, 2, "0005-01-02")]
    [InlineData(987, null, null, "0987")]
    public void ToIso_writes_four_digit_years_and_two_digit_months_and_days(int year, int? month, int? day, string expected)
    {
        Assert.Equal(expected, PartialDate.Create(year, month, day).ToIso());
    }

    [Theory]
    [InlineData("2017", DateQualifier.Exact)]
    [InlineData("0005", DateQualifier.Before)]
    [InlineData("2017-09", DateQualifier.Late)]
    [InlineData("2017-09-11", DateQualifier.Circa)]
    [InlineData("2024-02-29", DateQualifier.After)]
    [InlineData("9999-12", DateQualifier.Early)]
    public void ToIso_round_trips_through_Parse(string iso, DateQualifier qualifier)
    {
        var date = PartialDate.Parse(iso, qualifier);

        Assert.Equal(iso, date.ToIso());
        Assert.Equal(date, PartialDate.Parse(date.ToIso(), date.Qualifier));
    }

    [Theory]
    [InlineData("2017", DateQualifier.Exact, "2017")]
    [InlineData("2017-09", DateQualifier.Exact, "September 2017")]
    [InlineData("2017-09-11", DateQualifier.Exact, "11 September 2017")]
    [InlineData("2017-09-01", DateQualifier.Exact, "1 September 2017")]
    [InlineData("0987", DateQualifier.Exact, "987")]
    [InlineData("2017", DateQualifier.Circa, "c. 2017")]
    [InlineData("2017-09", DateQualifier.Circa, "c. September 2017")]
    [InlineData("2017-09-11", DateQualifier.Circa, "c. 11 September 2017")]
    [InlineData("2020", DateQualifier.Early, "early 2020")]
    [InlineData("2020-01", DateQualifier.Early, "early January 2020")]
    [InlineData("2020", DateQualifier.Mid, "mid-2020")]
    [InlineData("2020-06", DateQualifier.Mid, "mid-June 2020")]
    [InlineData("2019", DateQualifier.Late, "late 2019")]
    [InlineData("2019-12", DateQualifier.Late, "late December 2019")]
    [InlineData("2019", DateQualifier.Before, "before 2019")]
    [InlineData("2019-03", DateQualifier.Before, "before March 2019")]
    [InlineData("2019-03-05", DateQualifier.Before, "before 5 March 2019")]
    [InlineData("2017", DateQualifier.After, "after 2017")]
    [InlineData("2017-09", DateQualifier.After, "after September 2017")]
    [InlineData("2017-09-11", DateQualifier.After, "after 11 September 2017")]
    public void Display_string_reads_as_English_at_each_precision_and_qualifier(string iso, DateQualifier qualifier, string expected)
    {
        var date = PartialDate.Parse(iso, qualifier);

        Assert.Equal(expected, date.ToDisplayString());
        Assert.Equal(expected, date.ToString());
    }

    [Fact]
    public void Display_string_uses_English_month_names_whatever_the_current_culture()
    {
        var original = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("fr-FR");

            Assert.Equal("11 February 2017", PartialDate.Parse("2017-02-11").ToDisplayString());
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = original;
        }
    }

    [Theory]
    [InlineData("2017", DateQualifier.Exact, "2017-01-01", "2017-12-31")]
    [InlineData("2017-09", DateQualifier.Exact, "2017-09-01", "2017-09-30")]
    [InlineData("2024-02", DateQualifier.Exact, "2024-02-01", "2024-02-29")]
    [InlineData("2017-09-11", DateQualifier.Exact, "2017-09-11", "2017-09-11")]
    [InlineData("2017", DateQualifier.Circa, "2017-01-01", "2017-12-31")]
    [InlineData("2020", DateQualifier.Early, "2020-01-01", "2020-04-30")]
    [InlineData("2020", DateQualifier.Mid, "2020-05-01", "2020-08-31")]
    [InlineData("2019", DateQualifier.Late, "2019-09-01", "2019-12-31")]
    [InlineData("2019-02", DateQualifier.Early, "2019-02-01", "2019-02-10")]
    [InlineData("2019-02", DateQualifier.Mid, "2019-02-11", "2019-02-20")]
    [InlineData("2019-02", DateQualifier.Late, "2019-02-21", "2019-02-28")]
    [InlineData("2019-03", DateQualifier.Before, "0001-01-01", "2019-02-28")]
    [InlineData("2019", DateQualifier.Before, "0001-01-01", "2018-12-31")]
    [InlineData("2019-03", DateQualifier.After, "2019-04-01", "9999-12-31")]
    [InlineData("2017-09-11", DateQualifier.After, "2017-09-12", "9999-12-31")]
    [InlineData("0001", DateQualifier.Before, "0001-01-01", "0001-01-01")]
    [InlineData("9999", DateQualifier.After, "9999-12-31", "9999-12-31")]
    public void Earliest_and_latest_day_bound_the_days_the_date_can_denote(string iso, DateQualifier qualifier, string earliest, string latest)
    {
        var date = PartialDate.Parse(iso, qualifier);

        Assert.Equal(DateOnly.Parse(earliest, System.Globalization.CultureInfo.InvariantCulture), date.EarliestDay);
        Assert.Equal(DateOnly.Parse(latest, System.Globalization.CultureInfo.InvariantCulture), date.LatestDay);
    }

    private static readonly PartialDate[] InOrder =
    [
        D("2016", DateQualifier.Late),
        D("2016-12-31"),
        D("2017", DateQualifier.Before),
        D("2016", DateQualifier.After),
        D("2017"),
        D("2017", DateQualifier.Circa),
        D("2017", DateQualifier.Early),
        D("2017-01"),
        D("2017-01", DateQualifier.Early),
        D("2017-01-01"),
        D("2017-01-02"),
        D("2017-01", DateQualifier.Mid),
        D("2017-01-11"),
        D("2017-01", DateQualifier.Late),
        D("2017-02", DateQualifier.Before),
        D("2017-01", DateQualifier.After),
        D("2017-02"),
        D("2017-04-30"),
        D("2017", DateQualifier.Mid),
        D("2017-05"),
        D("2017-06-15"),
        D("2017", DateQualifier.Late),
        D("2017-09"),
        D("2017-09-11", DateQualifier.Before),
        D("2017-09", DateQualifier.Mid),
        D("2017-09-11"),
        D("2017-09-11", DateQualifier.Circa),
        D("2017-09-11", DateQualifier.After),
        D("2017-09-12"),
        D("2017-12-31"),
        D("2017", DateQualifier.After),
        D("2018"),
    ];

    [Fact]
    public void A_shuffled_list_sorts_into_the_documented_order()
    {
        var shuffled = InOrder.ToArray();
        new Random(20170911).Shuffle(shuffled);

        var sorted = shuffled.ToList();
        sorted.Sort();

        Assert.Equal(InOrder, sorted);
        Assert.Equal(InOrder, shuffled.OrderBy(d => d.SortKey));
    }

    [Fact]
    public void Order_agrees_with_equality_and_the_operators()
    {
        foreach (var a in InOrder)
        {
            foreach (var b in InOrder)
            {
                var comparison = a.CompareTo(b);
                Assert.Equal(a.Equals(b), comparison == 0);
                Assert.Equal(comparison < 0, a < b);
                Assert.Equal(comparison > 0, a > b);
                Assert.Equal(comparison <= 0, a <= b);
                Assert.Equal(comparison >= 0, a >= b);
                Assert.Equal(comparison, a.SortKey.CompareTo(b.SortKey));
            }
        }
    }

    [Fact]
    public void A_year_sorts_before_its_months_and_a_month_before_its_days()
    {
        Assert.True(D("2017") < D("2017-01"));
        Assert.True(D("2017-01") < D("2017-01-01"));
        Assert.True(D("2017-12") < D("2018"));
        Assert.True(D("2017-02") > D("2017-01-31"));
    }

    [Fact]
    public void Late_in_a_year_sorts_after_its_first_eight_months()
    {
        Assert.True(D("2019", DateQualifier.Late) > D("2019-06"));
        Assert.True(D("2019", DateQualifier.Late) > D("2019-08-31"));
        Assert.True(D("2019", DateQualifier.Late) < D("2019-09"));
        Assert.True(D("2019", DateQualifier.Late) < D("2020", DateQualifier.Early));
    }

    [Fact]
    public void Before_and_after_sort_next_to_the_date_they_qualify()
    {
        Assert.True(D("2019-03", DateQualifier.Before) > D("2019-02-28"));
        Assert.True(D("2019-03", DateQualifier.Before) < D("2019-03"));
        Assert.True(D("2019", DateQualifier.After) > D("2019-12-31"));
        Assert.True(D("2019", DateQualifier.After) < D("2020"));
    }

    [Fact]
    public void Circa_sorts_with_the_exact_date_but_is_not_equal_to_it()
    {
        var exact = D("2017-09");
        var circa = D("2017-09", DateQualifier.Circa);

        Assert.NotEqual(exact, circa);
        Assert.True(exact < circa);
        Assert.True(circa < D("2017-09-01"));
        Assert.True(circa > D("2017-08-31"));
    }

    [Fact]
    public void Equal_dates_are_equal_values()
    {
        Assert.Equal(D("2017-09"), PartialDate.Create(2017, 9));
        Assert.Equal(D("2017-09").GetHashCode(), PartialDate.Create(2017, 9).GetHashCode());
        Assert.NotEqual(D("2017-09"), D("2017-09", DateQualifier.Late));
    }

    private static PartialDate D(string iso, DateQualifier qualifier = DateQualifier.Exact) => PartialDate.Parse(iso, qualifier);
}
