using System.Text;

namespace Timeline.Domain.Tests;

/// <summary>
/// Differential tests of the bit-parallel window search behind approximate anchoring: on random cases it must give
/// exactly the windows (start, end, distance) of a plain Sellers DP.
/// </summary>
public class QuoteAnchorWindowSearchTests
{
    // QuoteAnchor keeps at most this many windows of a run (its MaxCandidatesPerRun).
    private const int MaxCandidatesPerRun = 8;

    // Pattern lengths on and around the 64-row block boundaries, where the bit-vector search changes shape.
    private static readonly int[] BoundaryLengths = [1, 2, 3, 7, 31, 32, 33, 63, 64, 65, 66, 100, 127, 128, 129, 130, 191, 192, 193, 255, 256, 257, 299, 300];

    private static readonly string[] Words =
    [
        "the", "council", "voted", "budget", "report", "meeting", "members", "decision", "spring", "approved",
        "of", "and", "to", "in", "a", "was", "that", "for", "on", "with", "minister", "said", "would", "year",
        "The", "Council", "votes", "budgets", "reports", "member", "decided", "approve",
    ];

    public enum TextKind
    {
        TwoLetters,
        FourLetters,
        Prose,
        ProseWithNonAscii,
    }

    [Theory]
    [InlineData(TextKind.TwoLetters, 11)]
    [InlineData(TextKind.FourLetters, 12)]
    [InlineData(TextKind.Prose, 13)]
    [InlineData(TextKind.ProseWithNonAscii, 14)]
    public void Window_search_gives_the_windows_of_a_plain_Sellers_DP_on_random_cases(TextKind kind, int seed)
    {
        const int Rounds = 80;
        var random = new Random(seed);
        var longPatternsMatched = 0;
        for (var round = 0; round < Rounds; round++)
        {
            var m = round < BoundaryLengths.Length ? BoundaryLengths[round] : random.Next(1, 301);
            var pattern = RandomText(random, kind, m);
            var text = TextWithEditedCopies(random, kind, pattern);
            foreach (var maxDistance in MaxDistances(random, m))
            {
                var windows = AssertSameWindows(text, pattern, maxDistance, $"{kind}, seed {seed}, round {round}");
                if (m > 64 && windows > 0)
                {
                    longPatternsMatched++;
                }
            }
        }

        // The cases must exercise the multi-block search, not only agree on finding nothing.
        Assert.True(longPatternsMatched >= Rounds / 4, $"Only {longPatternsMatched} searches for patterns over 64 characters found windows.");
    }

    [Theory]
    [InlineData("", "abc", 1)]
    [InlineData("ab", "abcdef", 3)]
    [InlineData("ab", "abcdef", 6)]
    [InlineData("abcdef", "abcdef", 0)]
    [InlineData("xxabcdefxxabcdef", "abcdef", 2)]
    [InlineData("aaaaaaaaaaaaaaaaaaaa", "aaa", 1)]
    [InlineData("aaaaaaaaaaaaaaaaaaaa", "aaa", 5)]
    [InlineData("abc", "", 0)]
    [InlineData("", "", 0)]
    [InlineData("a🚀b🚀c", "🚀", 1)]
    [InlineData("Члены комиссии", "комисия", 1)]
    public void Window_search_agrees_with_a_plain_Sellers_DP_on_edge_cases(string text, string pattern, int maxDistance)
    {
        AssertSameWindows(text, pattern, maxDistance, "edge case");
    }

    [Fact]
    public void Window_search_keeps_the_first_windows_of_a_long_run_of_equal_distance()
    {
        var text = new string('a', 200);

        var windows = QuoteAnchor.FindWindows(text, "aaaa", 2);

        Assert.Equal(MaxCandidatesPerRun, windows.Count);
        Assert.Equal(new QuoteAnchor.Window(0, 4, 0), windows[0]);
        Assert.Equal(new QuoteAnchor.Window(7, 11, 0), windows[^1]);
        AssertSameWindows(text, "aaaa", 2, "long run");
    }

    [Fact]
    public void Window_search_finds_a_long_quote_across_many_blocks()
    {
        var random = new Random(21);
        var pattern = RandomText(random, TextKind.Prose, 1_000);
        var text = RandomText(random, TextKind.Prose, 3_000) + Edit(random, TextKind.Prose, pattern, 40) + RandomText(random, TextKind.Prose, 3_000);

        AssertSameWindows(text, pattern, AnchoringMaxDistance(pattern.Length), "1,000-character quote");
    }

    private static int AssertSameWindows(string text, string pattern, int maxDistance, string description)
    {
        var expected = ReferenceWindows(text, pattern, maxDistance);
        var actual = QuoteAnchor.FindWindows(text, pattern, maxDistance);
        if (!expected.SequenceEqual(actual))
        {
            Assert.Fail(
                $"{description}: m = {pattern.Length}, n = {text.Length}, maxDistance = {maxDistance}\n"
                + $"expected {string.Join(", ", expected)}\n"
                + $"actual   {string.Join(", ", actual)}");
        }

        return actual.Count;
    }

    /// <summary>
    /// Sellers' semi-global DP over every cell (no cut-off): each cell holds the cheapest alignment of the pattern's
    /// first i characters ending at text position j, and among equally cheap ones the earliest start. Consecutive ends
    /// within maxDistance form a run; a run keeps its first windows of the least distance.
    /// </summary>
    private static List<QuoteAnchor.Window> ReferenceWindows(string text, string pattern, int maxDistance)
    {
        var m = pattern.Length;
        var cost = new int[m + 1];
        var start = new int[m + 1];
        for (var i = 0; i <= m; i++)
        {
            cost[i] = i;
        }

        var windows = new List<QuoteAnchor.Window>();
        var run = new List<QuoteAnchor.Window>();
        var previousEnd = -1;
        for (var j = 1; j <= text.Length; j++)
        {
            var (diagonalCost, diagonalStart) = (cost[0], start[0]);
            (cost[0], start[0]) = (0, j);
            for (var i = 1; i <= m; i++)
            {
                var (bestCost, bestStart) = (diagonalCost + (pattern[i - 1] == text[j - 1] ? 0 : 1), diagonalStart);
                Take(cost[i - 1] + 1, start[i - 1]);
                Take(cost[i] + 1, start[i]);
                (diagonalCost, diagonalStart) = (cost[i], start[i]);
                (cost[i], start[i]) = (bestCost, bestStart);

                void Take(int c, int s)
                {
                    if (c < bestCost || (c == bestCost && s < bestStart))
                    {
                        (bestCost, bestStart) = (c, s);
                    }
                }
            }

            if (cost[m] > maxDistance)
            {
                continue;
            }

            if (j != previousEnd + 1)
            {
                windows.AddRange(run);
                run.Clear();
            }

            previousEnd = j;
            if (run.Count > 0 && cost[m] < run[0].Distance)
            {
                run.Clear();
            }

            if ((run.Count == 0 || cost[m] == run[0].Distance) && run.Count < MaxCandidatesPerRun)
            {
                run.Add(new QuoteAnchor.Window(start[m], j, cost[m]));
            }
        }

        windows.AddRange(run);
        return windows;
    }

    // The limit that approximate anchoring uses for a quote of m characters.
    private static int AnchoringMaxDistance(int m) => (int)Math.Floor(((1 - QuoteAnchor.MinimumSimilarity) * m / QuoteAnchor.MinimumSimilarity) + 1e-9);

    private static IEnumerable<int> MaxDistances(Random random, int m)
    {
        yield return AnchoringMaxDistance(m);
        yield return random.Next(0, (m / 3) + 2);
        if (random.Next(4) == 0)
        {
            yield return random.Next(0, m + 4);
        }
    }

    // Background text with zero to three copies of the pattern, each edited a little, at random places.
    private static string TextWithEditedCopies(Random random, TextKind kind, string pattern)
    {
        var builder = new StringBuilder(RandomText(random, kind, random.Next(0, 400)));
        var copies = random.Next(0, 4);
        for (var copy = 0; copy < copies; copy++)
        {
            var edits = random.Next(0, Math.Max(1, pattern.Length / 5));
            builder.Append(Edit(random, kind, pattern, edits));
            builder.Append(RandomText(random, kind, random.Next(0, 300)));
        }

        return builder.ToString();
    }

    private static string Edit(Random random, TextKind kind, string pattern, int edits)
    {
        var builder = new StringBuilder(pattern);
        for (var e = 0; e < edits; e++)
        {
            var at = random.Next(builder.Length + 1);
            switch (random.Next(3))
            {
                case 0 when at < builder.Length:
                    builder[at] = RandomChar(random, kind);
                    break;
                case 1 when at < builder.Length:
                    builder.Remove(at, 1);
                    break;
                default:
                    builder.Insert(at, RandomChar(random, kind));
                    break;
            }
        }

        return builder.ToString();
    }

    private static string RandomText(Random random, TextKind kind, int length)
    {
        var builder = new StringBuilder(length + 16);
        while (builder.Length < length)
        {
            switch (kind)
            {
                case TextKind.Prose:
                    builder.Append(Words[random.Next(Words.Length)]).Append(random.Next(12) == 0 ? ". " : " ");
                    break;
                case TextKind.ProseWithNonAscii:
                    builder.Append(random.Next(5) switch
                    {
                        0 => "комиссии",
                        1 => "위원회는",
                        2 => "“café”",
                        3 => "🚀",
                        _ => Words[random.Next(Words.Length)],
                    }).Append(' ');
                    break;
                default:
                    builder.Append(RandomChar(random, kind));
                    break;
            }
        }

        return builder.ToString(0, length);
    }

    private static char RandomChar(Random random, TextKind kind) => kind switch
    {
        TextKind.TwoLetters => "ab"[random.Next(2)],
        TextKind.FourLetters => "acgt"[random.Next(4)],
        TextKind.Prose => "abcdefghijklmnopqrstuvwxyz .,"[random.Next(29)],
        _ => "aeiouксия위원“”\uD83D\uDE80 "[random.Next(16)],
    };
}
