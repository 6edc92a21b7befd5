using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Timeline.Web.Data;
using Timeline.Web.Features.Accounts;
using Timeline.Web.Features.Editing;

namespace Timeline.E2E;

/// <summary>
/// Creates the data one test owns — an editor account, a timeline, a source, events — through the app's own services,
/// each with a unique name, so tests never change what another test reads.
/// </summary>
public sealed class Arranger(IServiceProvider services)
{
    public const string Password = "e2e-password-1";

    /// <summary>The slug of the seeded timeline, which tests read but never change.</summary>
    public const string SeededSlug = "north-korean-workers-in-russia";

    private static readonly EditorIdentity Arranging = new(null, "test arranger");

    public async Task<string> EditorAsync() => await AccountAsync(Roles.Editor);

    /// <summary>An admin account of this test's own.</summary>
    public async Task<string> AdminAsync() => await AccountAsync(Roles.Admin);

    private async Task<string> AccountAsync(string role)
    {
        var email = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@example.org";
        await using var scope = services.CreateAsyncScope();
        var result = await UsersCommand.CreateAsync(
            scope.ServiceProvider.GetRequiredService<UserManager<EditorUser>>(),
            scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>(),
            email, "E2E Editor", Password, role);
        Assert.True(result.Succeeded, string.Join(", ", result.Errors.Select(e => e.Description)));
        return email;
    }

    /// <summary>A published timeline of this test's own, empty until the test adds events.</summary>
    public async Task<OwnedTimeline> TimelineAsync(string title = "Test timeline")
    {
        var slug = $"e2e-{Guid.NewGuid():N}"[..16];
        var id = await UseAsync<TimelineEditor, int>(editor => editor.SaveAsync(
            new TimelineInput { Title = $"{title} {slug[4..]}", Slug = slug, Description = "Arranged by a browser test.", IsPublished = true },
            Arranging));
        return new OwnedTimeline(id, slug);
    }

    /// <summary>A source of this test's own whose text is a copy of a seeded article's, found by its outlet.</summary>
    public async Task<int> SourceCopyAsync(string outlet)
    {
        await using var scope = services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<TimelineDbContext>>().CreateDbContextAsync();
        var seeded = await db.Sources.Where(s => s.Outlet == outlet).OrderBy(s => s.Id).FirstAsync();
        var saved = await UseAsync<SourceEditor, SourceSaved>(editor => editor.SaveAsync(
            new SourceInput
            {
                Title = $"Test copy {Guid.NewGuid():N}"[..18] + $" of {seeded.Title}",
                Outlet = seeded.Outlet,
                Author = seeded.Author,
                PublishedOn = seeded.PublishedOn,
                Url = seeded.Url,
                Language = seeded.Language,
                Text = seeded.Text,
            },
            Arranging));
        return saved.Id;
    }

    public Task<int> EventAsync(int timelineId, string title, string summary, bool published = false, IEnumerable<string>? tags = null, IEnumerable<string>? actors = null) =>
        UseAsync<EventEditor, int>(editor => editor.SaveAsync(
            new EventInput
            {
                TimelineId = timelineId,
                Title = title,
                Slug = $"e2e-{Guid.NewGuid():N}"[..20],
                Summary = summary,
                Start = "2025-06",
                IsPublished = published,
                Tags = [.. tags ?? []],
                Actors = [.. actors ?? []],
            },
            Arranging));

    /// <summary>Runs one editing service call as the arranger and asserts that it succeeded.</summary>
    public async Task<TValue> UseAsync<TService, TValue>(Func<TService, Task<SaveResult<TValue>>> call)
        where TService : notnull
    {
        await using var scope = services.CreateAsyncScope();
        var result = await call(scope.ServiceProvider.GetRequiredService<TService>());
        Assert.True(result.Succeeded, result.Problem ?? string.Join("; ", result.Errors.Select(e => $"{e.Key}: {e.Value}")));
        return result.Value!;
    }
}

/// <summary>A timeline created for one test.</summary>
public sealed record OwnedTimeline(int Id, string Slug);
