using System.CommandLine;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Timeline.Web.Data;

namespace Timeline.Web.Features.Backup;

/// <summary>
/// <c>backup FILE [--include-secrets]</c> and <c>restore FILE</c>: the whole database as one portable JSON document
/// (<see cref="BackupDocument"/>), and back into a new, empty database. Both run through <see cref="CommandGuard"/>:
/// they migrate, never seed. The engine-bound copy of a live SQLite file is the README's online backup (VACUUM INTO).
/// </summary>
public static class BackupCommands
{
    private const string StandardOutput = "-";

    /// <summary>Adds both commands to the app's command line (<see cref="Commands.TimelineCommandLine"/>).</summary>
    public static void AddTo(RootCommand root, IServiceProvider services, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(root);
        var file = new Argument<string>("file") { Description = "The file to write, or - for standard output. An existing file is replaced only once the backup is complete." };
        var secrets = new Option<bool>("--include-secrets")
        {
            Description = "Also write password hashes, security stamps, Identity's user tokens and the data-protection keys, so that accounts sign in "
                + "as before after a restore. Keep such a file as safe as the passwords themselves.",
        };
        var backup = new Command(
            "backup",
            "Write everything in the database as one JSON document: timelines, events, eras, sources, passages and their links, tags, actors, media, "
            + "revisions, notices, former slugs, accounts and their history. Without --include-secrets no password hash or key is written.")
        {
            file, secrets,
        };
        backup.SetAction((result, cancellationToken) => CommandGuard.RunAsync(services, error, () =>
            BackupAsync(services, result.GetValue(file)!, result.GetValue(secrets), output, error, cancellationToken)));
        root.Subcommands.Add(backup);

        var from = new Argument<string>("file") { Description = "A backup written by the backup command." };
        var restore = new Command(
            "restore",
            "Restore a backup into an empty database (a new file: point ConnectionStrings__Timeline at it), keeping every id. All of it lands or "
            + "nothing does; a database that holds anything is refused.")
        {
            from,
        };
        restore.SetAction(async (result, cancellationToken) =>
        {
            var path = result.GetValue(from)!;
            var info = new FileInfo(path);
            // Checked before the database is opened: a wrong file creates no database.
            if (!info.Exists)
            {
                await error.WriteLineAsync($"There is no file {path}. Nothing was restored.");
                return 1;
            }

            if (info.Length > Limits.BackupBytes)
            {
                await error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{path} is {info.Length:N0} bytes, more than the {Limits.BackupBytes:N0} a restore reads: it is not a backup this app would write. Nothing was restored."));
                return 1;
            }

            return await CommandGuard.RunAsync(services, error, () => RestoreAsync(services, info.FullName, output, error, cancellationToken));
        });
        root.Subcommands.Add(restore);
    }

    private static async Task<int> BackupAsync(IServiceProvider services, string path, bool includeSecrets, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<TimelineDbContext>>().CreateDbContextAsync(cancellationToken);
        var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow();
        if (path == StandardOutput)
        {
            // The document is the output, so what is said about it goes to standard error.
            var written = await BackupWriter.WriteAsync(db, includeSecrets, now,
                async (bytes, token) => await output.WriteAsync(Encoding.UTF8.GetString(bytes.Span).AsMemory(), token), cancellationToken);
            await output.FlushAsync(cancellationToken);
            return await ReportAsync(written, "standard output", error);
        }

        var target = Path.GetFullPath(path);
        var partial = target + ".partial";
        try
        {
            BackupReport report;
            await using (var stream = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                report = await BackupWriter.WriteAsync(db, includeSecrets, now, (bytes, token) => stream.WriteAsync(bytes, token), cancellationToken);
                stream.Flush(flushToDisk: true);
            }

            if (report.Bytes > Limits.BackupBytes)
            {
                return await ReportAsync(report, path, error);
            }

            File.Move(partial, target, overwrite: true);
            return await ReportAsync(report, path, output);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"The backup could not be written to {path}: {ex.Message} Nothing was written.");
            return 1;
        }
        finally
        {
            if (File.Exists(partial))
            {
                File.Delete(partial);
            }
        }
    }

    private static async Task<int> ReportAsync(BackupReport report, string where, TextWriter writer)
    {
        if (report.Bytes > Limits.BackupBytes)
        {
            await writer.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"The backup came to {report.Bytes:N0} bytes, more than the {Limits.BackupBytes:N0} a restore reads, so it was not kept. Copy this database with the online backup (VACUUM INTO) instead."));
            return 1;
        }

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Backed up {report.Tables.Sum(t => t.Rows):N0} rows of {report.Tables.Count} tables at schema {report.Schema} to {where} ({report.Bytes:N0} bytes):");
        text.AppendLine();
        AppendTables(text, report.Tables);
        text.AppendLine(report.IncludesSecrets
            ? "It includes password hashes and keys: keep it as safe as the passwords themselves."
            : "It holds no password hash or key: after a restore each account gets a password with 'users set-password EMAIL'. Add --include-secrets to keep them.");
        await writer.WriteAsync(text.ToString());
        return 0;
    }

    private static async Task<int> RestoreAsync(IServiceProvider services, string path, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<TimelineDbContext>>().CreateDbContextAsync(cancellationToken);
        RestoreResult result;
        await using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16))
        {
            result = await BackupRestorer.RestoreAsync(db, file, cancellationToken);
        }

        if (result.Report is not { } report)
        {
            await error.WriteLineAsync(result.Problem);
            return 1;
        }

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture,
            $"Restored {report.Tables.Sum(t => t.Rows):N0} rows of {report.Tables.Count} tables from the backup of {report.CreatedAt ?? "an unknown date"} (schema {report.Schema}), with the ids they had:");
        text.AppendLine();
        AppendTables(text, report.Tables);
        text.AppendLine("The search index was rebuilt.");
        if (report.AccountsWithoutPassword.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"The backup holds no passwords, so {report.AccountsWithoutPassword.Count} {(report.AccountsWithoutPassword.Count == 1 ? "account has" : "accounts have")} none and cannot sign in yet: ");
            text.AppendLine(string.Join(", ", report.AccountsWithoutPassword) + ".");
            text.AppendLine("Give an admin a password with 'users set-password EMAIL' (add --must-change to have them choose their own when they sign in); "
                + "signed in, an admin sets the others' on the users page.");
        }
        else if (report.IncludesSecrets)
        {
            text.AppendLine("Passwords and keys were restored: accounts sign in as before.");
        }

        await output.WriteAsync(text.ToString());
        return 0;
    }

    private static void AppendTables(StringBuilder text, IReadOnlyList<(string Table, long Rows)> tables)
    {
        var width = tables.Count == 0 ? 0 : tables.Max(t => t.Table.Length);
        foreach (var (table, rows) in tables)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {table.PadRight(width)}  {rows,9:N0}");
            text.AppendLine();
        }
    }
}
