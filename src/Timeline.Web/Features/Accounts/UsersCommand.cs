using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Timeline.Web.Data;

namespace Timeline.Web.Features.Accounts;

/// <summary>
/// The explicit, documented way to create accounts from a shell:
/// <c>dotnet run --project src/Timeline.Web -- users add EMAIL [--role admin|editor] [--name "Display Name"]</c>,
/// and to give one a new password: <c>users set-password EMAIL [--must-change]</c>. The password is read from
/// standard input (one line) or prompted for without echo; there is no default password.
/// </summary>
public static class UsersCommand
{
    /// <summary>Creates the account; the arguments were parsed by <see cref="Commands.TimelineCommandLine"/>.</summary>
    public static async Task<int> AddAsync(IServiceProvider services, string email, string roleName, string? displayName, TextReader input, TextWriter output, bool interactive)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        var role = Roles.All.First(r => string.Equals(r, roleName, StringComparison.OrdinalIgnoreCase));
        var password = interactive ? ReadPasswordFromConsole(output) : await input.ReadLineAsync();
        if (string.IsNullOrEmpty(password))
        {
            await output.WriteLineAsync("No password given: type it at the prompt or pipe it on standard input.");
            return 2;
        }

        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<EditorUser>>();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        if (await users.FindByEmailAsync(email) is not null || await users.FindByNameAsync(email) is not null)
        {
            await output.WriteLineAsync($"An account for {email} already exists. Nothing was changed.");
            return 1;
        }

        // The stores share the scope's context: the account and its role are written together or not at all.
        var db = scope.ServiceProvider.GetRequiredService<TimelineDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var result = await CreateAsync(users, roles, email, string.IsNullOrWhiteSpace(displayName) ? email : displayName.Trim(), password, role);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                await output.WriteLineAsync(error.Description);
            }

            await output.WriteLineAsync("Nothing was changed.");
            return 1;
        }

        await transaction.CommitAsync();

        await output.WriteLineAsync($"Created {role.ToLowerInvariant()} {email}. Sign in at /account/login.");
        return 0;
    }

    /// <summary>
    /// Gives an existing account a new password, read as <see cref="AddAsync"/> reads it: the way in for an account that
    /// has none (restored from a backup without secrets) or whose password is lost. Its open sign-ins end, and the
    /// change is listed in the accounts' history. With <paramref name="mustChange"/> the editor chooses their own at the
    /// next sign-in, as when an admin sets it on the users page.
    /// </summary>
    public static async Task<int> SetPasswordAsync(IServiceProvider services, string email, bool mustChange, TextReader input, TextWriter output, bool interactive)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<EditorUser>>();
        var user = await users.FindByEmailAsync(email) ?? await users.FindByNameAsync(email);
        if (user is null)
        {
            await output.WriteLineAsync($"There is no account for {email}. Nothing was changed.");
            return 1;
        }

        var password = interactive ? ReadPasswordFromConsole(output) : await input.ReadLineAsync();
        if (string.IsNullOrEmpty(password))
        {
            await output.WriteLineAsync("No password given: type it at the prompt or pipe it on standard input.");
            return 2;
        }

        foreach (var validator in users.PasswordValidators)
        {
            var valid = await validator.ValidateAsync(users, user, password);
            if (!valid.Succeeded)
            {
                await output.WriteLineAsync(string.Join(" ", valid.Errors.Select(e => e.Description)) + " Nothing was changed.");
                return 1;
            }
        }

        // The stores share the scope's context: the password, the ended sign-ins and the record go together or not at all.
        var db = scope.ServiceProvider.GetRequiredService<TimelineDbContext>();
        var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync();
        await users.RemovePasswordAsync(user);
        var added = await users.AddPasswordAsync(user, password);
        if (!added.Succeeded)
        {
            await output.WriteLineAsync(string.Join(" ", added.Errors.Select(e => e.Description)) + " Nothing was changed.");
            return 1;
        }

        user.MustChangePassword = mustChange;
        await users.UpdateAsync(user);
        await db.EditorSessions.Where(s => s.UserId == user.Id && s.EndedAt == null).ExecuteUpdateAsync(s => s.SetProperty(x => x.EndedAt, now));
        db.AccountEvents.Add(new AccountEvent
        {
            At = now,
            ActorName = "command line",
            SubjectEmail = user.Email ?? email,
            Action = mustChange ? "Set a new password (to be changed at the next sign-in)" : "Set a new password",
        });
        await db.SaveChangesAsync();
        await transaction.CommitAsync();

        await output.WriteLineAsync(mustChange
            ? $"New password set for {user.Email}. Pass it on privately: they choose their own when they next sign in at /account/login."
            : $"New password set for {user.Email}. Sign in at /account/login.");
        return 0;
    }

    /// <summary>Creates an account with one role; shared by this command and the admin's users page.</summary>
    public static async Task<IdentityResult> CreateAsync(
        UserManager<EditorUser> users, RoleManager<IdentityRole> roles, string email, string displayName, string password, string role)
    {
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(roles);
        foreach (var name in Roles.All)
        {
            if (!await roles.RoleExistsAsync(name))
            {
                await roles.CreateAsync(new IdentityRole(name));
            }
        }

        var user = new EditorUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = displayName };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            return created;
        }

        var added = await users.AddToRoleAsync(user, role);
        if (!added.Succeeded)
        {
            await users.DeleteAsync(user);
        }

        return added;
    }

    private static string ReadPasswordFromConsole(TextWriter output)
    {
        output.Write("Password: ");
        var password = new System.Text.StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                break;
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                if (password.Length > 0)
                {
                    password.Length--;
                }
            }
            else if (!char.IsControl(key.KeyChar))
            {
                password.Append(key.KeyChar);
            }
        }

        output.WriteLine();
        return password.ToString();
    }
}
