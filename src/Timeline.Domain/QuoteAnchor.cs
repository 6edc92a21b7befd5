using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Timeline.Domain;

/// <summary>Describes a passage of a source text with W3C selectors and finds it again after the text has changed.</summary>
/// <remarks>
/// Offsets are UTF-16 code units into the text exactly as stored: nothing is normalised, so that positions stay valid
/// for the stored text. Passages and their context never start or end inside a surrogate pair.
/// </remarks>
public static class QuoteAnchor
{
    /// <summary>How many characters of context are stored before and after a passage.</summary>
    public const int DefaultContextLength = 32;

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

    /// <summary>Builds the selectors for the passage [start,end) of text (prefix/suffix = up to contextLength chars around it).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The range is empty or outside the text, or contextLength is negative.</exception>
    /// <exception cref="ArgumentException">The range starts or ends inside a surrogate pair.</exception>
    public static (TextQuoteSelector Quote, TextPositionSelector Position) Describe(string text, int start, int end, int contextLength = DefaultContextLength)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfNegative(contextLength);
        if (start < 0 || end > text.Length || start >= end)
        {
            throw new ArgumentOutOfRangeException(nameof(start), $"The passage [{start},{end}) must be a non-empty range within the text of length {text.Length}.");
        }

        if (SplitsPair(text, start) || SplitsPair(text, end))
        {
            throw new ArgumentException("The passage must not start or end inside a surrogate pair.", nameof(start));
        }

        var prefixStart = Math.Max(0, start - contextLength);
        if (SplitsPair(text, prefixStart))
        {
            prefixStart++;
        }

        var suffixEnd = Math.Min(text.Length, end + contextLength);
        if (SplitsPair(text, suffixEnd))
        {
            suffixEnd--;
        }

        return (
            new TextQuoteSelector(text[start..end], text[prefixStart..start], text[end..suffixEnd]),
            new TextPositionSelector(start, end));
    }

    /// <summary>Selectors for the one occurrence of exact in text, or null when it is absent or occurs more than once.</summary>
    public static (TextQuoteSelector Quote, TextPositionSelector Position)? DescribeUnique(string text, string exact, int contextLength = DefaultContextLength)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(exact);
        if (exact.Length == 0)
        {
            return null;
        }

        var first = text.IndexOf(exact, StringComparison.Ordinal);
        if (first < 0 || text.IndexOf(exact, first + 1, StringComparison.Ordinal) >= 0)
        {
            return null;
        }

        var end = first + exact.Length;
        if (SplitsPair(text, first) || SplitsPair(text, end))
        {
            return null;
        }

        return Describe(text, first, end, contextLength);
    }

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

    /// <summary>A candidate match: the text [Start, End) and its edit distance from the quote.</summary>
    internal readonly record struct Window(int Start, int End, int Distance);

    /// <summary>
    /// The windows of <paramref name="text"/> within <paramref name="maxDistance"/> edits of <paramref name="pattern"/>:
    /// for every end position j whose semi-global distance D[j] = min over s of editDistance(pattern, text[s..j)) is at
    /// most <paramref name="maxDistance"/>, consecutive such j form a run, and each run gives its windows of the run's
    /// least distance, at most <c>MaxCandidatesPerRun</c> of them in order of j, each starting at the earliest s whose
    /// alignment ending at j costs D[j].
    /// </summary>
    /// <remarks>
    /// <para>
    /// The forward scan is Myers' bit-vector algorithm (G. Myers, "A fast bit-vector algorithm for approximate string
    /// matching based on dynamic programming", J. ACM 46(3), 1999), in its block-based form with Ukkonen's cut-off, as
    /// edlib runs it in its semi-global (HW) mode. A column of the Sellers DP, D[i][j] over pattern rows i for text
    /// position j, is held as bit vectors of its vertical differences (Pv: +1, Mv: −1) in blocks of 64 rows, and one
    /// text character advances a whole block in a dozen word operations, with the horizontal difference at a block's
    /// last row carried into the block below. The top row is all zeros (a match may start anywhere), so the first block
    /// gets no carry. Each block keeps the DP value of its last row; the last block's last row is row m, whose value is
    /// D[j]. When m is not a multiple of 64 the last block's higher bits, past row m, compute rows of a longer,
    /// imaginary pattern: harmless, since bit i depends only on bits at or below i, and D[j] is read at row m's bit.
    /// </para>
    /// <para>
    /// Ukkonen's cut-off: only blocks down to the last one that can hold a value of at most
    /// <paramref name="maxDistance"/> are computed. A block is dropped once its cells are provably above the limit
    /// (from its last row's value, or from the value above it less its count of −1 steps); one is added, starting
    /// from an upper bound of its previous column, when the row above it can carry a value within the limit into
    /// it. Cells above the limit may then hold over-estimates but never under-estimates, so every value within the
    /// limit, and so every D[j] at most <paramref name="maxDistance"/>, is exact.
    /// </para>
    /// <para>
    /// The forward scan gives ends and distances only. The start of each kept window (a handful per run) comes from
    /// a second, global bit-vector pass over the reversed pattern and the text read backwards from the end: its
    /// c-th column gives editDistance(pattern, text[j−c..j)) for c up to m + D[j], and the window takes the longest
    /// c at distance D[j]. This is the start that a Sellers DP gives when it breaks cost ties by the earliest start.
    /// </para>
    /// <para>
    /// Cost: O(n·⌈r/64⌉) word operations for a text of n characters, where r is the number of pattern rows that can
    /// stay within the limit (about n·⌈m/64⌉ at worst), instead of O(n·r) cells, plus O((m + maxDistance)·⌈m/64⌉) per
    /// kept window. Characters are UTF-16 code units, as everywhere in this class.
    /// </para>
    /// </remarks>
    internal static List<Window> FindWindows(string text, string pattern, int maxDistance)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentOutOfRangeException.ThrowIfNegative(maxDistance);

        var windows = new List<Window>();
        var m = pattern.Length;
        if (m == 0)
        {
            // Every end matches the empty pattern, by the empty alignment there: one run of distance 0.
            for (var j = 1; j <= Math.Min(text.Length, MaxCandidatesPerRun); j++)
            {
                windows.Add(new Window(j, j, 0));
            }

            return windows;
        }

        var bits = new PatternBits(pattern, reversed: false);
        var state = NewBlocks(m);

        // Column 0: D[i][0] = i, so rows past maxDistance start above the limit and blocks holding only those wait.
        var lastBlock = Math.Min(state.Length - 1, maxDistance / 64);
        Reset(state, lastBlock);

        var ends = new List<(int End, int Distance)>();
        var run = new List<(int End, int Distance)>(MaxCandidatesPerRun);
        var previousEnd = -1;
        for (var j = NextEnd(text, 0, bits, state, ref lastBlock, maxDistance); j > 0; j = NextEnd(text, j, bits, state, ref lastBlock, maxDistance))
        {
            var distance = state[^1].Score;

            // Neighbouring end positions describe the same match shifted by a character; keep the run's best ones.
            if (j != previousEnd + 1)
            {
                ends.AddRange(run);
                run.Clear();
            }

            previousEnd = j;
            if (run.Count > 0 && distance < run[0].Distance)
            {
                run.Clear();
            }

            if ((run.Count == 0 || distance == run[0].Distance) && run.Count < MaxCandidatesPerRun)
            {
                run.Add((j, distance));
            }
        }

        ends.AddRange(run);
        if (ends.Count == 0)
        {
            return windows;
        }

        var backward = new PatternBits(pattern, reversed: true);
        foreach (var (end, distance) in ends)
        {
            windows.Add(new Window(LongestStart(text, end, distance, backward, state), end, distance));
        }

        return windows;
    }

    /// <summary>
    /// The forward scan from text position <paramref name="from"/> on, up to the next end j whose semi-global distance
    /// is within the limit: returns j, with that distance as the last block's score, or -1 at the end of the text.
    /// </summary>
    /// <remarks>A method of its own, with block 0 (always computed) in locals, so that more of the hot state stays in registers.</remarks>
    private static int NextEnd(string text, int from, PatternBits bits, Block[] state, ref int lastBlock, int maxDistance)
    {
        var peq = bits.Peq;
        var blocks = state.Length;
        var lastIndex = blocks - 1;
        var last = lastBlock;
        var (pv0, mv0, score0, shift0) = (state[0].Pv, state[0].Mv, state[0].Score, state[0].Shift);
        var found = -1;
        for (var j = from; j < text.Length; j++)
        {
            var row = bits.IndexOf(text[j]) * blocks;
            var hout = Advance(ref pv0, ref mv0, peq[row], 0, shift0);
            score0 += hout;
            for (var b = 1; b <= last; b++)
            {
                ref var block = ref state[b];
                hout = Advance(ref block.Pv, ref block.Mv, peq[row + b], hout, block.Shift);
                block.Score += hout;
            }

            var lastScore = last == 0 ? score0 : state[last].Score;

            // The first row of the next block can come within the limit only from a last row at exactly the limit in
            // the previous column, by a match below it or a -1 step in this column (every row past it was above).
            if (last < lastIndex
                && lastScore - hout <= maxDistance
                && ((peq[row + last + 1] & 1) != 0 || hout < 0))
            {
                // Its previous column is unknown but above the limit; D[top][j-1] + 1 per row bounds it from above.
                ref var block = ref state[++last];
                (block.Pv, block.Mv, block.Score) = (ulong.MaxValue, 0, lastScore - hout + block.Rows);
                block.Score += Advance(ref block.Pv, ref block.Mv, peq[row + last], hout, block.Shift);
                lastScore = block.Score;
            }
            else
            {
                // Every cell of a block is at least its last row's value less (rows - 1), and at least the value of
                // the row above the block less the block's -1 steps.
                while (last > 0)
                {
                    ref var block = ref state[last];
                    var above = last == 1 ? score0 : state[last - 1].Score;
                    if (block.Score - block.Rows < maxDistance && above - BitOperations.PopCount(block.Mv & block.Mask) <= maxDistance)
                    {
                        break;
                    }

                    last--;
                    lastScore = above;
                }
            }

            if (last == lastIndex && lastScore <= maxDistance)
            {
                found = j + 1;
                break;
            }
        }

        (state[0].Pv, state[0].Mv, state[0].Score) = (pv0, mv0, score0);
        lastBlock = last;
        return found;
    }

    /// <summary>
    /// The earliest start s such that editDistance(pattern, text[s..end)) is <paramref name="distance"/>, the least
    /// such distance for any s: a global bit-vector DP of the reversed pattern against the text read backwards from
    /// <paramref name="end"/>, whose column c gives the distance for s = end − c, up to c = m + distance (a longer
    /// window is at least that many edits away).
    /// </summary>
    private static int LongestStart(string text, int end, int distance, PatternBits backward, Block[] state)
    {
        var m = backward.Length;
        var blocks = state.Length;
        var peq = backward.Peq;
        Reset(state, blocks - 1);
        // Some window of 1 to m + distance characters ends at the distance: one character is at most m edits away.
        var longest = -1;
        var limit = Math.Min(end, m + distance);
        for (var c = 1; c <= limit; c++)
        {
            var row = backward.IndexOf(text[end - c]) * blocks;

            // Global alignment: the top row is D[0][c] = c, one more per column.
            var hout = 1;
            for (var b = 0; b < blocks; b++)
            {
                ref var block = ref state[b];
                hout = Advance(ref block.Pv, ref block.Mv, peq[row + b], hout, block.Shift);
                block.Score += hout;
            }

            if (state[^1].Score == distance)
            {
                longest = c;
            }
        }

        Debug.Assert(longest >= 0, "The forward scan's distance is reached by some window ending there.");
        return end - longest;
    }

    /// <summary>The blocks of 64 pattern rows (fewer in the last one) for a pattern of m characters.</summary>
    private static Block[] NewBlocks(int m)
    {
        var state = new Block[(m + 63) / 64];
        for (var b = 0; b < state.Length; b++)
        {
            var rows = Math.Min(64, m - (64 * b));
            state[b].Rows = rows;
            state[b].Shift = rows - 1;
            state[b].Mask = rows == 64 ? ulong.MaxValue : (1UL << rows) - 1;
        }

        return state;
    }

    /// <summary>Sets blocks 0 to <paramref name="last"/> to column 0 of the DP, D[i][0] = i.</summary>
    private static void Reset(Block[] state, int last)
    {
        for (var b = 0; b <= last; b++)
        {
            state[b].Pv = ulong.MaxValue;
            state[b].Mv = 0;
            state[b].Score = (64 * b) + state[b].Rows;
        }
    }

    /// <summary>
    /// One column step of Myers' algorithm for a block of 64 rows (Hyyrö's formulation, as in edlib): from the
    /// vertical differences of the previous column, the match vector of the text character and the horizontal
    /// difference entering at the block's top (−1, 0 or +1), the block's new vertical differences and the horizontal
    /// difference leaving at bit <paramref name="shift"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Advance(ref ulong pv, ref ulong mv, ulong eq, int hin, int shift)
    {
        var pvIn = pv;
        var mvIn = mv;
        var hinNegative = (ulong)((uint)hin >> 31);
        var hinPositive = (ulong)((hin + 1) >> 1);
        var xv = eq | mvIn;
        eq |= hinNegative;
        var xh = (((eq & pvIn) + pvIn) ^ pvIn) | eq;
        var ph = mvIn | ~(xh | pvIn);
        var mh = pvIn & xh;
        var hout = (int)((ph >> shift) & 1) - (int)((mh >> shift) & 1);
        ph = (ph << 1) | hinPositive;
        mh = (mh << 1) | hinNegative;
        pv = mh | ~(xv | ph);
        mv = ph & xv;
        return hout;
    }

    /// <summary>The state of one block of 64 pattern rows (fewer in the last one) in the current column.</summary>
    private struct Block
    {
        /// <summary>Rows whose value is one more than the row above.</summary>
        public ulong Pv;

        /// <summary>Rows whose value is one less than the row above.</summary>
        public ulong Mv;

        /// <summary>The DP value at the block's last row.</summary>
        public int Score;

        /// <summary>The bit of the block's last row.</summary>
        public int Shift;

        /// <summary>How many pattern rows the block holds.</summary>
        public int Rows;

        /// <summary>The bits of those rows.</summary>
        public ulong Mask;
    }

    /// <summary>
    /// Myers' match vectors (Peq) of a pattern, or of its reverse: for each distinct character, one bit per pattern row
    /// in blocks of 64, set where the pattern has that character. Index 0 is all zeros, for characters not in the
    /// pattern; ASCII characters are looked up in an array, others in a dictionary.
    /// </summary>
    private sealed class PatternBits
    {
        private readonly int[] ascii = new int[128];
        private readonly Dictionary<char, int>? others;

        public PatternBits(string pattern, bool reversed)
        {
            Length = pattern.Length;
            Blocks = (pattern.Length + 63) / 64;
            var distinct = 0;
            foreach (var c in pattern)
            {
                if (c < 128)
                {
                    if (ascii[c] == 0)
                    {
                        ascii[c] = ++distinct;
                    }
                }
                else
                {
                    others ??= [];
                    if (!others.ContainsKey(c))
                    {
                        others[c] = ++distinct;
                    }
                }
            }

            Peq = new ulong[(distinct + 1) * Blocks];
            for (var i = 0; i < pattern.Length; i++)
            {
                var c = reversed ? pattern[pattern.Length - 1 - i] : pattern[i];
                Peq[(IndexOf(c) * Blocks) + (i >> 6)] |= 1UL << (i & 63);
            }
        }

        public int Length { get; }

        public int Blocks { get; }

        /// <summary>Row (IndexOf(c) · Blocks) + b holds block b of character c's match vector.</summary>
        public ulong[] Peq { get; }

        public int IndexOf(char c) => c < 128 ? ascii[c] : others is not null && others.TryGetValue(c, out var index) ? index : 0;
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
