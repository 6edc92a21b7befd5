using System.Text;

namespace Timeline.Domain.Tests;

public class QuoteAnchorTests
{
    private const string Source =
        "The committee met on 11 September 2017 to review the proposal. "
        + "After a long debate, the members voted to postpone the decision until the spring. "
        + "The chair noted that the budget had not been approved by the council. "
        + "A second meeting was scheduled for early March 2018, when the revised figures would be available. "
        + "Minutes of the meeting were published on the council website the following week.";

    private const string Passage = "the members voted to postpone the decision until the spring";

    [Fact]
    public void Describe_stores_the_passage_and_up_to_32_characters_either_side()
    {
        var start = Source.IndexOf(Passage, StringComparison.Ordinal);

        var (quote, position) = QuoteAnchor.Describe(Source, start, start + Passage.Length);

        Assert.Equal(Passage, quote.Exact);
        Assert.Equal(Source.Substring(start - 32, 32), quote.Prefix);
        Assert.Equal(Source.Substring(start + Passage.Length, 32), quote.Suffix);
        Assert.Equal(new TextPositionSelector(start, start + Passage.Length), position);
    }

    [Fact]
    public void Describe_near_the_ends_of_the_text_takes_the_context_there_is()
    {
        var (quote, _) = QuoteAnchor.Describe("Short text here.", 0, 5, contextLength: 8);

        Assert.Equal("Short", quote.Exact);
        Assert.Equal("", quote.Prefix);
        Assert.Equal(" text he", quote.Suffix);

        var (last, _) = QuoteAnchor.Describe("Short text here.", 11, 16, contextLength: 8);
        Assert.Equal("here.", last.Exact);
        Assert.Equal("rt text ", last.Prefix);
        Assert.Equal("", last.Suffix);
    }

    [Fact]
    public void Describe_does_not_cut_an_emoji_in_half_at_the_edge_of_the_context()
    {
        // "🚀" is two UTF-16 code units; a 4-unit context would otherwise start or end between them.
        var text = "ab🚀cdQUOTEcd🚀ab";
        var start = text.IndexOf("QUOTE", StringComparison.Ordinal);

        var (quote, _) = QuoteAnchor.Describe(text, start, start + 5, contextLength: 3);

        Assert.Equal("cd", quote.Prefix);
        Assert.Equal("cd", quote.Suffix);
        var (wider, _) = QuoteAnchor.Describe(text, start, start + 5, contextLength: 4);
        Assert.Equal("🚀cd", wider.Prefix);
        Assert.Equal("cd🚀", wider.Suffix);
    }

    [Fact]
    public void Describe_refuses_empty_or_out_of_range_passages()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => QuoteAnchor.Describe(Source, 5, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => QuoteAnchor.Describe(Source, -1, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => QuoteAnchor.Describe(Source, 5, Source.Length + 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => QuoteAnchor.Describe(Source, 0, 5, contextLength: -1));
        Assert.Throws<ArgumentException>(() => QuoteAnchor.Describe("a🚀b", 0, 2));
    }

    [Fact]
    public void DescribeUnique_describes_the_only_occurrence()
    {
        var described = QuoteAnchor.DescribeUnique(Source, Passage);

        Assert.NotNull(described);
        var start = Source.IndexOf(Passage, StringComparison.Ordinal);
        Assert.Equal(QuoteAnchor.Describe(Source, start, start + Passage.Length), described.Value);
    }

    [Theory]
    [InlineData("not in the text")]
    [InlineData("the council")]
    [InlineData("ee")]
    [InlineData("")]
    public void DescribeUnique_gives_nothing_for_an_absent_or_repeated_passage(string exact)
    {
        Assert.Null(QuoteAnchor.DescribeUnique(Source, exact));
    }

    [Fact]
    public void DescribeUnique_counts_overlapping_occurrences_as_repeats()
    {
        Assert.Null(QuoteAnchor.DescribeUnique("aaa", "aa"));
    }

    [Fact]
    public void Excerpt_at_its_stored_position_is_found_there()
    {
        var (quote, position) = Describe(Source, Passage);

        var result = QuoteAnchor.Anchor(Source, quote, position);

        Assert.Equal(new AnchorResult(AnchorStatus.AtPosition, position.Start, position.End, 1), result);
        Assert.True(result.IsFound);
    }

    [Fact]
    public void Excerpt_that_moved_after_an_insertion_earlier_in_the_text_is_found_verbatim()
    {
        var (quote, position) = Describe(Source, Passage);
        var edited = "Editor's note: this record was corrected in 2019. " + Source;

        var result = QuoteAnchor.Anchor(edited, quote, position);

        Assert.Equal(AnchorStatus.Moved, result.Status);
        Assert.Equal(Passage, edited[result.Start..result.End]);
        Assert.Equal(1, result.Similarity);
    }

    [Fact]
    public void Excerpt_without_a_stored_position_is_found_verbatim()
    {
        var (quote, _) = Describe(Source, Passage);

        var result = QuoteAnchor.Anchor(Source, quote, null);

        Assert.Equal(AnchorStatus.Moved, result.Status);
        Assert.Equal(Passage, Source[result.Start..result.End]);
    }

    [Fact]
    public void Excerpt_found_verbatim_at_the_stored_start_with_a_stale_end_is_at_position()
    {
        var (quote, position) = Describe(Source, Passage);

        var result = QuoteAnchor.Anchor(Source, quote, position with { End = position.End + 3 });

        Assert.Equal(new AnchorResult(AnchorStatus.AtPosition, position.Start, position.End, 1), result);
    }

    [Fact]
    public void Repeated_quote_is_disambiguated_by_its_prefix_and_suffix()
    {
        const string text = "In Paris the vote passed narrowly. In Berlin the vote passed narrowly, to general surprise.";
        var second = text.LastIndexOf("the vote passed narrowly", StringComparison.Ordinal);
        var (quote, _) = QuoteAnchor.Describe(text, second, second + "the vote passed narrowly".Length);

        // The stored position is nearer the other occurrence; the context should win.
        var result = QuoteAnchor.Anchor(text, quote, new TextPositionSelector(3, 27));

        Assert.Equal(AnchorStatus.Moved, result.Status);
        Assert.Equal(second, result.Start);
    }

    [Fact]
    public void Repeated_quote_after_an_edit_is_found_by_its_context_not_its_old_offset()
    {
        const string text = "Item: approved. Budget: approved. Staffing: approved.";
        var budget = text.IndexOf("approved", text.IndexOf("Budget", StringComparison.Ordinal), StringComparison.Ordinal);
        var (quote, position) = QuoteAnchor.Describe(text, budget, budget + "approved".Length, contextLength: 10);
        var edited = "Item: approved. Note. Staffing: approved. Budget: approved.";

        var result = QuoteAnchor.Anchor(edited, quote, position);

        Assert.Equal(AnchorStatus.Moved, result.Status);
        Assert.Equal(edited.LastIndexOf("approved", StringComparison.Ordinal), result.Start);
    }

    [Fact]
    public void Repeated_quote_with_equally_good_context_is_taken_nearest_its_stored_position()
    {
        var text = string.Concat(Enumerable.Repeat("Agreed. ", 6));
        var fourth = 8 * 3;
        var quote = new TextQuoteSelector("Agreed.", "", "");

        var result = QuoteAnchor.Anchor(text, quote, new TextPositionSelector(fourth + 2, fourth + 9));

        Assert.Equal(AnchorStatus.Moved, result.Status);
        Assert.Equal(fourth, result.Start);
    }

    [Fact]
    public void Repeated_quote_without_context_or_position_is_taken_at_its_first_occurrence()
    {
        var result = QuoteAnchor.Anchor("x Agreed. y Agreed. z", new TextQuoteSelector("Agreed.", "", ""), null);

        Assert.Equal(2, result.Start);
    }

    [Fact]
    public void Excerpt_with_a_typo_fixed_in_the_source_is_found_approximately()
    {
        const string typo = "the members votde to postpone the decision until the spring";
        var original = Source.Replace(Passage, typo, StringComparison.Ordinal);
        var (quote, position) = Describe(original, typo);

        var result = QuoteAnchor.Anchor(Source, quote, position);

        Assert.Equal(AnchorStatus.Approximate, result.Status);
        Assert.Equal(Passage, Source[result.Start..result.End]);
        Assert.InRange(result.Similarity, QuoteAnchor.MinimumSimilarity, 0.99);
    }

    [Fact]
    public void Excerpt_reworded_slightly_and_moved_is_found_approximately()
    {
        var (quote, position) = Describe(Source, Passage);
        var edited = "Preface added later. "
            + Source.Replace(Passage, "the members voted to postpone their decision until spring", StringComparison.Ordinal);

        var result = QuoteAnchor.Anchor(edited, quote, position);

        Assert.Equal(AnchorStatus.Approximate, result.Status);
        Assert.Equal("the members voted to postpone their decision until spring", edited[result.Start..result.End]);
        Assert.True(result.Similarity >= QuoteAnchor.MinimumSimilarity);
    }

    [Fact]
    public void Passage_deleted_from_the_source_is_broken()
    {
        var (quote, position) = Describe(Source, Passage);
        var edited = Source.Replace("After a long debate, " + Passage + ". ", "", StringComparison.Ordinal);

        var result = QuoteAnchor.Anchor(edited, quote, position);

        Assert.Equal(AnchorResult.Broken, result);
        Assert.False(result.IsFound);
        Assert.Equal(-1, result.Start);
    }

    [Fact]
    public void Quote_heavily_changed_in_the_source_is_broken_rather_than_matched_elsewhere()
    {
        var (quote, position) = Describe(Source, Passage);
        var edited = Source.Replace(Passage, "a majority chose to delay any ruling until later in the year", StringComparison.Ordinal);

        Assert.Equal(AnchorResult.Broken, QuoteAnchor.Anchor(edited, quote, position));
    }

    [Fact]
    public void A_sentence_that_differs_by_more_than_the_threshold_is_not_taken_for_the_quote()
    {
        const string text = "The board voted to approve the budget in March. Later, the staff voted to oppose the plans in May.";
        var quote = new TextQuoteSelector("the board voted to reject the budget in April", "", "");

        Assert.Equal(AnchorResult.Broken, QuoteAnchor.Anchor(text, quote, null));
    }

    [Fact]
    public void Between_two_edited_copies_the_one_whose_context_agrees_is_chosen()
    {
        const string text = "Report A says the harvest was poor and prices rose sharply. Report B says the harvest was poor and prices rose sharply.";
        var second = text.LastIndexOf("the harvest", StringComparison.Ordinal);
        var (quote, position) = QuoteAnchor.Describe(text, second, text.Length - 1, contextLength: 12);
        var edited = text.Replace("prices rose sharply", "prices rose quickly", StringComparison.Ordinal);

        var result = QuoteAnchor.Anchor(edited, quote, position with { Start = 0, End = 10 });

        Assert.Equal(AnchorStatus.Approximate, result.Status);
        Assert.Equal(edited.LastIndexOf("the harvest", StringComparison.Ordinal), result.Start);
    }

    [Fact]
    public void Quote_edited_down_to_the_minimum_similarity_is_accepted_and_one_edit_more_is_broken()
    {
        var quote = new TextQuoteSelector("abcdefghijklmnopqrst", "", "");

        var three = QuoteAnchor.Anchor("-- abXdeXghXjklmnopqrst --", quote, null);
        var four = QuoteAnchor.Anchor("-- abXdeXghXjkXmnopqrst --", quote, null);

        Assert.Equal(AnchorStatus.Approximate, three.Status);
        Assert.Equal((3, 23), (three.Start, three.End));
        Assert.True(three.Similarity >= QuoteAnchor.MinimumSimilarity);
        Assert.Equal(0.85, three.Similarity, 9);
        Assert.Equal(AnchorResult.Broken, four);
    }

    [Theory]
    [InlineData("")]
    [InlineData("x")]
    public void Empty_or_too_short_a_quote_that_is_absent_is_broken(string exact)
    {
        Assert.Equal(AnchorResult.Broken, QuoteAnchor.Anchor(Source, new TextQuoteSelector(exact, "", ""), null));
    }

    [Fact]
    public void Selectors_read_back_with_null_context_still_anchor()
    {
        var quote = new TextQuoteSelector(Passage, null!, null!);

        Assert.Equal(AnchorStatus.Moved, QuoteAnchor.Anchor(Source, quote, null).Status);
    }

    [Fact]
    public void Stored_position_outside_the_text_is_only_a_hint()
    {
        var (quote, _) = Describe(Source, Passage);

        var result = QuoteAnchor.Anchor(Source, quote, new TextPositionSelector(10_000, 10_059));

        Assert.Equal(AnchorStatus.Moved, result.Status);
        Assert.Equal(Passage, Source[result.Start..result.End]);
    }

    [Fact]
    public void Curly_quotes_are_matched_as_they_are_stored()
    {
        const string text = "She said, “We’ll publish the report on Monday,” and left. Nobody asked “why?”";
        const string passage = "“We’ll publish the report on Monday,”";
        var (quote, position) = Describe(text, passage);

        var moved = QuoteAnchor.Anchor("Update: " + text, quote, position);
        Assert.Equal(AnchorStatus.Moved, moved.Status);
        Assert.Equal(passage, ("Update: " + text)[moved.Start..moved.End]);

        // Straightened quotes are an edit of three characters, not a different passage.
        var straightened = text.Replace('“', '"').Replace('”', '"').Replace('’', '\'');
        var approximate = QuoteAnchor.Anchor(straightened, quote, position);
        Assert.Equal(AnchorStatus.Approximate, approximate.Status);
        Assert.Equal("\"We'll publish the report on Monday,\"", straightened[approximate.Start..approximate.End]);
    }

    [Fact]
    public void Cyrillic_passages_are_found_moved_and_edited()
    {
        const string text = "Заседание комиссии состоялось 11 сентября 2017 года. Члены комиссии проголосовали за перенос решения на весну. Протокол опубликован позже.";
        const string passage = "Члены комиссии проголосовали за перенос решения на весну.";
        var (quote, position) = Describe(text, passage);

        var moved = QuoteAnchor.Anchor("Примечание редактора. " + text, quote, position);
        Assert.Equal(AnchorStatus.Moved, moved.Status);
        Assert.Equal(passage, ("Примечание редактора. " + text)[moved.Start..moved.End]);

        var edited = text.Replace("перенос решения", "перенос их решения", StringComparison.Ordinal);
        var approximate = QuoteAnchor.Anchor(edited, quote, position);
        Assert.Equal(AnchorStatus.Approximate, approximate.Status);
        Assert.Equal("Члены комиссии проголосовали за перенос их решения на весну.", edited[approximate.Start..approximate.End]);
    }

    [Fact]
    public void Hangul_passages_are_found_moved_and_edited()
    {
        const string text = "위원회는 2017년 9월 11일에 회의를 열었다. 위원들은 결정을 봄까지 연기하기로 투표했다. 회의록은 다음 주에 공개되었다.";
        const string passage = "위원들은 결정을 봄까지 연기하기로 투표했다.";
        var (quote, position) = Describe(text, passage);

        var moved = QuoteAnchor.Anchor("편집자 주. " + text, quote, position);
        Assert.Equal(AnchorStatus.Moved, moved.Status);
        Assert.Equal(passage, ("편집자 주. " + text)[moved.Start..moved.End]);

        var edited = text.Replace("결정을", "최종 결정을", StringComparison.Ordinal);
        var approximate = QuoteAnchor.Anchor(edited, quote, position);
        Assert.Equal(AnchorStatus.Approximate, approximate.Status);
        Assert.Equal("위원들은 최종 결정을 봄까지 연기하기로 투표했다.", edited[approximate.Start..approximate.End]);
    }

    [Fact]
    public void Approximate_match_never_ends_inside_an_emoji()
    {
        const string text = "Launch went well 😀 and the crowd cheered loudly at the end";
        const string passage = "Launch went well 😀";
        var (quote, position) = Describe(text, passage);
        var edited = text.Replace("😀", "😁", StringComparison.Ordinal);

        var result = QuoteAnchor.Anchor(edited, quote, position);

        Assert.Equal(AnchorStatus.Approximate, result.Status);
        Assert.Equal("Launch went well 😁", edited[result.Start..result.End]);
        Assert.False(char.IsHighSurrogate(edited[result.End - 1]));
    }

    [Fact]
    public void A_500_character_quote_edited_in_three_places_in_a_100_KB_text_is_found_approximately_and_is_broken_in_unrelated_text()
    {
        var text = RandomProse(100_000, seed: 1);
        var start = 61_000;
        while (text[start] != ' ')
        {
            start++;
        }

        start++;
        var (quote, position) = QuoteAnchor.Describe(text, start, start + 500);
        var edited = new StringBuilder(text)
            .Remove(start + 400, 5)
            .Insert(start + 250, "[sic] ")
            .Insert(start + 100, "again ")
            .Insert(1_000, "A new opening paragraph. ")
            .ToString();

        var found = QuoteAnchor.Anchor(edited, quote, position);
        var broken = QuoteAnchor.Anchor(RandomProse(100_000, seed: 2), quote, position);

        Assert.Equal(AnchorStatus.Approximate, found.Status);
        Assert.Equal(start + 25, found.Start);
        Assert.Equal(start + 25 + 500 + 6 + 6 - 5, found.End);
        Assert.Equal(1 - (17.0 / 507), found.Similarity, 3);
        Assert.Equal(AnchorResult.Broken, broken);
    }

    private static (TextQuoteSelector Quote, TextPositionSelector Position) Describe(string text, string passage)
    {
        var described = QuoteAnchor.DescribeUnique(text, passage);
        Assert.NotNull(described);
        return described.Value;
    }

    private static string RandomProse(int length, int seed)
    {
        string[] words =
        [
            "the", "council", "voted", "budget", "report", "meeting", "members", "decision", "spring", "approved",
            "of", "and", "to", "in", "a", "was", "that", "for", "on", "with", "minister", "said", "would", "year",
        ];
        var random = new Random(seed);
        var builder = new StringBuilder(length + 16);
        while (builder.Length < length)
        {
            builder.Append(words[random.Next(words.Length)]).Append(random.Next(12) == 0 ? ". " : " ");
        }

        return builder.ToString(0, length);
    }
}
