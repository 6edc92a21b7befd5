using Timeline.Domain;

namespace Timeline.Domain.Tests;

public sealed class PassageSelectionTests
{
    private const string Text = "The ban came in 2017. Workers kept arriving, the U.N. said. “Why?” asked one official! Another line\nA new paragraph starts here.";

    private static string Cut((int Start, int End) range) => Text[range.Start..range.End];

    private static (int Start, int End) Of(string phrase)
    {
        var at = Text.IndexOf(phrase, StringComparison.Ordinal);
        return (at, at + phrase.Length);
    }

    [Theory]
    [InlineData("kept arriv", "Workers kept arriving, the U.N. said.")]
    [InlineData("ban", "The ban came in 2017.")]
    [InlineData("Why", "“Why?” asked one official!")]
    [InlineData("Another", "Another line")]
    [InlineData("paragraph", "A new paragraph starts here.")]
    [InlineData("2017. Workers", "The ban came in 2017. Workers kept arriving, the U.N. said.")]
    public void A_selection_extends_to_the_sentences_it_touches(string phrase, string sentence)
    {
        var (start, end) = Of(phrase);

        Assert.Equal(sentence, Cut(PassageSelection.ToSentence(Text, start, end)));
    }

    [Fact]
    public void Words_are_added_and_dropped_at_either_end()
    {
        var (start, end) = Of("kept arriving,");

        Assert.Equal("Workers kept arriving,", Cut(PassageSelection.MoveStart(Text, start, end, -1)));
        Assert.Equal("2017. Workers kept arriving,", Cut(PassageSelection.MoveStart(Text, start, end, -2)));
        Assert.Equal("arriving,", Cut(PassageSelection.MoveStart(Text, start, end, 1)));
        Assert.Equal("kept arriving, the U.N.", Cut(PassageSelection.MoveEnd(Text, start, end, 2)));
        Assert.Equal("kept", Cut(PassageSelection.MoveEnd(Text, start, end, -1)));
    }

    [Fact]
    public void Narrowing_never_empties_the_passage_and_widening_stops_at_the_text_edges()
    {
        var (start, end) = Of("ban");

        Assert.Equal("ban", Cut(PassageSelection.MoveStart(Text, start, end, 3)));
        Assert.Equal("ban", Cut(PassageSelection.MoveEnd(Text, start, end, -3)));
        Assert.Equal("The ban", Cut(PassageSelection.MoveStart(Text, start, end, -10)));
        Assert.Equal(Text.Length, PassageSelection.MoveEnd(Text, start, end, 100).End);
    }
}

public sealed class DateWordsTests
{
    [Theory]
    [InlineData("The videos were posted on April 14, 2025, in a staff chat.", "2025-04-14", DateQualifier.Exact)]
    [InlineData("Dated 15 April 2025 by the agency.", "2025-04-15", DateQualifier.Exact)]
    [InlineData("The U.N. ban in September 2017 covered new permits.", "2017-09", DateQualifier.Exact)]
    [InlineData("Workers must be out by the end of 2019 under the sanctions.", "2019", DateQualifier.Late)]
    [InlineData("In early 2020, the ministry said it could not send them home.", "2020", DateQualifier.Early)]
    [InlineData("Russia issued 700 permits in 2018, a year after the ban of 2017.", "2018", DateQualifier.Exact)]
    [InlineData("In 2017 the council acted; on Sept. 11, 2017 it voted.", "2017-09-11", DateQualifier.Exact)]
    public void The_most_precise_date_the_words_fix_is_read(string passage, string iso, DateQualifier qualifier)
    {
        var found = DateWords.Find(passage);

        Assert.NotNull(found);
        Assert.Equal(iso, found.Value.ToIso());
        Assert.Equal(qualifier, found.Value.Qualifier);
    }

    [Theory]
    [InlineData("Last June, Putin said the ban was strange.")]
    [InlineData("More than 10,000 workers registered; 2,000,000 rubles were paid.")]
    [InlineData("On Tuesday, Wildberries said it was running a pilot project.")]
    [InlineData("Call 2025-0412 for details.")]
    public void Relative_words_and_numbers_that_are_not_years_give_no_date(string passage) =>
        Assert.Null(DateWords.Find(passage));
}
