namespace Timeline.Domain.Tests;

public class MarkdownRendererTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  \n\t ")]
    public void Nothing_renders_as_an_empty_string(string? markdown)
    {
        Assert.Equal("", MarkdownRenderer.ToHtml(markdown));
        Assert.Equal("", MarkdownRenderer.ToPlainText(markdown));
    }

    [Fact]
    public void Emphasis_renders()
    {
        Assert.Equal(
            "<p><em>one</em> <strong>two</strong> <del>three</del></p>\n",
            MarkdownRenderer.ToHtml("*one* **two** ~~three~~"));
    }

    [Fact]
    public void External_links_render_with_nofollow()
    {
        Assert.Equal(
            "<p>See <a href=\"https://example.org/report?id=1&amp;x=2\" rel=\"nofollow noopener\">the report</a>.</p>\n",
            MarkdownRenderer.ToHtml("See [the report](https://example.org/report?id=1&x=2)."));
    }

    [Fact]
    public void Bare_web_addresses_become_links()
    {
        var html = MarkdownRenderer.ToHtml("Source: https://example.org/a and <http://example.net/b>.");

        Assert.Contains("<a href=\"https://example.org/a\" rel=\"nofollow noopener\">https://example.org/a</a>", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"http://example.net/b\" rel=\"nofollow noopener\">http://example.net/b</a>", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[mail us](mailto:press@example.org)", "<a href=\"mailto:press@example.org\">mail us</a>")]
    [InlineData("<press@example.org>", "<a href=\"mailto:press@example.org\">press@example.org</a>")]
    [InlineData("[timeline](/t/brexit)", "<a href=\"/t/brexit\">timeline</a>")]
    [InlineData("[below](#sources)", "<a href=\"#sources\">below</a>")]
    [InlineData("[up](../index)", "<a href=\"../index\">up</a>")]
    [InlineData("[page](page?a=b:c)", "<a href=\"page?a=b:c\">page</a>")]
    public void Mailto_and_relative_links_are_allowed(string markdown, string expected)
    {
        Assert.Contains(expected, MarkdownRenderer.ToHtml(markdown), StringComparison.Ordinal);
    }

    [Fact]
    public void Raw_html_is_escaped_not_rendered()
    {
        var html = MarkdownRenderer.ToHtml("<script>alert('x')</script>\n\nHello <b onclick=\"evil()\">there</b>");

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("Hello &lt;b onclick=&quot;evil()&quot;&gt;there&lt;/b&gt;", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[click me](javascript:alert(1))")]
    [InlineData("[click me](JavaScript:alert(1))")]
    [InlineData("[click me](<java\tscript:alert(1)>)")]
    [InlineData("[click me](<java script:alert(1)>)")]
    [InlineData("[click me](javascript&#58;alert(1))")]
    [InlineData("[click me](vbscript:msgbox(1))")]
    [InlineData("[click me](data:text/html;base64,PHNjcmlwdD4=)")]
    [InlineData("[click me](file:///etc/passwd)")]
    [InlineData("[click me][ref]\n\n[ref]: javascript:alert(1)")]
    public void Links_with_other_schemes_render_as_plain_text(string markdown)
    {
        var html = MarkdownRenderer.ToHtml(markdown);

        Assert.Equal("<p>click me</p>\n", html);
    }

    [Fact]
    public void Autolinks_with_other_schemes_render_as_plain_text()
    {
        var html = MarkdownRenderer.ToHtml("Try <javascript:alert(1)> now");

        Assert.DoesNotContain("<a", html, StringComparison.Ordinal);
        Assert.Equal("<p>Try javascript:alert(1) now</p>\n", html);
    }

    [Fact]
    public void Bare_addresses_with_other_schemes_stay_as_typed()
    {
        Assert.Equal("<p>Call tel:+441234567 today</p>\n", MarkdownRenderer.ToHtml("Call tel:+441234567 today"));
    }

    [Fact]
    public void Link_text_keeps_its_emphasis_when_the_link_is_removed()
    {
        Assert.Equal("<p><em>click</em> me</p>\n", MarkdownRenderer.ToHtml("[*click* me](javascript:alert(1))"));
    }

    [Fact]
    public void Images_need_a_web_address_and_otherwise_show_their_alt_text()
    {
        Assert.Contains("<img src=\"https://example.org/map.png\" alt=\"map\" />", MarkdownRenderer.ToHtml("![map](https://example.org/map.png)"), StringComparison.Ordinal);
        Assert.Equal("<p>map</p>\n", MarkdownRenderer.ToHtml("![map](javascript:alert(1))"));
        Assert.Equal("<p>map</p>\n", MarkdownRenderer.ToHtml("![map](mailto:a@example.org)"));
    }

    [Fact]
    public void Lists_and_pipe_tables_render()
    {
        var html = MarkdownRenderer.ToHtml("- one\n- two\n\n| Year | Event |\n| --- | --- |\n| 2017 | Vote |\n");

        Assert.Contains("<ul>\n<li>one</li>\n<li>two</li>\n</ul>", html, StringComparison.Ordinal);
        Assert.Contains("<table>", html, StringComparison.Ordinal);
        Assert.Contains("<td>Vote</td>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Plain_text_drops_markup_and_collapses_white_space()
    {
        var text = MarkdownRenderer.ToPlainText("# Title\n\n**Bold** and [a link](https://example.org), `code`.\n\n- one\n- two\n\n> quoted\nline");

        Assert.Equal("Title Bold and a link, code. one two quoted line", text);
    }

    [Fact]
    public void Plain_text_keeps_raw_html_as_text_for_the_caller_to_encode()
    {
        Assert.Equal("a <b>c</b> & d", MarkdownRenderer.ToPlainText("a <b>c</b> &amp; d"));
    }
}
