using Timeline.Domain;

namespace Timeline.Domain.Tests;

public sealed class WordDiffTests
{
    [Fact]
    public void A_changed_word_is_shown_removed_and_added_between_unchanged_words()
    {
        var pieces = WordDiff.Compute("About 11,000 troops were sent.", "About 14,000 troops were sent.");

        Assert.Equal(
            [new(DiffKind.Same, "About "), new(DiffKind.Removed, "11,000 "), new(DiffKind.Added, "14,000 "), new(DiffKind.Same, "troops were sent.")],
            pieces);
        Assert.True(WordDiff.HasChanges(pieces));
    }

    [Fact]
    public void Long_unchanged_runs_keep_only_context_around_the_change()
    {
        var words = string.Join(' ', Enumerable.Range(1, 200).Select(i => $"w{i}"));
        var changed = words.Replace("w100 ", "changed ", StringComparison.Ordinal);

        var pieces = WordDiff.Compute(words, changed);

        Assert.Equal(4, pieces.Count);
        Assert.StartsWith("… ", pieces[0].Text, StringComparison.Ordinal);
        Assert.EndsWith("w99 ", pieces[0].Text, StringComparison.Ordinal);
        Assert.Equal(new DiffPiece(DiffKind.Removed, "w100 "), pieces[1]);
        Assert.Equal(new DiffPiece(DiffKind.Added, "changed "), pieces[2]);
        Assert.StartsWith("w101 ", pieces[3].Text, StringComparison.Ordinal);
        Assert.EndsWith("… ", pieces[3].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Words_added_at_the_end_and_texts_that_are_equal()
    {
        Assert.Equal([new(DiffKind.Same, "Draft "), new(DiffKind.Added, "published")], WordDiff.Compute("Draft ", "Draft published"));
        Assert.False(WordDiff.HasChanges(WordDiff.Compute("same text", "same text")));
        Assert.Equal([new(DiffKind.Added, "new")], WordDiff.Compute("", "new"));
    }

    [Fact]
    public void Very_long_changed_middles_are_shown_whole_rather_than_compared()
    {
        var before = string.Join(' ', Enumerable.Range(1, 2000).Select(i => $"a{i}"));
        var after = string.Join(' ', Enumerable.Range(1, 2000).Select(i => $"b{i}"));

        var pieces = WordDiff.Compute(before, after);

        Assert.Equal([DiffKind.Removed, DiffKind.Added], pieces.Select(p => p.Kind));
    }
}
