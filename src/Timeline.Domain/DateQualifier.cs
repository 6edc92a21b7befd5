namespace Timeline.Domain;

/// <summary>How a <see cref="PartialDate"/> relates to the moment it names.</summary>
public enum DateQualifier
{
    /// <summary>The date as written.</summary>
    Exact,

    /// <summary>About the date ("c. 2017"); sorts and spans like <see cref="Exact"/>.</summary>
    Circa,

    /// <summary>The first third of a year (January–April) or month (days 1–10).</summary>
    Early,

    /// <summary>The middle third of a year (May–August) or month (days 11–20).</summary>
    Mid,

    /// <summary>The last third of a year (September–December) or month (day 21 to the end).</summary>
    Late,

    /// <summary>Some time before the date.</summary>
    Before,

    /// <summary>Some time after the date.</summary>
    After,
}

/// <summary>How much of a <see cref="PartialDate"/> is known.</summary>
public enum DatePrecision
{
    /// <summary>Only the year.</summary>
    Year,

    /// <summary>The year and month.</summary>
    Month,

    /// <summary>The year, month and day.</summary>
    Day,
}
