using System.Text;

namespace Timeline.Bench.Anchoring;

/// <summary>Deterministic English-like prose: sentences of common words with capitals, commas and paragraphs.</summary>
internal static class Prose
{
    private static readonly string[] Words =
    [
        "the", "the", "the", "of", "of", "and", "and", "to", "to", "in", "in", "a", "a", "that", "was", "was", "for",
        "on", "with", "as", "by", "at", "from", "it", "his", "her", "their", "which", "had", "were", "been", "not",
        "but", "this", "after", "before", "during", "about", "between", "against", "under", "over", "into", "would",
        "could", "should", "said", "told", "reported", "announced", "agreed", "voted", "approved", "rejected",
        "council", "committee", "minister", "government", "parliament", "members", "workers", "officials", "company",
        "budget", "report", "meeting", "decision", "proposal", "contract", "agreement", "sanctions", "border", "city",
        "region", "country", "year", "month", "week", "spring", "summer", "autumn", "winter", "morning", "evening",
        "public", "private", "foreign", "national", "local", "new", "old", "first", "second", "last", "several",
        "many", "few", "some", "most", "other", "same", "early", "late", "later", "again", "still", "already",
        "shipment", "harbour", "factory", "construction", "labour", "visa", "students", "ministry", "statement",
        "investigation", "journalists", "documents", "evidence", "payments", "accounts", "transfer", "permission",
        "hundred", "thousand", "million", "percent", "figures", "records", "archive", "interview", "witnesses",
    ];

    public static string Generate(int length, int seed)
    {
        var random = new Random(seed);
        var builder = new StringBuilder(length + 200);
        var sentencesInParagraph = 0;
        while (builder.Length < length)
        {
            var words = random.Next(8, 26);
            for (var w = 0; w < words; w++)
            {
                var word = Words[random.Next(Words.Length)];
                builder.Append(w == 0 ? char.ToUpperInvariant(word[0]) + word[1..] : word);
                if (w == words - 1)
                {
                    builder.Append('.');
                }
                else if (random.Next(9) == 0)
                {
                    builder.Append(',');
                }

                builder.Append(' ');
            }

            if (++sentencesInParagraph >= random.Next(4, 9))
            {
                builder.Length--;
                builder.Append("\n\n");
                sentencesInParagraph = 0;
            }
        }

        return builder.ToString(0, length);
    }
}
