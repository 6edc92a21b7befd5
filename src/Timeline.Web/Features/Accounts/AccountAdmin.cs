using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Timeline.Web.Data;
using Timeline.Web.Features.Editing;

namespace Timeline.Web.Features.Accounts;

/// <summary>An account as the users page lists it.</summary>
/// <param name="HasPassword">False for an account restored from a backup without secrets: it signs in once given a password.</param>
public sealed record AccountRow(string Id, string Email, string Name, string Role, bool IsDisabled, bool MustChangePassword, bool IsThrottled, bool HasPassword);

/// <summary>What an admin action came to: done (with what to tell the admin), or refused with the reason.</summary>
public sealed record AccountResult(bool Succeeded, string Message)
{
    public static AccountResult Done(string message) => new(true, message);
    public static AccountResult Refused(string reason) => new(false, reason);
}

/// <summary>
/// What admins do to accounts: disable and enable, remove (the revisions keep the name), set a password that must be
/// changed at the next sign-in, lift a sign-in throttle, change the role. Only an admin may act; nobody can disable or
/// remove their own account, and the last admin can be neither removed, disabled nor demoted. Every action is recorded.
/// </summary>
public sealed class AccountAdmin(
    UserManager<EditorUser> users, IDbContextFactory<TimelineDbContext> dbFactory, SignInThrottle throttle, TimeProvider clock)
{
    public async Task<IReadOnlyList<AccountRow>> ListAsync(CancellationToken cancellationToken = default)
    {
        var rows = new List<AccountRow>();
        foreach (var user in await users.Users.OrderBy(u => u.Email).ToListAsync(cancellationToken))
        {
            var roles = await users.GetRolesAsync(user);
            rows.Add(new AccountRow(user.Id, user.Email ?? "", user.DisplayName, roles.Contains(Roles.Admin) ? Roles.Admin : Roles.Editor,
                user.IsDisabled, user.MustChangePassword, await throttle.IsThrottledAsync(user.Email ?? ""), user.PasswordHash is not null));
        }

        return rows;
    }

    /// <summary>The latest actions on accounts, newest first.</summary>
    public async Task<IReadOnlyList<AccountEvent>> HistoryAsync(int count = 50, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.AccountEvents.AsNoTracking().OrderByDescending(a => a.Id).Take(count).ToListAsync(cancellationToken);
    }

    public Task<AccountResult> DisableAsync(EditorIdentity actor, string userId, CancellationToken cancellationToken = default) =>
        ActAsync(actor, userId, async (user, db) =>
        {
            if (user.Id == actor.UserId)
            {
                return AccountResult.Refused("You cannot disable your own account: another admin can.");
            }

            if (await IsLastAdminAsync(user))
            {
                return AccountResult.Refused("This is the last admin: make another account an admin first.");
            }

            user.IsDisabled = true;
            await users.UpdateSecurityStampAsync(user);
            await EndSessionsAsync(db, user.Id, cancellationToken);
            return AccountResult.Done($"Disabled {user.Email}: their open sessions have ended and sign-in is refused.");
        }, "Disabled the account", cancellationToken);

    public Task<AccountResult> EnableAsync(EditorIdentity actor, string userId, CancellationToken cancellationToken = default) =>
        ActAsync(actor, userId, async (user, _) =>
        {
            user.IsDisabled = false;
            await users.UpdateAsync(user);
            return AccountResult.Done($"Enabled {user.Email}: they can sign in again.");
        }, "Enabled the account", cancellationToken);

    /// <summary>Removes the account; its revisions keep the name they were recorded with.</summary>
    public Task<AccountResult> RemoveAsync(EditorIdentity actor, string userId, CancellationToken cancellationToken = default) =>
        ActAsync(actor, userId, async (user, db) =>
        {
            if (user.Id == actor.UserId)
            {
                return AccountResult.Refused("You cannot remove your own account: another admin can.");
            }

            if (await IsLastAdminAsync(user))
            {
                return AccountResult.Refused("This is the last admin: make another account an admin first.");
            }

            await EndSessionsAsync(db, user.Id, cancellationToken);
            await db.Revisions.Where(r => r.UserId == user.Id).ExecuteUpdateAsync(r => r.SetProperty(x => x.UserId, (string?)null), cancellationToken);
            var deleted = await users.DeleteAsync(user);
            return deleted.Succeeded
                ? AccountResult.Done($"Removed {user.Email}. Their changes stay in the history under their name.")
                : AccountResult.Refused(string.Join(" ", deleted.Errors.Select(e => e.Description)));
        }, "Removed the account", cancellationToken);

    /// <summary>Sets a password the editor must change at the next sign-in (passed on privately: no e-mail is sent).</summary>
    public Task<AccountResult> SetPasswordAsync(EditorIdentity actor, string userId, string password, CancellationToken cancellationToken = default) =>
        ActAsync(actor, userId, async (user, db) =>
        {
            foreach (var validator in users.PasswordValidators)
            {
                var valid = await validator.ValidateAsync(users, user, password ?? "");
                if (!valid.Succeeded)
                {
                    return AccountResult.Refused(string.Join(" ", valid.Errors.Select(e => e.Description)));
                }
            }

            await users.RemovePasswordAsync(user);
            var added = await users.AddPasswordAsync(user, password!);
            if (!added.Succeeded)
            {
                return AccountResult.Refused(string.Join(" ", added.Errors.Select(e => e.Description)));
            }

            user.MustChangePassword = true;
            await users.UpdateAsync(user);
            await EndSessionsAsync(db, user.Id, cancellationToken);
            return AccountResult.Done($"New password set for {user.Email}. Pass it on privately: they choose their own when they next sign in.");
        }, "Set a new password (to be changed at the next sign-in)", cancellationToken);

    /// <summary>Lets the account try to sign in again at once from every address its failures were counted from.</summary>
    public Task<AccountResult> UnlockAsync(EditorIdentity actor, string userId, CancellationToken cancellationToken = default) =>
        ActAsync(actor, userId, async (user, _) =>
        {
            await throttle.ClearAsync(user.Email ?? "");
            return AccountResult.Done($"{user.Email} can try to sign in again now.");
        }, "Lifted the sign-in wait", cancellationToken);

    public Task<AccountResult> SetRoleAsync(EditorIdentity actor, string userId, string role, CancellationToken cancellationToken = default) =>
        ActAsync(actor, userId, async (user, db) =>
        {
            if (!Roles.All.Contains(role))
            {
                return AccountResult.Refused($"There is no role “{role}”: choose {Roles.Editor} or {Roles.Admin}.");
            }

            var current = await users.GetRolesAsync(user);
            if (current.Count == 1 && current[0] == role)
            {
                return AccountResult.Refused($"{user.Email} is already {(role == Roles.Admin ? "an admin" : "an editor")}.");
            }

            if (role != Roles.Admin && await IsLastAdminAsync(user))
            {
                return AccountResult.Refused("This is the last admin: make another account an admin first.");
            }

            await users.RemoveFromRolesAsync(user, current);
            await users.AddToRoleAsync(user, role);
            // Roles travel in the sign-in cookie: ending the open sessions applies the new role at once.
            await EndSessionsAsync(db, user.Id, cancellationToken);
            return AccountResult.Done($"{user.Email} is now {(role == Roles.Admin ? "an admin" : "an editor")}; they sign in again to continue.");
        }, $"Made the account {(role == Roles.Admin ? "an admin" : "an editor")}", cancellationToken);

    private async Task<AccountResult> ActAsync(
        EditorIdentity actor, string userId, Func<EditorUser, TimelineDbContext, Task<AccountResult>> action, string record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.UserId is null || await users.FindByIdAsync(actor.UserId) is not { IsDisabled: false } admin || !await users.IsInRoleAsync(admin, Roles.Admin))
        {
            return AccountResult.Refused("Only an admin can manage accounts.");
        }

        if (await users.FindByIdAsync(userId) is not { } user)
        {
            return AccountResult.Refused("That account no longer exists: another admin may have removed it.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var email = user.Email ?? "";
        var result = await action(user, db);
        if (result.Succeeded)
        {
            db.AccountEvents.Add(new AccountEvent { At = clock.GetUtcNow(), ActorName = actor.UserName, SubjectEmail = email, Action = record });
            await db.SaveChangesAsync(cancellationToken);
        }

        return result;
    }

    private async Task<bool> IsLastAdminAsync(EditorUser user) =>
        await users.IsInRoleAsync(user, Roles.Admin)
        && (await users.GetUsersInRoleAsync(Roles.Admin)).Count(u => !u.IsDisabled) <= 1;

    private async Task EndSessionsAsync(TimelineDbContext db, string userId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await db.EditorSessions.Where(s => s.UserId == userId && s.EndedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.EndedAt, now), cancellationToken);
    }
}
