using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Timeline.Web.Data;

namespace Timeline.Web.Features.Accounts;

/// <summary>
/// Sign-ins recorded on the server. Each sign-in's id is a claim of its cookie; signing out ends it, and every request
/// and every save of the editor checks that its sign-in has not ended (one indexed lookup), so a sign-out ends that
/// sign-in at once wherever it is open.
/// </summary>
public sealed class EditorSessions(IDbContextFactory<TimelineDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>The claim that carries the sign-in's id.</summary>
    public const string Claim = "timeline:session";

    public async Task<string> StartAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var session = new EditorSession { Id = Guid.NewGuid().ToString("D"), UserId = userId, CreatedAt = clock.GetUtcNow() };
        db.EditorSessions.Add(session);
        await db.SaveChangesAsync(cancellationToken);
        return session.Id;
    }

    /// <summary>Ends the sign-in this principal carries; nothing happens for one that carries none.</summary>
    public async Task EndAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.FindFirstValue(Claim) is not { } id)
        {
            return;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        await db.EditorSessions.Where(s => s.Id == id && s.EndedAt == null).ExecuteUpdateAsync(s => s.SetProperty(x => x.EndedAt, now), cancellationToken);
    }

    /// <summary>True while the principal's sign-in exists and has not ended; false for one without a recorded sign-in.</summary>
    public async Task<bool> IsActiveAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.FindFirstValue(Claim) is not { } id || user.FindFirstValue(ClaimTypes.NameIdentifier) is not { } userId)
        {
            return false;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.EditorSessions.AnyAsync(s => s.Id == id && s.UserId == userId && s.EndedAt == null, cancellationToken);
    }
}
