using Timeline.Web.Features.Search;

namespace Timeline.Web.Tests.Search;

/// <summary>Snippets are encoded text with only our own, balanced &lt;mark&gt; elements.</summary>
public sealed class SearchSnippetTests
{
    private const char Open = SearchSnippet.MatchStart;
    private const char Close = SearchSnippet.MatchEnd;

    [Fact]
    public void Markers_become_mark_elements()
    {
        Assert.Equal("the <mark>student</mark> visas", SearchSnippet.ToHtml($"the {Open}student{Close} visas"));
    }

    [Fact]
    public void Words_matched_side_by_side_are_one_highlight()
    {
        Assert.Equal("on <mark>student visas</mark> in 2024", SearchSnippet.ToHtml($"on {Open}student{Close} {Open}visas{Close} in 2024"));
    }

    [Fact]
    public void Markup_in_the_text_is_encoded()
    {
        var html = SearchSnippet.ToHtml($"<script>alert('x')</script> & {Open}<b>{Close}");

        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("<mark>&lt;b&gt;</mark>", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a\uE001b", "ab")]
    [InlineData("a\uE000b", "a<mark>b</mark>")]
    [InlineData("\uE000a\uE000b\uE001\uE001", "<mark>ab</mark>")]
    public void Stray_markers_never_unbalance_the_html(string marked, string expected)
    {
        Assert.Equal(expected, SearchSnippet.ToHtml(marked));
    }
}
