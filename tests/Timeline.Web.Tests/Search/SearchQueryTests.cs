using Timeline.Web.Features.Search;

namespace Timeline.Web.Tests.Search;

/// <summary>Whatever a reader types becomes a MATCH expression of quoted words: never FTS5 syntax of their own.</summary>
public sealed class SearchQueryTests
{
    [Fact]
    public void Words_are_each_quoted_and_the_last_is_also_a_prefix()
    {
        var query = SearchQuery.Parse("  student visas ");

        Assert.Equal("student visas", query.Text);
        Assert.Equal("\"student\" \"visas\"", query.MatchExpression);
    }

    [Fact]
    public void A_last_word_still_being_typed_matches_longer_words()
    {
        Assert.Equal("\"resolution\" \"237\"*", SearchQuery.Parse("resolution 237").MatchExpression);
    }

    [Fact]
    public void A_short_last_word_is_matched_whole()
    {
        Assert.Equal("\"un\"", SearchQuery.Parse("un").MatchExpression);
    }

    [Fact]
    public void Paired_double_quotes_make_a_phrase()
    {
        var query = SearchQuery.Parse("\"student visas\" Russia");

        Assert.Equal("\"student visas\" \"Russia\"*", query.MatchExpression);
        Assert.Equal(["student visas", "Russia"], query.Terms);
    }

    [Theory]
    [InlineData("\"unbalanced", "\"unbalanced\"*")]
    [InlineData("NEAR(", "\"NEAR\"*")]
    [InlineData("title:*", "\"title\"*")]
    [InlineData("AND OR NOT", "\"AND\" \"OR\" \"NOT\"*")]
    [InlineData("^start -minus +plus", "\"start\" \"minus\" \"plus\"*")]
    [InlineData("a\"b\"\"c", "\"a\" \"b\" \"c\"")]
    public void Operators_and_stray_quotes_become_plain_quoted_words(string input, string expected)
    {
        Assert.Equal(expected, SearchQuery.Parse(input).MatchExpression);
    }

    [Theory]
    [InlineData("Россия", "\"Россия\"*")]
    [InlineData("북한", "\"북한\"")]
    [InlineData("café naïve", "\"café\" \"naïve\"*")]
    public void Words_of_other_scripts_are_kept_whole(string input, string expected)
    {
        Assert.Equal(expected, SearchQuery.Parse(input).MatchExpression);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("!!! *** ()")]
    [InlineData("\"\"")]
    public void Input_without_words_has_nothing_to_match(string? input)
    {
        Assert.Null(SearchQuery.Parse(input).MatchExpression);
    }

    [Fact]
    public void A_long_query_is_cut_to_the_limit_and_says_so()
    {
        var query = SearchQuery.Parse(string.Concat(Enumerable.Repeat("sanctions ", 500)));

        Assert.True(query.WasShortened);
        Assert.True(query.Text.Length <= SearchQuery.MaxLength);
        Assert.False(SearchQuery.Parse("sanctions").WasShortened);
    }

    [Fact]
    public void A_cut_never_splits_a_surrogate_pair()
    {
        var query = SearchQuery.Parse(new string('a', SearchQuery.MaxLength - 1) + "😀😀");

        Assert.False(char.IsHighSurrogate(query.Text[^1]));
    }

    [Theory]
    [InlineData("  student visas ", "('student') & ('visas')")]
    [InlineData("resolution 237", "('resolution') & ('237':*)")]
    [InlineData("un", "('un')")]
    [InlineData("\"student visas\" Russia", "('student' <-> 'visas') & ('Russia':*)")]
    [InlineData("\"North Korean\"", "('North' <-> 'Korean')")]
    [InlineData("'; DROP TABLE Events; --", "('DROP') & ('TABLE') & ('Events':*)")]
    [InlineData("a & b | !c <-> d:*", "('a') & ('b') & ('c') & ('d')")]
    public void PostgreSQL_gets_the_same_terms_as_a_tsquery_with_no_operator_of_the_readers(string typed, string expected)
    {
        Assert.Equal(expected, SearchQuery.Parse(typed).TsQuery);
    }

    [Fact]
    public void Nothing_to_search_for_gives_no_tsquery()
    {
        Assert.Null(SearchQuery.Parse(" * & | ").TsQuery);
    }
}
