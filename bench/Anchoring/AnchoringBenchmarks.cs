using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Timeline.Domain;

namespace Timeline.Bench.Anchoring;

/// <summary>
/// Re-anchoring quotes in a ~100 KB English-like source after edits that leave none of them verbatim, so every
/// anchoring takes the approximate path: the product's <see cref="QuoteAnchor"/> (Myers' bit-parallel window search)
/// against <see cref="SellersBaselineAnchor"/>, the Sellers DP it replaced, in the same run.
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class AnchoringBenchmarks
{
    private const int SourceLength = 100_000;
    private const int PassageCount = 30;

    private string editedSource = "";
    private (TextQuoteSelector Quote, TextPositionSelector Position)[] passages = [];
    private string editedForLongQuote = "";
    private (TextQuoteSelector Quote, TextPositionSelector Position) longQuote;

    [GlobalSetup]
    public void Setup()
    {
        var source = Prose.Generate(SourceLength, seed: 2026);
        var random = new Random(30);

        // 30 passages of 200-500 characters, one in each thirtieth of the text, starting and ending at word boundaries.
        passages = new (TextQuoteSelector, TextPositionSelector)[PassageCount];
        var edited = new StringBuilder(source);
        var slice = SourceLength / PassageCount;
        for (var i = 0; i < PassageCount; i++)
        {
            var start = WordStart(source, 1 + (i * slice) + random.Next(0, slice - 520));
            var end = WordEnd(source, start + random.Next(200, 480));
            passages[i] = QuoteAnchor.Describe(source, start, end);

            // The edit changes one letter in the middle of the passage.
            var at = start + ((end - start) / 2);
            while (!char.IsAsciiLetterLower(source[at]))
            {
                at++;
            }

            edited[at] = (char)('a' + ((source[at] - 'a' + 7) % 26));
        }

        editedSource = edited.ToString();

        // One 500-character quote, edited in three places, in a text that also gained an opening paragraph.
        var quoteStart = WordStart(source, 61_000);
        longQuote = QuoteAnchor.Describe(source, quoteStart, quoteStart + 500);
        editedForLongQuote = new StringBuilder(source)
            .Remove(quoteStart + 400, 5)
            .Insert(quoteStart + 250, "[sic] ")
            .Insert(quoteStart + 100, "again ")
            .Insert(1_000, "A new opening paragraph. ")
            .ToString();

        // Every anchoring must take the approximate path and the two implementations must agree.
        for (var i = 0; i < PassageCount; i++)
        {
            Check($"passage {i}", editedSource, passages[i]);
        }

        Check("500-character quote", editedForLongQuote, longQuote);
    }

    [Benchmark(Baseline = true, Description = "Sellers DP (baseline)")]
    [BenchmarkCategory("30 passages of 200-500 chars, 100 KB")]
    public int ThirtyPassagesSellersBaseline()
    {
        var sum = 0;
        foreach (var (quote, position) in passages)
        {
            sum += SellersBaselineAnchor.Anchor(editedSource, quote, position).Start;
        }

        return sum;
    }

    [Benchmark(Description = "Myers bit-parallel")]
    [BenchmarkCategory("30 passages of 200-500 chars, 100 KB")]
    public int ThirtyPassagesMyers()
    {
        var sum = 0;
        foreach (var (quote, position) in passages)
        {
            sum += QuoteAnchor.Anchor(editedSource, quote, position).Start;
        }

        return sum;
    }

    [Benchmark(Baseline = true, Description = "Sellers DP (baseline)")]
    [BenchmarkCategory("One 500-char quote, 100 KB")]
    public AnchorResult LongQuoteSellersBaseline() => SellersBaselineAnchor.Anchor(editedForLongQuote, longQuote.Quote, longQuote.Position);

    [Benchmark(Description = "Myers bit-parallel")]
    [BenchmarkCategory("One 500-char quote, 100 KB")]
    public AnchorResult LongQuoteMyers() => QuoteAnchor.Anchor(editedForLongQuote, longQuote.Quote, longQuote.Position);

    private static void Check(string what, string text, (TextQuoteSelector Quote, TextPositionSelector Position) passage)
    {
        var result = QuoteAnchor.Anchor(text, passage.Quote, passage.Position);
        if (result.Status != AnchorStatus.Approximate)
        {
            throw new InvalidOperationException(
                string.Create(CultureInfo.InvariantCulture, $"{what}: expected the approximate path, got {result.Status}."));
        }

        var baseline = SellersBaselineAnchor.Anchor(text, passage.Quote, passage.Position);
        if (baseline != result)
        {
            throw new InvalidOperationException(
                string.Create(CultureInfo.InvariantCulture, $"{what}: the baseline found {baseline}, the product {result}."));
        }
    }

    private static int WordStart(string text, int at)
    {
        while (text[at - 1] != ' ' || !char.IsAsciiLetter(text[at]))
        {
            at++;
        }

        return at;
    }

    private static int WordEnd(string text, int at)
    {
        while (char.IsAsciiLetter(text[at]))
        {
            at++;
        }

        return at;
    }
}
