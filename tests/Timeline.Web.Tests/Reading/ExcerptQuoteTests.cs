using Bunit;
using Timeline.Domain;
using Timeline.Web.Features.Reading;
using Timeline.Web.Data;
using Timeline.Web.Tests.Components;

namespace Timeline.Web.Tests.Reading;

public sealed class ExcerptQuoteTests
{
    [Fact]
    public async Task Excerpt_shows_the_verbatim_quote_its_outlet_and_date()
    {
        await using var ctx = MudContext.Create();
        var cut = ctx.Render<ExcerptQuote>(p => p.Add(c => c.Excerpt, TestData.Excerpt(quote: "“Hundreds” of North Korean women — Хорошо, 안녕")));

        Assert.Equal("“Hundreds” of North Korean women — Хорошо, 안녕", cut.Find("blockquote p").TextContent);
        Assert.Equal("The Moscow Times", cut.Find("cite").TextContent);
        Assert.Equal("2025-04-15", cut.Find("figcaption time").GetAttribute("datetime"));
        Assert.Equal("15 April 2025", cut.Find("figcaption time").TextContent);
    }

    [Fact]
    public async Task Excerpt_links_to_its_passage_in_the_source_and_to_the_original_article()
    {
        await using var ctx = MudContext.Create();
        var cut = ctx.Render<ExcerptQuote>(p => p.Add(c => c.Excerpt, TestData.Excerpt(id: 42, source: TestData.Source(id: 7))));

        var links = cut.FindAll("a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Contains("/sources/7#x-42", links);
        Assert.Contains("https://example.org/a", links);
    }

    [Fact]
    public async Task Excerpt_without_an_original_url_offers_only_the_source_view()
    {
        await using var ctx = MudContext.Create();
        var cut = ctx.Render<ExcerptQuote>(p => p.Add(c => c.Excerpt, TestData.Excerpt(source: TestData.Source(url: null))));

        Assert.Single(cut.FindAll("a"));
    }

    [Fact]
    public async Task Broken_excerpt_says_so_instead_of_linking_to_a_wrong_place()
    {
        await using var ctx = MudContext.Create();
        var cut = ctx.Render<ExcerptQuote>(p => p.Add(c => c.Excerpt, TestData.Excerpt(anchor: AnchorStatus.Broken, source: TestData.Source(url: null))));

        Assert.Empty(cut.FindAll("a"));
        Assert.Contains("no longer be found", cut.Find(".excerpt__broken").TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ExcerptRole.Supports, "Supports")]
    [InlineData(ExcerptRole.Disputes, "Disputes")]
    [InlineData(ExcerptRole.Context, "Context")]
    public async Task Excerpt_names_its_role(ExcerptRole role, string label)
    {
        await using var ctx = MudContext.Create();
        var cut = ctx.Render<ExcerptQuote>(p => p.Add(c => c.Excerpt, TestData.Excerpt(role: role)));

        Assert.Equal(label, cut.Find(".excerpt__role").TextContent.Trim());
    }
}
