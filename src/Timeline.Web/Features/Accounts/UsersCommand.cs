using Microsoft.AspNetCore.Identity;
using Timeline.Web.Data;

namespace Timeline.Web.Features.Accounts;

/// <summary>
/// The explicit, documented way to create accounts from a shell:
/// <c>dotnet run --project src/Timeline.Web -- users add EMAIL [--role admin|editor] [--name "Display Name"]</c>.
/// The password is read from standard input (one line) or prompted for without echo; there is no default password.
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
