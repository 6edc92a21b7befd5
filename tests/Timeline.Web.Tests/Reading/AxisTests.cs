using System.Globalization;
using Bunit;
using Timeline.Domain;
using Timeline.Web.Features.Reading;
using Timeline.Web.Tests.Components;

namespace Timeline.Web.Tests.Reading;

/// <summary>The drawn axis: marks placed in proportion to their dates, spans for partial dates, rows, clusters, ticks and zoom steps.</summary>
public sealed class AxisTests
{
    private static readonly AxisRange Decade = new(new DateOnly(2010, 1, 1), new DateOnly(2019, 12, 31));

    private static AxisItem Item(string slug, string start, DateQualifier qualifier = DateQualifier.Exact, string? end = null, bool disputed = false) =>
        new(slug, $"Event {slug}", PartialDate.Parse(start, qualifier), end is null ? null : PartialDate.Parse(end), disputed);

    private static AxisData Data(AxisRange view, params AxisItem[] items) =>
        new(view, view, view, items.Length, items, [], []);

    private static double X(DateOnly day) => AxisLayout.XOf(day.DayNumber, Decade, AxisOptions.Wide);

    [Fact]
    public void Marks_sit_in_proportion_to_their_dates()
    {
        var drawing = AxisLayout.Draw(Data(Decade, Item("a", "2012-07-01"), Item("b", "2017-01-01"), Item("c", "2019-12-31")), AxisOptions.Wide);

        foreach (var (slug, day) in new[] { ("a", new DateOnly(2012, 7, 1)), ("b", new DateOnly(2017, 1, 1)), ("c", new DateOnly(2019, 12, 31)) })
        {
            var mark = drawing.Marks.Single(m => m.Item.Slug == slug);
            var middle = (X(day) + X(day.AddDays(1))) / 2;
            // A one-day mark is widened to be seen and tapped, around its day (kept inside the frame at the edge).
            Assert.Equal(AxisOptions.Wide.MinMarkWidth, mark.Width);
            Assert.InRange(middle, mark.X, mark.X + mark.Width);
        }

        var a = drawing.Marks.Single(m => m.Item.Slug == "a");
        var b = drawing.Marks.Single(m => m.Item.Slug == "b");
        // 4.5 years apart out of 10: 45% of the width.
        Assert.Equal(0.45, (b.X - a.X) / AxisOptions.Wide.Width, 2);
    }

    [Theory]
    [InlineData("2015", DateQualifier.Exact, "2015-01-01", "2015-12-31")]
    [InlineData("2012", DateQualifier.Early, "2012-01-01", "2012-04-30")]
    [InlineData("2018-09", DateQualifier.Exact, "2018-09-01", "2018-09-30")]
    [InlineData("2016", DateQualifier.Late, "2016-09-01", "2016-12-31")]
    public void A_partial_date_is_drawn_across_the_days_it_can_denote(string start, DateQualifier qualifier, string first, string last)
    {
        var mark = AxisLayout.Draw(Data(Decade, Item("a", start, qualifier)), AxisOptions.Wide).Marks.Single();

        var from = X(DateOnly.Parse(first, CultureInfo.InvariantCulture));
        var to = X(DateOnly.Parse(last, CultureInfo.InvariantCulture).AddDays(1));
        Assert.InRange(mark.X, from - 0.1, from + 0.1);
        Assert.InRange(mark.Width, to - from - 0.2, to - from + 0.2);
        Assert.Contains("axis-mark--span", mark.Classes, StringComparison.Ordinal);
    }

    [Fact]
    public void An_event_with_an_end_date_is_a_bar_to_its_end_and_qualifiers_look_different()
    {
        var drawing = AxisLayout.Draw(Data(Decade,
            Item("range", "2015-03", end: "2018-08"),
            Item("circa", "2012", DateQualifier.Circa),
            Item("before", "2014", DateQualifier.Before),
            Item("after", "2016-05", DateQualifier.After),
            Item("disputed", "2019-01-05", disputed: true)), AxisOptions.Wide);
        var bySlug = drawing.Marks.ToDictionary(m => m.Item.Slug);

        Assert.InRange(bySlug["range"].X, X(new DateOnly(2015, 3, 1)) - 0.1, X(new DateOnly(2015, 3, 1)) + 0.1);
        Assert.InRange(bySlug["range"].Width, X(new DateOnly(2018, 9, 1)) - X(new DateOnly(2015, 3, 1)) - 0.2, X(new DateOnly(2018, 9, 1)) - X(new DateOnly(2015, 3, 1)) + 0.2);
        Assert.Contains("axis-mark--range", bySlug["range"].Classes, StringComparison.Ordinal);
        Assert.Contains("axis-mark--circa", bySlug["circa"].Classes, StringComparison.Ordinal);
        Assert.Contains("axis-mark--before", bySlug["before"].Classes, StringComparison.Ordinal);
        Assert.Contains("axis-mark--after", bySlug["after"].Classes, StringComparison.Ordinal);
        Assert.Contains("axis-mark--disputed", bySlug["disputed"].Classes, StringComparison.Ordinal);
        // "Before 2014" is drawn ending where 2014 begins; "after May 2016" starting where June begins.
        Assert.InRange(X(new DateOnly(2014, 1, 1)), bySlug["before"].X, bySlug["before"].X + bySlug["before"].Width);
        Assert.InRange(X(new DateOnly(2016, 6, 1)), bySlug["after"].X, bySlug["after"].X + bySlug["after"].Width);
        Assert.Equal("2015-03 – 2018-08", $"{bySlug["range"].Item.Start.ToIso()} – {bySlug["range"].Item.End!.Value.ToIso()}");
        Assert.EndsWith(", March 2015 – August 2018", bySlug["range"].Name, StringComparison.Ordinal);
    }

    [Fact]
    public void Marks_that_would_overlap_stack_in_rows_and_those_beyond_the_last_row_form_a_cluster_that_zooms_in()
    {
        var items = Enumerable.Range(1, AxisOptions.Wide.MaxRows + 5).Select(i => Item($"e{i:00}", "2015-06-15")).ToArray();
        var drawing = AxisLayout.Draw(Data(Decade, items), AxisOptions.Wide);

        Assert.Equal(AxisOptions.Wide.MaxRows, drawing.Marks.Count);
        Assert.Equal(Enumerable.Range(0, AxisOptions.Wide.MaxRows), drawing.Marks.Select(m => m.Row).Order());
        var cluster = Assert.Single(drawing.Clusters);
        Assert.Equal(5, cluster.Count);
        Assert.Equal(AxisOptions.Wide.MaxRows, cluster.Row);
        Assert.True(cluster.ZoomTo.Days * 2 <= Decade.Days, "a cluster zooms in");
        Assert.True(cluster.ZoomTo.First <= new DateOnly(2015, 6, 15) && cluster.ZoomTo.Last >= new DateOnly(2015, 6, 15), "around its events");
        Assert.Equal(AxisOptions.Wide.MaxRows + 1, drawing.Rows);
    }

    [Fact]
    public void A_view_too_large_to_draw_one_by_one_draws_density_and_clusters_that_count_every_event()
    {
        var bins = Enumerable.Range(0, AxisData.BinCount).Select(i => i % 3 == 0 ? 0 : 40 + i).ToArray();
        var data = new AxisData(Decade, Decade, Decade, bins.Sum(), [], bins, []);

        var drawing = AxisLayout.Draw(data, AxisOptions.Wide);

        Assert.Empty(drawing.Marks);
        Assert.Equal(bins.Sum(), drawing.Clusters.Sum(c => c.Count));
        Assert.InRange(drawing.Clusters.Count, 10, 40);
        Assert.Equal(bins.Count(b => b > 0), drawing.Density.Count);
        Assert.All(drawing.Clusters, c => Assert.True(c.ZoomTo.Days * 2 <= Decade.Days));
        Assert.True(data.IsBinned);
    }

    [Theory]
    [InlineData("1946-01-01", "2025-12-31", "1950", "1960")]
    [InlineData("2015-01-01", "2025-12-31", "2015", "2016")]
    [InlineData("2019-01-01", "2020-06-30", "Jan 2019", "Mar 2019")]
    [InlineData("2019-03-01", "2019-03-20", "1 Mar 2019", "3 Mar")]
    public void Ticks_adapt_to_the_length_of_the_view(string first, string last, string firstTick, string secondTick)
    {
        var view = new AxisRange(DateOnly.Parse(first, CultureInfo.InvariantCulture), DateOnly.Parse(last, CultureInfo.InvariantCulture));

        var ticks = AxisLayout.Ticks(view, AxisOptions.Wide);

        Assert.Equal([firstTick, secondTick], ticks.Take(2).Select(t => t.Label));
        Assert.InRange(ticks.Count, 2, (int)(AxisOptions.Wide.Width / AxisOptions.Wide.MinTickSpacing) + 1);
        Assert.All(ticks.Zip(ticks.Skip(1)), pair => Assert.True(pair.Second.X - pair.First.X >= AxisOptions.Wide.MinTickSpacing * 0.6));
    }

    [Fact]
    public void Zoom_steps_halve_and_double_the_view_and_moves_stop_at_the_ends()
    {
        var whole = new AxisRange(new DateOnly(2014, 12, 1), new DateOnly(2025, 1, 31));

        var zoomed = whole.ZoomIn()!.Value;
        Assert.InRange(zoomed.Days, (whole.Days / 2) - 31, (whole.Days / 2) + 366 * 2);
        Assert.Equal(("2017", "2022"), zoomed.ToQuery());
        Assert.Null(whole.Earlier(whole));
        Assert.Null(whole.ZoomOut(whole));
        var earlier = zoomed.Earlier(whole)!.Value;
        Assert.True(earlier.First < zoomed.First && earlier.First >= new DateOnly(2014, 1, 1));
        Assert.Equal(("2019-03", "2019-08"), new AxisRange(new DateOnly(2019, 3, 1), new DateOnly(2019, 8, 31)).ToQuery());
        Assert.Equal(("2019-03-05", "2019-04-02"), new AxisRange(new DateOnly(2019, 3, 5), new DateOnly(2019, 4, 2)).ToQuery());
        Assert.Null(new AxisRange(new DateOnly(2019, 3, 1), new DateOnly(2019, 3, 28)).ZoomIn());
    }

    [Fact]
    public void Lanes_put_each_event_in_its_most_specific_frequent_group_and_the_rest_last()
    {
        AxisItem With(string slug, params string[] groups) => Item(slug, "2015-06-01") with { Groups = groups };
        var items = new[]
        {
            With("a", "labour", "sanctions"), With("b", "labour"), With("c", "labour", "e-commerce"), With("d", "labour", "e-commerce"),
            With("e"), With("f", "labour", "sanctions", "e-commerce"),
        };

        var lanes = AxisLayout.LanesOf(items);

        // Lanes in order of frequency (labour 5, e-commerce 3, sanctions 2); each event in its rarest one.
        Assert.Equal(["labour", "e-commerce", "sanctions", "Others"], lanes.Select(l => l.Name));
        Assert.Equal(["b"], lanes[0].Items.Select(i => i.Slug));
        Assert.Equal(["c", "d"], lanes[1].Items.Select(i => i.Slug));
        Assert.Equal(["a", "f"], lanes[2].Items.Select(i => i.Slug));
        Assert.Equal(["e"], lanes[3].Items.Select(i => i.Slug));

        var drawing = AxisLayout.Draw(Data(Decade, items) with { Lanes = true }, AxisOptions.Wide);
        Assert.Equal(["labour", "e-commerce", "sanctions", "Others"], drawing.Lanes.Select(l => l.Name));
        // Every mark sits below its lane's name and above the next lane's.
        foreach (var (lane, index) in drawing.Lanes.Select((l, i) => (l, i)))
        {
            var end = index + 1 < drawing.Lanes.Count ? drawing.Lanes[index + 1].Row : drawing.Rows;
            var slugs = lanes[index].Items.Select(i => i.Slug).ToHashSet();
            Assert.All(drawing.Marks.Where(m => slugs.Contains(m.Item.Slug)), m => Assert.InRange(m.Row, lane.Row + 1, end - 1));
        }
    }

    [Fact]
    public void A_view_reaches_no_further_than_the_timeline_and_missing_ends_come_from_it()
    {
        var whole = new AxisRange(new DateOnly(2014, 12, 1), new DateOnly(2025, 1, 31));

        Assert.Equal(whole, AxisRange.Of(PartialDate.Parse("1800"), PartialDate.Parse("2100"), whole));
        Assert.Equal(new AxisRange(new DateOnly(2019, 1, 1), whole.Last), AxisRange.Of(PartialDate.Parse("2019"), null, whole));
        Assert.Equal(new AxisRange(whole.First, new DateOnly(2017, 9, 30)), AxisRange.Of(null, PartialDate.Parse("2017-09"), whole));
        Assert.Equal(new AxisRange(new DateOnly(1990, 1, 1), new DateOnly(1999, 12, 31)), AxisRange.Of(PartialDate.Parse("1990"), PartialDate.Parse("1999"), whole));
    }

    [Fact]
    public async Task The_axis_renders_marks_as_links_in_date_order_with_geometry_in_attributes_and_no_inline_style()
    {
        await using var ctx = MudContext.Create();
        var data = Data(Decade, Item("b", "2017-01-01"), Item("a", "2012", disputed: true), Item("c", "2019-05", DateQualifier.Circa));
        data = data with { Items = [.. data.Items.OrderBy(i => i.Start)] };

        var cut = ctx.Render<TimelineAxis>(p => p
            .Add(c => c.Data, data)
            .Add(c => c.ViewHref, range => range is { } r ? $"/t/x?from={r.ToQuery().From}&to={r.ToQuery().To}" : "/t/x")
            .Add(c => c.EventHref, slug => $"/t/x/e/{slug}"));

        var links = cut.FindAll("svg.axis__svg--wide .axis__marks a");
        Assert.Equal(["/t/x/e/a", "/t/x/e/b", "/t/x/e/c"], links.Select(a => a.GetAttribute("href")));
        Assert.Equal("Event a, 2012, sources disagree", links[0].GetAttribute("aria-label"));
        var rect = cut.Find("svg.axis__svg--wide .axis__marks a rect");
        Assert.Equal(X(new DateOnly(2012, 1, 1)).ToString("0.#", CultureInfo.InvariantCulture), rect.GetAttribute("x"));
        Assert.Equal(3, cut.FindAll("svg.axis__svg--narrow .axis__marks a").Count);
        Assert.DoesNotContain("style=", cut.Markup, StringComparison.Ordinal);
        // The year ticks zoom to their year; the view's moves are plain links.
        Assert.NotNull(cut.Find("svg.axis__svg--wide a[aria-label='2015: zoom to this year'][href='/t/x?from=2015&to=2015']"));
        Assert.NotNull(cut.Find("a[data-axis-move='in']"));
        Assert.Empty(cut.FindAll("a[data-axis-move='out']"));
    }
}
