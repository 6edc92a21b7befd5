using Microsoft.EntityFrameworkCore;
using Timeline.Web.Data;
using Timeline.Web.Features.Interop;
using Timeline.Web.Tests.Infrastructure;

namespace Timeline.Web.Tests.Interop;

/// <summary>
/// The seeded timeline exported (as TimelineJS JSON and as CSV, over HTTP) and imported again gives the same timeline,
/// field by field: dates and qualifiers, titles, slugs, summaries, labels, media, eras, and the very passages attached.
/// </summary>
public sealed class RoundTripTests : IDisposable
{
    private const string Seed = "north-korean-workers-in-russia";
    private readonly TimelineAppFactory app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task A_csv_export_imports_as_the_same_timeline_with_every_label_and_passage()
    {
        var bytes = await app.CreateClient().GetByteArrayAsync(new Uri($"/api/timelines/{Seed}/csv", UriKind.Relative));

        var outcome = await app.ImportAsync(bytes, InteropFormat.Csv, options: new ImportOptions(Slug: "csv-copy"));

        Assert.True(outcome.Committed, string.Join("\n", outcome.Problems));
        Assert.Empty(outcome.Warnings);
        await AssertSameAsync(outcome.TimelineId!.Value, allLabels: true);
    }

    [Fact]
    public async Task A_timelinejs_export_imports_as_the_same_timeline_with_its_passages_attached_again()
    {
        var bytes = await app.CreateClient().GetByteArrayAsync(new Uri($"/api/timelines/{Seed}/timelinejs", UriKind.Relative));

        var outcome = await app.ImportAsync(bytes, InteropFormat.TimelineJs, options: new ImportOptions(Slug: "json-copy"));

        Assert.True(outcome.Committed, string.Join("\n", outcome.Problems));
        Assert.Empty(outcome.Warnings);
        // TimelineJS has one group per event: the first tag travels, the others and the actors do not.
        await AssertSameAsync(outcome.TimelineId!.Value, allLabels: false);
    }

    private async Task AssertSameAsync(int copyId, bool allLabels)
    {
        var copy = await app.LoadAsync(copyId);
        TimelineEntity original = null!;
        await app.WithDbAsync(async db => original = await app.LoadAsync(await db.Timelines.Where(t => t.Slug == Seed).Select(t => t.Id).FirstAsync()));

        Assert.Equal(original.Title, copy.Title);
        Assert.Equal(original.DescriptionHtml, copy.DescriptionHtml);
        Assert.False(copy.IsPublished);
        Assert.Equal(original.Eras.OrderBy(e => e.Start).Select(e => (e.Name, e.Start, e.End)), copy.Eras.OrderBy(e => e.Start).Select(e => (e.Name, e.Start, e.End)));

        var published = original.Events.Where(e => e.IsPublished && !e.IsDeleted).OrderBy(e => e.SortKey).ThenBy(e => e.Id).ToList();
        var imported = copy.Events.OrderBy(e => e.SortKey).ThenBy(e => e.Id).ToList();
        Assert.Equal(published.Count, imported.Count);
        Assert.True(published.Count >= 10);
        for (var i = 0; i < published.Count; i++)
        {
            var (a, b) = (published[i], imported[i]);
            Assert.Equal(a.Slug, b.Slug);
            Assert.Equal(a.Title, b.Title);
            Assert.Equal((a.Start, a.End, a.Qualifier, a.SortKey, a.FirstDay, a.LastDay), (b.Start, b.End, b.Qualifier, b.SortKey, b.FirstDay, b.LastDay));
            Assert.Equal(a.SummaryHtml, b.SummaryHtml);
            Assert.Equal((a.MediaUrl, a.MediaCaption, a.MediaCredit), (b.MediaUrl, b.MediaCaption, b.MediaCredit));
            // Readers see labels by name; the export's group is the first of them.
            var tags = a.Tags.OrderBy(t => t.Name, StringComparer.Ordinal).Select(t => t.Id).ToList();
            Assert.Equal(allLabels ? tags.Order() : tags.Take(1), b.Tags.Select(t => t.Id).Order());
            Assert.Equal(allLabels ? a.Actors.Select(x => x.Id).Order() : [], b.Actors.Select(x => x.Id).Order());
            // The same stored passages (not copies), in the same order, doing the same thing for the event; in CSV a
            // disputing passage also keeps what it differs in and the editor's note.
            Assert.Equal(
                a.Excerpts.OrderBy(l => l.Position).Select(l => (l.ExcerptId, l.Role, allLabels && l.Role == ExcerptRole.Disputes ? (l.Differs, l.Note) : default)),
                b.Excerpts.OrderBy(l => l.Position).Select(l => (l.ExcerptId, l.Role, allLabels && l.Role == ExcerptRole.Disputes ? (l.Differs, l.Note) : default)));
        }
    }
}
