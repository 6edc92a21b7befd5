namespace Timeline.Domain.Tests;

public class CodePointIndexTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(11)]
    public void Offsets_in_a_text_of_the_basic_plane_stay_as_they_are(int offset)
    {
        Assert.Equal(offset, CodePointIndex.Of("Wildberries, Россия, 한국").ToCodePoints(offset));
    }

    [Fact]
    public void Each_character_beyond_the_basic_plane_before_an_offset_counts_once()
    {
        // "a😀b𝄞c": the emoji and the clef take two code units each.
        var text = "a\U0001F600b\U0001D11Ec";
        var index = CodePointIndex.Of(text);

        int[] unitOffsets = [0, 1, 3, 4, 6, 7];

        Assert.Equal([0, 1, 2, 3, 4, 5], unitOffsets.Select(index.ToCodePoints));
    }

    [Fact]
    public void A_passage_after_emoji_is_found_at_its_code_point_offsets_by_counting_runes()
    {
        var text = "Posted 🇷🇺 by 👷 workers: \"Hundreds of North Koreans\" were seen.";
        var start = text.IndexOf("Hundreds", StringComparison.Ordinal);
        var end = text.IndexOf("\" were", StringComparison.Ordinal);
        var index = CodePointIndex.Of(text);

        var runes = text.EnumerateRunes().ToList();
        var (from, to) = (index.ToCodePoints(start), index.ToCodePoints(end));

        Assert.Equal(start - 3, from);
        Assert.Equal(text[start..end], string.Concat(runes.Skip(from).Take(to - from).Select(r => r.ToString())));
    }

    [Fact]
    public void A_lone_surrogate_is_one_code_point_of_its_own()
    {
        var text = "a\uD83Db\U0001F600c";
        var index = CodePointIndex.Of(text);

        Assert.Equal(3, index.ToCodePoints(3));
        Assert.Equal(4, index.ToCodePoints(5));
        Assert.Equal(5, index.ToCodePoints(text.Length));
    }
}
