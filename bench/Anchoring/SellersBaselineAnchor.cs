using Timeline.Domain;

namespace Timeline.Bench.Anchoring;

/// <summary>
/// BASELINE for the benchmark, not product code: QuoteAnchor.Anchor as it was before the Myers bit-parallel window
/// search, copied verbatim with its Sellers semi-global DP (Ukkonen's cut-off, O(text × quote) at worst) in
/// FindWindows. Only Describe and DescribeUnique are left out; the product's QuoteAnchor describes the passages.
/// </summary>
internal static class SellersBaselineAnchor
{
    /// <summary>
    /// The similarity below which an edited passage is not accepted as the quote.
    /// </summary>
    /// <remarks>
    /// 0.85 tolerates about one edit in seven characters — a fixed typo, changed punctuation or quotation marks,
    /// re-wrapped lines — while a different passage of similar length scores far lower (unrelated English text of equal
    /// length scores around 0.5), so an accepted match is the quoted passage edited rather than another one.
    /// A quote of five characters or fewer must therefore match verbatim.
    /// </remarks>
    public const double MinimumSimilarity = 0.85;

    // Bounds the work spent on context comparison when a text holds many near-copies of the quote.
    private const int MaxApproximateCandidates = 64;
    private const int MaxCandidatesPerRun = 8;

    // Absorbs rounding in 1 - d/n so that a similarity of exactly 0.85 is accepted.
    private const double SimilarityTolerance = 1e-9;

    /// <summary>Finds the quoted passage again.</summary>
    /// <remarks>
    /// In order: verbatim at the stored position; verbatim elsewhere, choosing among several occurrences the one whose
    /// surroundings agree with the stored prefix and suffix on the most characters, then the one nearest the stored
    /// position, then the first; the closest approximate match with similarity of at least <see cref="MinimumSimilarity"/>,
    /// choosing among candidates by the total edit distance of prefix, passage and suffix; otherwise broken.
    /// </remarks>
    public static AnchorResult Anchor(string text, TextQuoteSelector quote, TextPositionSelector? position)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(quote);

        // Selectors read back from storage may carry nulls despite the annotations.
        var exact = quote.Exact ?? string.Empty;
        var prefix = quote.Prefix ?? string.Empty;
        var suffix = quote.Suffix ?? string.Empty;
        if (exact.Length == 0)
        {
            return AnchorResult.Broken;
        }

        if (position is { } stored
            && stored.Start >= 0
            && stored.Start <= text.Length - exact.Length
            && stored.End == stored.Start + exact.Length
            && text.AsSpan(stored.Start, exact.Length).SequenceEqual(exact))
        {
            return new AnchorResult(AnchorStatus.AtPosition, stored.Start, stored.End, 1);
        }

        var hint = position?.Start;
        var found = FindVerbatim(text, exact, prefix, suffix, hint);
        if (found >= 0)
        {
            return new AnchorResult(found == hint ? AnchorStatus.AtPosition : AnchorStatus.Moved, found, found + exact.Length, 1);
        }

        return FindApproximate(text, exact, prefix, suffix, hint) ?? AnchorResult.Broken;
    }

    private static int FindVerbatim(string text, string exact, string prefix, string suffix, int? hint)
    {
        var best = -1;
        var bestAgreement = -1;
        var bestDistance = long.MaxValue;
        for (var at = text.IndexOf(exact, StringComparison.Ordinal); at >= 0; at = text.IndexOf(exact, at + 1, StringComparison.Ordinal))
        {
            var agreement = CommonSuffixLength(text.AsSpan(0, at), prefix)
                + text.AsSpan(at + exact.Length).CommonPrefixLength(suffix);
            var distance = Distance(at, hint);
            if (agreement > bestAgreement || (agreement == bestAgreement && distance < bestDistance))
            {
                best = at;
                bestAgreement = agreement;
                bestDistance = distance;
            }
        }

        return best;
    }

    private static AnchorResult? FindApproximate(string text, string exact, string prefix, string suffix, int? hint)
    {
        // A window w long at distance d scores 1 - d/max(m, w) and w <= m + d, so d <= (1 - S)·m / S is necessary.
        var maxDistance = (int)Math.Floor(((1 - MinimumSimilarity) * exact.Length / MinimumSimilarity) + SimilarityTolerance);
        if (maxDistance == 0)
        {
            return null;
        }

        var candidates = FindWindows(text, exact, maxDistance);
        if (candidates.Count > MaxApproximateCandidates)
        {
            candidates = [.. candidates
                .OrderBy(w => w.Distance)
                .ThenBy(w => Distance(w.Start, hint))
                .Take(MaxApproximateCandidates)];
        }

        AnchorResult? best = null;
        var bestRank = (Total: int.MaxValue, Distance: int.MaxValue, FromHint: long.MaxValue);
        foreach (var window in candidates)
        {
            var (start, end) = (window.Start, window.End);

            // An edit can leave half an emoji at either edge; a passage keeps whole characters.
            if (SplitsPair(text, start))
            {
                start--;
            }

            if (SplitsPair(text, end))
            {
                end++;
            }

            var distance = (start, end) == (window.Start, window.End)
                ? window.Distance
                : Levenshtein(exact, text.AsSpan(start, end - start));
            var similarity = 1 - ((double)distance / Math.Max(exact.Length, end - start));
            if (similarity < MinimumSimilarity - SimilarityTolerance)
            {
                continue;
            }

            // Callers compare the result with MinimumSimilarity; rounding must not put an accepted match below it.
            similarity = Math.Max(similarity, MinimumSimilarity);

            var total = distance
                + ContextDistance(prefix, text.AsSpan(0, start), beforePassage: true)
                + ContextDistance(suffix, text.AsSpan(end), beforePassage: false);
            var rank = (total, distance, Distance(start, hint));
            if (rank.CompareTo(bestRank) < 0)
            {
                bestRank = rank;
                best = new AnchorResult(AnchorStatus.Approximate, start, end, similarity);
            }
        }

        return best;
    }

    private readonly record struct Window(int Start, int End, int Distance);

    /// <summary>
    /// Sellers' semi-global edit distance with Ukkonen's cut-off: one column of the DP per text character, computed
    /// only down to the last row that can still end within <paramref name="maxDistance"/>, so the cost is about
    /// O(n·k) on ordinary text and O(n·m) at worst. Each cell carries where its alignment started, which gives each
    /// window's start.
    /// </summary>
    private static List<Window> FindWindows(string text, string pattern, int maxDistance)
    {
        // A cell packs its cost above the start of its alignment, so one comparison picks the cheaper alignment and,
        // among equally cheap ones, the one starting earliest.
        const long One = 1L << 32;
        var m = pattern.Length;
        var column = new long[m + 1];
        for (var i = 0; i <= m; i++)
        {
            column[i] = i * One;
        }

        var tooCostly = (maxDistance + 1) * One;

        // Rows below lastActive hold costs above maxDistance (possibly stale, which is harmless: they stay above it).
        var lastActive = Math.Min(maxDistance, m);
        var windows = new List<Window>();
        var run = new List<Window>();
        var previousEnd = -1;
        var cells = column.AsSpan();
        var letters = pattern.AsSpan();

        for (var j = 1; j <= text.Length; j++)
        {
            var c = text[j - 1];
            var diagonal = cells[0];
            cells[0] = j;
            var up = cells[0];

            var top = Math.Min(lastActive + 1, m);
            for (var i = 1; i <= top; i++)
            {
                var left = cells[i];
                var best = diagonal + (letters[i - 1] == c ? 0 : One);
                best = Math.Min(best, Math.Min(up, left) + One);
                diagonal = left;
                cells[i] = best;
                up = best;
            }

            if (top > lastActive && cells[top] < tooCostly)
            {
                lastActive = top;
            }
            else
            {
                while (lastActive > 0 && cells[lastActive] >= tooCostly)
                {
                    lastActive--;
                }
            }

            if (lastActive == m)
            {
                var distance = (int)(cells[m] >> 32);

                // Neighbouring end positions describe the same match shifted by a character; keep the run's best ones.
                if (j != previousEnd + 1)
                {
                    windows.AddRange(run);
                    run.Clear();
                }

                previousEnd = j;
                if (run.Count > 0 && distance < run[0].Distance)
                {
                    run.Clear();
                }

                if ((run.Count == 0 || distance == run[0].Distance) && run.Count < MaxCandidatesPerRun)
                {
                    run.Add(new Window((int)(cells[m] & uint.MaxValue), j, distance));
                }
            }
        }

        windows.AddRange(run);
        return windows;
    }

    /// <summary>
    /// Edit distance between stored context and the text beside a candidate, aligned at the passage and free at the far
    /// end, so that an insertion within the context costs one edit rather than shifting every character after it.
    /// </summary>
    private static int ContextDistance(string context, ReadOnlySpan<char> side, bool beforePassage)
    {
        var m = context.Length;
        if (m == 0)
        {
            return 0;
        }

        var n = Math.Min(side.Length, 2 * m);
        var available = beforePassage ? side[^n..] : side[..n];
        var previous = new int[n + 1];
        var current = new int[n + 1];
        for (var j = 0; j <= n; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= m; i++)
        {
            current[0] = i;
            var contextChar = beforePassage ? context[m - i] : context[i - 1];
            for (var j = 1; j <= n; j++)
            {
                var textChar = beforePassage ? available[n - j] : available[j - 1];
                current[j] = Math.Min(
                    previous[j - 1] + (contextChar == textChar ? 0 : 1),
                    Math.Min(previous[j], current[j - 1]) + 1);
            }

            (previous, current) = (current, previous);
        }

        var best = int.MaxValue;
        foreach (var value in previous)
        {
            best = Math.Min(best, value);
        }

        return best;
    }

    private static int Levenshtein(string a, ReadOnlySpan<char> b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(
                    previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1),
                    Math.Min(previous[j], current[j - 1]) + 1);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    private static int CommonSuffixLength(ReadOnlySpan<char> text, string context)
    {
        var count = 0;
        while (count < text.Length && count < context.Length && text[^(count + 1)] == context[^(count + 1)])
        {
            count++;
        }

        return count;
    }

    private static long Distance(int at, int? hint) => hint is null ? 0 : Math.Abs((long)at - hint.Value);

    // A boundary splits a pair when a high surrogate precedes it and a low surrogate follows.
    private static bool SplitsPair(string text, int index) =>
        index > 0 && index < text.Length && char.IsHighSurrogate(text[index - 1]) && char.IsLowSurrogate(text[index]);
}
