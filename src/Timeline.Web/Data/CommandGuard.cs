using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Timeline.Web.Data;

/// <summary>
/// Runs a command-line command (<c>users</c>, <c>generate</c>) against the database: applies migrations first (EF Core
/// holds its migration lock, so a command and a starting server never migrate at once) but never seeds, and turns a
/// database that is busy, locked or refuses a write into one clear sentence and exit code 1 instead of a stack trace.
/// </summary>
public static class CommandGuard
{
    // SQLite's primary result codes for "another connection holds the lock" and for a constraint that refused a row.
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteConstraint = 19;

    // PostgreSQL's SQLSTATEs for the same: a lock not granted, a deadlock or a serialization failure; a unique violation.
    private static readonly string[] PostgresBusy = [PostgresErrorCodes.LockNotAvailable, PostgresErrorCodes.DeadlockDetected, PostgresErrorCodes.SerializationFailure];

    public static async Task<int> RunAsync(IServiceProvider services, TextWriter error, Func<Task<int>> command)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(command);
        try
        {
            await services.PrepareDatabaseAsync(seed: false);
            return await command();
        }
        catch (Exception ex) when (Describe(ex) is { } message)
        {
            await error.WriteLineAsync(message);
            return 1;
        }
    }

    /// <summary>What to tell the operator about a database failure, or null for a failure that is a bug.</summary>
    internal static string? Describe(Exception exception)
    {
        if (Find<DatabaseSetupException>(exception) is { } setup)
        {
            return setup.Message;
        }

        if (Find<PostgresException>(exception) is { } postgres)
        {
            return postgres.SqlState switch
            {
                _ when PostgresBusy.Contains(postgres.SqlState) =>
                    "The database is busy: another process (a starting server or another command) holds it. Nothing was changed; try again in a moment.",
                PostgresErrorCodes.UniqueViolation =>
                    "The database refused the change because a row like it already exists (another process may have written it at the same moment). Nothing was changed; run the command again to see where things stand.",
                _ => $"The database could not be used: {postgres.MessageText} Nothing was changed.",
            };
        }

        if (Find<NpgsqlException>(exception) is { } npgsql)
        {
            return $"The PostgreSQL database cannot be reached: {npgsql.Message} Nothing was changed.";
        }

        var sqlite = Find<SqliteException>(exception);
        return sqlite?.SqliteErrorCode switch
        {
            SqliteBusy or SqliteLocked =>
                "The database is busy: another process (a starting server or another command) holds it. Nothing was changed; try again in a moment.",
            SqliteConstraint =>
                "The database refused the change because a row like it already exists (another process may have written it at the same moment). Nothing was changed; run the command again to see where things stand.",
            _ when sqlite is not null => $"The database could not be used: {sqlite.Message} Nothing was changed.",
            _ when Find<DbUpdateException>(exception) is not null =>
                "The database refused the change. Nothing was changed; run the command again to see where things stand.",
            _ => null,
        };
    }

    private static T? Find<T>(Exception? exception)
        where T : Exception
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is T found)
            {
                return found;
            }
        }

        return null;
    }
}
