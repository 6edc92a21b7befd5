using System.Text;
using System.Text.RegularExpressions;
using Timeline.Domain;
using Timeline.Web.Data;

namespace Timeline.Web.Features.Editing;

/// <summary>The rules for editor input, with the message shown at each field. Pure: no database.</summary>
public static partial class EditValidation
{
    public const int MaxLabels = 20;

    public static FieldErrors Validate(EventInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new FieldErrors();
        Required(errors, nameof(input.Title), input.Title, "Give the event a title.", Limits.Title);
        SlugRule(errors, nameof(input.Slug), input.Slug);
        MaxLength(errors, nameof(input.Summary), input.Summary, Limits.Markdown);
        PartialDate? start = null;
        if (!PartialDate.TryParse(input.Start, input.Qualifier, out var s, out var startError))
        {
            errors[nameof(input.Start)] = startError;
        }
        else
        {
            start = s;
        }

        if (!string.IsNullOrWhiteSpace(input.End))
        {
            if (!PartialDate.TryParse(input.End, DateQualifier.Exact, out var end, out var endError))
            {
                errors[nameof(input.End)] = endError;
            }
            else if (start is { } st && end.LatestDay < st.EarliestDay)
            {
                errors[nameof(input.End)] = $"The end ({end.ToDisplayString()}) is before the start ({st.ToDisplayString()}).";
            }
        }

        Labels(errors, nameof(input.Tags), input.Tags, "tags");
        Labels(errors, nameof(input.Actors), input.Actors, "actors");
        Notice(errors, nameof(input.ChangeNote), input.Change, input.ChangeNote);
        return errors;
    }

    /// <summary>A correction needs its public note; any note fits on one line of at most 200 characters.</summary>
    public static void Notice(FieldErrors errors, string field, PublicChange change, string? note)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (change == PublicChange.Correction && string.IsNullOrWhiteSpace(note))
        {
            errors[field] = "Say in one line what was wrong, as readers will read it: “An earlier version gave the figure as 14,000.”";
        }
        else if (change != PublicChange.None && note is not null && note.Trim().Length > Data.EventNotice.MaxNoteLength)
        {
            errors[field] = $"Keep the note to one line of at most {Data.EventNotice.MaxNoteLength} characters (this one has {note.Trim().Length}).";
        }
        else if (change != PublicChange.None && note is not null && note.AsSpan().ContainsAny('\r', '\n'))
        {
            errors[field] = "Keep the note to one line.";
        }
    }

    public static FieldErrors Validate(TimelineInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new FieldErrors();
        Required(errors, nameof(input.Title), input.Title, "Give the timeline a title.", Limits.Title);
        SlugRule(errors, nameof(input.Slug), input.Slug);
        MaxLength(errors, nameof(input.Description), input.Description, Limits.Markdown);
        return errors;
    }

    /// <summary>
    /// The rules for a source. Given <paramref name="now"/>, a capture date after today is refused; "today" is the latest
    /// calendar day anywhere (UTC+14), so an editor east of Greenwich is never told that their own today is in the future.
    /// </summary>
    public static FieldErrors Validate(SourceInput input, DateTimeOffset? now = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new FieldErrors();
        Required(errors, nameof(input.Title), input.Title, "Give the source its headline or title.", Limits.Title);
        Required(errors, nameof(input.Outlet), input.Outlet, "Name the outlet that published it.", Limits.Name);
        MaxLength(errors, nameof(input.Author), input.Author, Limits.Name);
        MaxLength(errors, nameof(input.Provenance), input.Provenance, Limits.Provenance);
        Required(errors, nameof(input.Text), input.Text, "Paste the text of the source.", Limits.SourceText);
        if (!string.IsNullOrWhiteSpace(input.PublishedOn) && !PartialDate.TryParse(input.PublishedOn, DateQualifier.Exact, out _, out var dateError))
        {
            errors[nameof(input.PublishedOn)] = dateError;
        }

        if (!string.IsNullOrWhiteSpace(input.Url))
        {
            if (!IsWebUrl(input.Url))
            {
                errors[nameof(input.Url)] = "Enter a web address that starts with http:// or https://.";
            }
            else
            {
                MaxLength(errors, nameof(input.Url), input.Url, Limits.Url);
            }
        }

        if (string.IsNullOrWhiteSpace(input.Language) || !LanguageTag().IsMatch(input.Language.Trim()))
        {
            errors[nameof(input.Language)] = "Enter a language code such as en, ru or ko.";
        }

        if (!string.IsNullOrWhiteSpace(input.CapturedOn) && CapturedOnError(input.CapturedOn.Trim(), now) is { } capturedError)
        {
            errors[nameof(input.CapturedOn)] = capturedError;
        }

        return errors;
    }

    /// <summary>A capture date as the source form takes it: a whole ISO day ("2025-04-17"); null for anything else.</summary>
    public static DateOnly? ParseCapturedOn(string? value) =>
        value is not null && IsoDay().IsMatch(value.Trim())
        && PartialDate.TryParse(value, DateQualifier.Exact, out var date, out _) && date.Day is { } day
            ? new DateOnly(date.Year, date.Month!.Value, day)
            : null;

    /// <summary>A stored capture date as the form and revisions write it: "2025-04-17".</summary>
    public static string? FormatCapturedOn(DateOnly? day) => day?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static string? CapturedOnError(string value, DateTimeOffset? now)
    {
        if (!IsoDay().IsMatch(value))
        {
            return PartialDate.TryParse(value, DateQualifier.Exact, out _, out _)
                ? "Give the whole day the text was captured (YYYY-MM-DD), not only its month or year."
                : "Enter the day the text was captured as YYYY-MM-DD, such as 2025-04-17.";
        }

        if (ParseCapturedOn(value) is not { } day)
        {
            // A day that does not exist: the date rules say which part is wrong ("February 2025 has 28 days").
            PartialDate.TryParse(value, DateQualifier.Exact, out _, out var error);
            return error;
        }

        if (now is { } clock && day > DateOnly.FromDateTime(clock.ToOffset(TimeSpan.FromHours(14)).DateTime))
        {
            return $"{value} has not come yet: give the day the text was copied from the original, today at the latest.";
        }

        return null;
    }

    public static bool IsWebUrl(string? url) =>
        Uri.TryCreate(url?.Trim(), UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && !string.IsNullOrEmpty(uri.Host);

    public static bool IsEmail(string? email) =>
        !string.IsNullOrWhiteSpace(email) && new System.ComponentModel.DataAnnotations.EmailAddressAttribute().IsValid(email.Trim());

    /// <summary>Trims, collapses inner whitespace, drops empties and duplicates (by <see cref="LabelKey"/>), keeping the first spelling.</summary>
    public static List<string> CleanLabels(IEnumerable<string>? labels) =>
        [.. (labels ?? []).Select(l => Whitespace().Replace(l.Trim(), " ")).Where(l => l.Length > 0).DistinctBy(LabelKey)];

    /// <summary>
    /// What makes two tag or actor names the same label: their slug, so that case, accents, spacing and punctuation do
    /// not count ("Labour", "labour", "Kim Jong-un", "kim jong un"), and, upper-cased, the letters and digits a slug cannot
    /// spell, so that names in other scripts stay apart ("Россия" and "Корея" both have the slug "item").
    /// </summary>
    public static string LabelKey(string label)
    {
        ArgumentNullException.ThrowIfNull(label);
        var unspelled = new StringBuilder();
        foreach (var c in label.Normalize(NormalizationForm.FormD))
        {
            if (char.IsLetterOrDigit(c) && !Slug.CanSpell(c))
            {
                unspelled.Append(char.ToUpperInvariant(c));
            }
        }

        // The slug's full length: two long names that differ only after the stored slug's 80 characters are different labels.
        return $"{Slug.From(label, maxLength: 4 * Limits.Name)}|{unspelled}";
    }

    private static void Required(FieldErrors errors, string field, string? value, string message, int max)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors[field] = message;
        }
        else
        {
            MaxLength(errors, field, value, max);
        }
    }

    private static void MaxLength(FieldErrors errors, string field, string? value, int max)
    {
        if (value is not null && value.Length > max)
        {
            errors[field] = $"Keep this under {max:N0} characters (it has {value.Length:N0}).";
        }
    }

    private static void SlugRule(FieldErrors errors, string field, string? slug)
    {
        if (string.IsNullOrWhiteSpace(slug))
        {
            errors[field] = "Give it a slug: the part of the address after the last slash.";
        }
        else if (slug.Length > Limits.Slug || !SlugPattern().IsMatch(slug))
        {
            errors[field] = $"Use lowercase letters, digits and single hyphens only, up to {Limits.Slug} characters (for example un-resolution-2375).";
        }
    }

    private static void Labels(FieldErrors errors, string field, List<string> labels, string what)
    {
        var clean = CleanLabels(labels);
        if (clean.Count > MaxLabels)
        {
            errors[field] = $"Use at most {MaxLabels} {what}.";
        }
        else if (clean.FirstOrDefault(l => l.Length > Limits.Name) is { } tooLong)
        {
            errors[field] = $"“{tooLong[..20]}…” is too long: keep {what} under {Limits.Name} characters.";
        }
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex SlugPattern();

    [GeneratedRegex("^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]
    private static partial Regex LanguageTag();

    [GeneratedRegex("^[0-9]{4}-[0-9]{2}-[0-9]{2}$")]
    private static partial Regex IsoDay();
}
