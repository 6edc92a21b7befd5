namespace Timeline.Domain.Tests;

public class SlugTests
{
    [Theory]
    [InlineData("Hello, World!", "hello-world")]
    [InlineData("Café Déjà Vu — 2017", "cafe-deja-vu-2017")]
    [InlineData("Straße in Łódź", "strasse-in-lodz")]
    [InlineData("Ærø Øresund", "aero-oresund")]
    [InlineData("Don't stop", "dont-stop")]
    [InlineData("Don’t stop", "dont-stop")]
    [InlineData("  --Already-slugged--  ", "already-slugged")]
    [InlineData("Brexit: the 2016 referendum", "brexit-the-2016-referendum")]
    [InlineData("Mixed Война 2017", "mixed-2017")]
    public void Titles_become_lowercase_ascii_words_joined_by_hyphens(string text, string expected)
    {
        Assert.Equal(expected, Slug.From(text));
    }

    [Theory]
    [InlineData("Война и мир")]
    [InlineData("한국어 제목")]
    [InlineData("東京")]
    [InlineData("!!!")]
    [InlineData("")]
    public void Text_with_nothing_latin_falls_back_to_item(string text)
    {
        Assert.Equal("item", Slug.From(text));
    }

    [Theory]
    [InlineData('a', true)]
    [InlineData('Z', true)]
    [InlineData('7', true)]
    [InlineData('ß', true)]
    [InlineData('Ø', true)]
    [InlineData('Р', false)]
    [InlineData('한', false)]
    [InlineData('-', false)]
    public void A_slug_can_spell_ascii_letters_digits_and_latin_letters_only(char c, bool spells)
    {
        Assert.Equal(spells, Slug.CanSpell(c));
    }

    [Fact]
    public void Long_titles_are_cut_at_a_word_boundary()
    {
        var slug = Slug.From("The quick brown fox jumps over the lazy dog", maxLength: 20);

        Assert.Equal("the-quick-brown-fox", slug);
    }

    [Fact]
    public void A_single_long_word_is_cut_at_the_maximum_length()
    {
        Assert.Equal("abcdefghij", Slug.From("abcdefghijklmnop", maxLength: 10));
        Assert.Equal("ab-cdefghi", Slug.From("ab-cdefghijklmnop", maxLength: 10));
    }

    [Fact]
    public void Default_maximum_is_80_characters()
    {
        var slug = Slug.From(string.Join(' ', Enumerable.Repeat("word", 40)));

        Assert.True(slug.Length <= 80);
        Assert.EndsWith("word", slug, StringComparison.Ordinal);
    }

    [Fact]
    public void Maximum_length_must_be_positive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Slug.From("x", 0));
    }
}
