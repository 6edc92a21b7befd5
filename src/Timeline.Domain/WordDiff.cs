namespace Timeline.Domain;

/// <summary>Whether a piece of a diff is in both texts, only in the old one, or only in the new one.</summary>
public enum DiffKind
{
    Same,
    Removed,
    Added,
}

/// <summary>A run of text of one <see cref="DiffKind"/>; a long unchanged run is cut to its ends around "…".</summary>
public readonly record struct DiffPiece(DiffKind Kind, string Text);

/// <summary>
/// A word-by-word diff of two texts for people to read: the words removed and added, with a little unchanged context
/// around each change. The common beginning and end are set aside first, so a one-word change in a long article costs
/// little; the changed middle is compared by longest common subsequence of words, and a middle too long for that is
/// shown as removed and added whole.
/// </summary>
public static class WordDiff
{
    /// <summary>Words of unchanged text kept on each side of a change.</summary>
    public const int Context = 8;

    // Beyond this many words on both sides of the changed middle, the quadratic comparison is skipped.
    private const int MaxCompared = 1500;

    public static IReadOnlyList<DiffPiece> Compute(string before, string after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var a = Tokens(before);
        var b = Tokens(after);
        var prefix = 0;
        while (prefix < a.Count && prefix < b.Count && a[prefix] == b[prefix])
        {
            prefix++;
        }

        var suffix = 0;
        while (suffix < a.Count - prefix && suffix < b.Count - prefix && a[^(suffix + 1)] == b[^(suffix + 1)])
        {
            suffix++;
        }

        var raw = new List<(DiffKind Kind, string Token)>();
        raw.AddRange(a.Take(prefix).Select(t => (DiffKind.Same, t)));
        var midA = a.Skip(prefix).Take(a.Count - prefix - suffix).ToList();
        var midB = b.Skip(prefix).Take(b.Count - prefix - suffix).ToList();
        if (midA.Count > MaxCompared || midB.Count > MaxCompared)
        {
            raw.AddRange(midA.Select(t => (DiffKind.Removed, t)));
            raw.AddRange(midB.Select(t => (DiffKind.Added, t)));
        }
        else
        {
            raw.AddRange(Lcs(midA, midB));
        }

        raw.AddRange(a.Skip(a.Count - suffix).Select(t => (DiffKind.Same, t)));
        return Pieces(raw);
    }

    /// <summary>True when the diff has any removed or added text.</summary>
    public static bool HasChanges(IReadOnlyList<DiffPiece> pieces)
    {
        ArgumentNullException.ThrowIfNull(pieces);
        return pieces.Any(p => p.Kind != DiffKind.Same);
    }

    /// <summary>Words with the white space that follows each, so the pieces join back into the text.</summary>
    private static List<string> Tokens(string text)
    {
        var tokens = new List<string>();
        var at = 0;
        while (at < text.Length)
        {
            var start = at;
            while (at < text.Length && !char.IsWhiteSpace(text[at]))
            {
                at++;
            }

            while (at < text.Length && char.IsWhiteSpace(text[at]))
            {
                at++;
            }

            tokens.Add(text[start..at]);
        }

        return tokens;
    }

    private static List<(DiffKind, string)> Lcs(List<string> a, List<string> b)
    {
        var lengths = new int[a.Count + 1, b.Count + 1];
        for (var i = a.Count - 1; i >= 0; i--)
        {
            for (var j = b.Count - 1; j >= 0; j--)
            {
                lengths[i, j] = a[i] == b[j] ? lengths[i + 1, j + 1] + 1 : Math.Max(lengths[i + 1, j], lengths[i, j + 1]);
            }
        }

        var (x, y) = (0, 0);
        var result = new List<(DiffKind, string)>();
        while (x < a.Count && y < b.Count)
        {
            if (a[x] == b[y])
            {
                result.Add((DiffKind.Same, a[x]));
                x++;
                y++;
            }
            else if (lengths[x + 1, y] >= lengths[x, y + 1])
            {
                result.Add((DiffKind.Removed, a[x++]));
            }
            else
            {
                result.Add((DiffKind.Added, b[y++]));
            }
        }

        result.AddRange(a.Skip(x).Select(t => (DiffKind.Removed, t)));
        result.AddRange(b.Skip(y).Select(t => (DiffKind.Added, t)));
        return result;
    }

    /// <summary>Joins runs of one kind and cuts long unchanged runs to the context around the changes.</summary>
    private static List<DiffPiece> Pieces(List<(DiffKind Kind, string Token)> tokens)
    {
        var runs = new List<(DiffKind Kind, List<string> Tokens)>();
        foreach (var (kind, token) in tokens)
        {
            if (runs.Count > 0 && runs[^1].Kind == kind)
            {
                runs[^1].Tokens.Add(token);
            }
            else
            {
                runs.Add((kind, [token]));
            }
        }

        var pieces = new List<DiffPiece>();
        for (var i = 0; i < runs.Count; i++)
        {
            var (kind, words) = runs[i];
            if (kind != DiffKind.Same)
            {
                pieces.Add(new DiffPiece(kind, string.Concat(words)));
                continue;
            }

            var keepStart = i == 0 ? 0 : Context;
            var keepEnd = i == runs.Count - 1 ? 0 : Context;
            if (runs.Count == 1 || words.Count <= keepStart + keepEnd + 1)
            {
                pieces.Add(new DiffPiece(kind, string.Concat(words)));
                continue;
            }

            var head = string.Concat(words.Take(keepStart));
            var tail = string.Concat(words.Skip(words.Count - keepEnd));
            pieces.Add(new DiffPiece(kind, head + "… " + tail));
        }

        return pieces;
    }
}
