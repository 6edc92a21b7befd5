using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Timeline.Web.Data;
using Timeline.Web.Features.Editing;
using Timeline.Web.Features.Interop;
using Timeline.Web.Tests.Infrastructure;

namespace Timeline.Web.Tests.Interop;

/// <summary>Imports through the app's own importer, and counts what the database holds to prove a refusal changed nothing.</summary>
internal static class ImportHelpers
{
    public static readonly EditorIdentity Editor = new(null, "import test");

    public static byte[] Fixture(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Interop", "Fixtures", name));

    public static async Task<ImportOutcome> ImportAsync(this TimelineAppFactory app, byte[] bytes, InteropFormat format, bool commit = true, ImportOptions? options = null)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var importer = scope.ServiceProvider.GetRequiredService<TimelineImporter>();
        return await importer.ImportAsync(ImportFile.Read(bytes, format), options ?? new ImportOptions(FallbackTitle: "file"), Editor, commit);
    }

    /// <summary>Rows in every table an import writes to, and a fingerprint of the stored events, tags and excerpts.</summary>
    public static async Task<string> StateAsync(this TimelineAppFactory app)
    {
        var state = "";
        await app.WithDbAsync(async db =>
        {
            var events = await db.Events.IgnoreQueryFilters().OrderBy(e => e.Id).Select(e => $"{e.Id}:{e.Slug}:{e.Title}:{e.Start}:{e.Summary.Length}").ToListAsync();
            state = string.Join('|',
                await db.Timelines.IgnoreQueryFilters().CountAsync(),
                await db.Eras.CountAsync(),
                await db.Tags.CountAsync(),
                await db.Actors.CountAsync(),
                await db.Excerpts.CountAsync(),
                await db.EventExcerpts.CountAsync(),
                await db.Revisions.CountAsync(),
                string.Join(',', events));
        });
        return state;
    }

    public static async Task<TimelineEntity> LoadAsync(this TimelineAppFactory app, int timelineId)
    {
        TimelineEntity? timeline = null;
        await app.WithDbAsync(async db => timeline = await db.Timelines.AsNoTracking()
            .Include(t => t.Eras)
            .Include(t => t.Events).ThenInclude(e => e.Tags)
            .Include(t => t.Events).ThenInclude(e => e.Actors)
            .Include(t => t.Events).ThenInclude(e => e.Excerpts).ThenInclude(x => x.Excerpt)
            .AsSplitQuery()
            .FirstAsync(t => t.Id == timelineId));
        return timeline!;
    }
}
