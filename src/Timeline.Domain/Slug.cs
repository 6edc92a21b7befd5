using System.Globalization;
using System.Text;

namespace Timeline.Domain;

/// <summary>Turns titles into URL slugs: lowercase ASCII letters and digits separated by single hyphens.</summary>
public static class Slug
{
    /// <summary>The slug used when nothing of the text survives, as with titles written only in non-Latin scripts.</summary>
    private const string Fallback = "item";

    /// <summary>
    /// "Café Déjà Vu — 2017!" → "cafe-deja-vu-2017". Diacritics are stripped, apostrophes dropped ("don't" → "dont"),
    /// other characters separate words; the result is cut at a word boundary to at most maxLength characters,
    /// and is "item" when nothing remains.
    /// </summary>
    public static string From(string text, int maxLength = 80)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);

        var builder = new StringBuilder(Math.Min(text.Length, maxLength + 1));
        var pendingHyphen = false;
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark || c is '\'' or '\u2019')
            {
                continue;
            }

            var letters = Transliterate(c);
            if (letters is null)
            {
                pendingHyphen = builder.Length > 0;
                continue;
            }

            if (pendingHyphen)
            {
                builder.Append('-');
                pendingHyphen = false;
            }

            builder.Append(letters);
            if (builder.Length > maxLength)
            {
                break;
            }
        }

        if (builder.Length > maxLength)
        {
            // Cut at the last word boundary that fits, unless that would discard most of the slug.
            var cut = builder.ToString(0, maxLength + 1).LastIndexOf('-');
            builder.Length = cut >= maxLength / 2 ? cut : maxLength;
        }

        var slug = builder.ToString().Trim('-');
        return slug.Length > 0 ? slug : Fallback[..Math.Min(Fallback.Length, maxLength)];
    }

    /// <summary>Whether a slug can spell this character (an ASCII letter or digit, or a Latin letter such as ß or ø); false for other scripts.</summary>
    public static bool CanSpell(char c) => Transliterate(c) is not null;

    // Letters that do not decompose into an ASCII base letter plus marks.
    private static string? Transliterate(char c) => c switch
    {
        >= 'a' and <= 'z' or >= '0' and <= '9' => c.ToString(),
        >= 'A' and <= 'Z' => ((char)(c + ('a' - 'A'))).ToString(),
        'ß' => "ss",
        'æ' or 'Æ' => "ae",
        'œ' or 'Œ' => "oe",
        'ø' or 'Ø' => "o",
        'đ' or 'Đ' or 'ð' or 'Ð' => "d",
        'ł' or 'Ł' => "l",
        'þ' or 'Þ' => "th",
        'ı' => "i",
        _ => null,
    };
}
