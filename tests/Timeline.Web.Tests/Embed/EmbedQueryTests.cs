using Microsoft.AspNetCore.WebUtilities;
using Timeline.Domain;
using Timeline.Web.Features.Embed;
using Timeline.Web.Features.Reading;

namespace Timeline.Web.Tests.Embed;

public sealed class EmbedQueryTests
{
    private static EmbedQuery Parse(string queryString, out IReadOnlyList<QueryProblem> problems) =>
        EmbedQuery.Parse(QueryHelpers.ParseQuery(queryString), out problems);

    [Fact]
    public void No_options_give_the_whole_timeline_in_the_readers_theme()
    {
        var query = Parse("", out var problems);

        Assert.Equal(EmbedQuery.Default, query);
        Assert.Empty(problems);
    }

    [Fact]
    public void Every_option_is_read_and_written_back_in_a_stable_order()
    {
        var query = Parse("?compact=1&theme=DARK&start=un-resolution-2375&to=2020&from=2017-09&actor=russia&tag=labour&frame=timeline-embed-1", out var problems);

        Assert.Empty(problems);
        Assert.Equal("labour", query.Tag);
        Assert.Equal("russia", query.Actor);
        Assert.Equal(PartialDate.Parse("2017-09"), query.From);
        Assert.Equal(PartialDate.Parse("2020"), query.To);
        Assert.Equal("un-resolution-2375", query.Start);
        Assert.Equal(EmbedTheme.Dark, query.Theme);
        Assert.True(query.Compact);
        Assert.Equal("?tag=labour&actor=russia&from=2017-09&to=2020&start=un-resolution-2375&theme=dark&compact=true", query.ToQueryString());
    }

    [Theory]
    [InlineData("?compact", true)]
    [InlineData("?compact=", true)]
    [InlineData("?compact=true", true)]
    [InlineData("?compact=false", false)]
    [InlineData("?compact=0", false)]
    public void Compact_is_on_when_present_without_a_value_like_an_html_boolean_attribute(string queryString, bool compact)
    {
        Assert.Equal(compact, Parse(queryString, out var problems).Compact);
        Assert.Empty(problems);
    }

    [Theory]
    [InlineData("?from=2019-13", "from", "“from=2019-13” was ignored: month must be between 1 and 12.")]
    [InlineData("?to=2019-02-30", "to", "“to=2019-02-30” was ignored: 2019-02-30 is not a date: February 2019 has 28 days.")]
    [InlineData("?from=last%20year", "from", "“from=last year” was ignored: enter a date as YYYY, YYYY-MM or YYYY-MM-DD.")]
    [InlineData("?theme=purple", "theme", "“theme=purple” was ignored: use light, dark or auto.")]
    [InlineData("?compact=maybe", "compact", "“compact=maybe” was ignored: use true or false.")]
    [InlineData("?from=2021&to=2019", "from", "“from=2021” is after “to=2019”, so both were ignored.")]
    public void An_unusable_option_is_set_aside_with_a_sentence_that_says_why(string queryString, string option, string message)
    {
        var query = Parse(queryString, out var problems);

        var problem = Assert.Single(problems);
        Assert.Equal(option, problem.Option);
        Assert.Equal(message, problem.Message);
        Assert.Null(query.From);
        Assert.Null(query.To);
        Assert.Equal(EmbedTheme.Auto, query.Theme);
        Assert.False(query.Compact);
    }

    [Fact]
    public void Empty_values_count_as_absent_so_a_get_form_can_leave_fields_blank()
    {
        var query = Parse("?tag=&actor=%20&from=&to=&start=&theme=", out var problems);

        Assert.Equal(EmbedQuery.Default, query);
        Assert.Empty(problems);
    }

    [Fact]
    public void A_quoted_value_is_cut_short_in_the_message()
    {
        Parse("?theme=" + new string('x', 80), out var problems);

        Assert.Contains("…”", Assert.Single(problems).Message, StringComparison.Ordinal);
        Assert.True(problems[0].Message.Length < 100);
    }
}
