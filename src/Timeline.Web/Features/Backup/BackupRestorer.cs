using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Timeline.Web.Data;
using Timeline.Web.Features.Search;

namespace Timeline.Web.Features.Backup;

/// <summary>What a restore wrote, or why it wrote nothing.</summary>
internal sealed record RestoreResult(RestoreReport? Report, string? Problem);

/// <summary>What a restore wrote: the backup's header, the rows per table, and the accounts left without a password.</summary>
internal sealed record RestoreReport(
    string Schema, string? CreatedAt, bool IncludesSecrets, IReadOnlyList<(string Table, long Rows)> Tables, IReadOnlyList<string> AccountsWithoutPassword);

/// <summary>
/// Restores a backup written by <see cref="BackupWriter"/> into an empty database, in one transaction: every row lands,
/// with the ids it had (so links, revisions and addresses stay valid), or none does. A file that is not a backup, of
/// another format version or schema, or with any row that is not a row of its table (an unknown or missing column, a
/// value of another type, a reference to nothing) is refused with a message that names the table, the row and the
/// column. The file is read as a stream, token by token, and checked as it is read.
/// </summary>
internal static class BackupRestorer
{
    public static async Task<RestoreResult> RestoreAsync(TimelineDbContext db, Stream file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(file);
        var tokens = new JsonTokenStream(file);
        var where = "";
        try
        {
            var header = ReadHeader(tokens, BackupSchema.SchemaVersions(db).ToList());
            await db.Database.OpenConnectionAsync(cancellationToken);
            try
            {
                // Taken before the check: on SQLite this holds the write lock, so nothing is written between the check and the rows.
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                var restore = new Restore(db, transaction.GetDbTransaction(), header.IncludesSecrets);
                if (await restore.OccupiedAsync(cancellationToken) is { Count: > 0 } occupied)
                {
                    return new(null,
                        $"The database is not empty: it holds rows in {string.Join(", ", occupied.Select(o => $"{o.Table} ({o.Rows})"))}. "
                        + "A backup is restored only into a new database: point ConnectionStrings__Timeline at a file that does not exist yet and run restore again. Nothing was changed.");
                }

                var counts = await restore.TablesAsync(tokens, w => where = w, cancellationToken);
                where = "";
                if (tokens.Read() && tokens.TokenType != JsonTokenType.EndObject)
                {
                    throw new InvalidDataException($"After \"{BackupDocument.TablesProperty}\" the backup should end, but it goes on with {tokens.TokenType}.");
                }

                if (tokens.Read())
                {
                    throw new InvalidDataException("The backup goes on after its end.");
                }

                await SearchIndex.RebuildAsync(db, cancellationToken);
                await restore.MoveIdentitiesPastRestoredIdsAsync(cancellationToken);
                var withoutPassword = await db.Users.Where(u => u.PasswordHash == null).OrderBy(u => u.Email).Select(u => u.Email ?? u.UserName ?? u.Id).ToListAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return new(new RestoreReport(header.Schema, header.CreatedAt, header.IncludesSecrets, counts, withoutPassword), null);
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }
        catch (JsonException ex)
        {
            return new(null, $"The file is not valid JSON{where}: {ex.Message} Nothing was restored.");
        }
        catch (InvalidDataException ex)
        {
            return new(null, $"{ex.Message} Nothing was restored.");
        }
    }

    private sealed record Header(string Schema, string? CreatedAt, bool IncludesSecrets);

    private static Header ReadHeader(JsonTokenStream tokens, List<string> migrations)
    {
        const string NotABackup = "The file is not a Timeline backup: it does not begin with {\"format\": \"timeline-backup\", … } as the backup command writes.";
        if (!tokens.Read() || tokens.TokenType != JsonTokenType.StartObject
            || !tokens.Read() || tokens.TokenType != JsonTokenType.PropertyName || tokens.Text != BackupDocument.FormatProperty
            || !tokens.Read())
        {
            throw new InvalidDataException(NotABackup);
        }

        if (tokens.TokenType != JsonTokenType.String || tokens.Text != BackupDocument.Format)
        {
            throw new InvalidDataException(tokens.TokenType == JsonTokenType.String
                ? $"The file is a \"{tokens.Text}\" document, not a Timeline backup (\"{BackupDocument.Format}\")."
                : NotABackup);
        }

        string? version = null;
        string? schema = null;
        string? createdAt = null;
        bool? secrets = null;
        while (Next(tokens) is JsonTokenType.PropertyName && tokens.Text != BackupDocument.TablesProperty)
        {
            var name = tokens.Text;
            var value = Next(tokens);
            switch (name)
            {
                case BackupDocument.VersionProperty when value is JsonTokenType.Number:
                    version = tokens.Text;
                    break;
                case BackupDocument.SchemaProperty when value is JsonTokenType.String:
                    schema = tokens.Text;
                    break;
                case BackupDocument.CreatedAtProperty when value is JsonTokenType.String:
                    createdAt = tokens.Text;
                    break;
                case BackupDocument.IncludesSecretsProperty when value is JsonTokenType.True or JsonTokenType.False:
                    secrets = value is JsonTokenType.True;
                    break;
                default:
                    throw new InvalidDataException($"The backup's header has \"{name}\" as {value}, which a version {BackupDocument.Version} backup does not hold there.");
            }
        }

        if (version != BackupDocument.Version.ToString(CultureInfo.InvariantCulture))
        {
            throw new InvalidDataException(version is null
                ? "The backup does not say which version of the format it is written in."
                : $"The backup is written in version {version} of the format; this app reads version {BackupDocument.Version}. Restore it with the version of Timeline that wrote it.");
        }

        var latest = migrations.Count > 0 ? migrations[^1] : "(none)";
        if (schema != latest)
        {
            throw new InvalidDataException(schema is null ? "The backup does not say which schema it was written at."
                : migrations.Contains(schema)
                    ? $"The backup was written at schema {schema}, older than this app's {latest}. Restore it with the version of Timeline that wrote it, then start this version on that database, which migrates it."
                    : $"The backup was written at schema {schema}, which this app does not know (its schema is {latest}): it comes from another version of Timeline. Restore it with that version.");
        }

        if (secrets is null || tokens.TokenType != JsonTokenType.PropertyName)
        {
            throw new InvalidDataException(secrets is null
                ? $"The backup does not say whether it includes secrets (\"{BackupDocument.IncludesSecretsProperty}\")."
                : $"The backup has no \"{BackupDocument.TablesProperty}\".");
        }

        return new Header(schema, createdAt, secrets.Value);
    }

    private static JsonTokenType Next(JsonTokenStream tokens) => tokens.Read() ? tokens.TokenType : JsonTokenType.None;

    /// <summary>The rows of one restore, written through one transaction.</summary>
    private sealed class Restore(TimelineDbContext db, DbTransaction transaction, bool includesSecrets)
    {
        private readonly IReadOnlyList<BackupTable> tables = BackupSchema.Tables(db.Model);
        private readonly ISqlGenerationHelper sql = db.GetService<ISqlGenerationHelper>();
        private readonly DbConnection connection = db.Database.GetDbConnection();

        /// <summary>The tables that already hold rows.</summary>
        public async Task<List<(string Table, long Rows)>> OccupiedAsync(CancellationToken cancellationToken)
        {
            var occupied = new List<(string, long)>();
            foreach (var table in tables)
            {
                await using var command = Command($"SELECT COUNT(*) FROM {sql.DelimitIdentifier(table.Name, table.Schema)}");
                var rows = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
                if (rows > 0)
                {
                    occupied.Add((table.Name, rows));
                }
            }

            return occupied;
        }

        /// <summary>Reads the "tables" object, inserting each row as it is read, and checks that every table was there.</summary>
        public async Task<IReadOnlyList<(string Table, long Rows)>> TablesAsync(JsonTokenStream tokens, Action<string> at, CancellationToken cancellationToken)
        {
            if (Next(tokens) != JsonTokenType.StartObject)
            {
                throw new InvalidDataException($"The backup's \"{BackupDocument.TablesProperty}\" is not an object of tables.");
            }

            var byName = tables.Where(t => includesSecrets || !t.IsSecret).ToDictionary(t => t.Name, StringComparer.Ordinal);
            var counts = new List<(string, long)>();
            while (Next(tokens) == JsonTokenType.PropertyName)
            {
                var name = tokens.Text!;
                if (!byName.TryGetValue(name, out var table))
                {
                    throw new InvalidDataException(tables.Any(t => t.Name == name)
                        ? $"The backup holds table {name}, which a backup without secrets does not."
                        : $"The backup holds a table {name} that this database does not have.");
                }

                if (counts.Any(c => c.Item1 == name))
                {
                    throw new InvalidDataException($"The backup holds table {name} twice.");
                }

                at($" (in table {name})");
                counts.Add((name, await RowsAsync(tokens, table, at, cancellationToken)));
            }

            if (byName.Keys.Except(counts.Select(c => c.Item1)).ToList() is { Count: > 0 } missing)
            {
                throw new InvalidDataException($"The backup has no {(missing.Count == 1 ? "table" : "tables")} {string.Join(", ", missing)}.");
            }

            return counts;
        }

        private async Task<long> RowsAsync(JsonTokenStream tokens, BackupTable table, Action<string> at, CancellationToken cancellationToken)
        {
            if (Next(tokens) != JsonTokenType.StartArray)
            {
                throw new InvalidDataException($"Table {table.Name} is not an array of rows.");
            }

            var columns = table.Columns;
            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < columns.Count; i++)
            {
                if (includesSecrets || !columns[i].IsSecret)
                {
                    index[columns[i].Name] = i;
                }
            }

            // Ids are inserted as they were. SQLite's AUTOINCREMENT counters move past the largest id by themselves;
            // PostgreSQL's identity sequences do not (MoveIdentitiesPastRestoredIdsAsync).
            await using var insert = Command(
                $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.Name)))}) "
                + $"VALUES ({string.Join(", ", columns.Select((_, i) => sql.GenerateParameterNamePlaceholder($"p{i}")))})");
            long row = 0;
            while (Next(tokens) is var token && token != JsonTokenType.EndArray)
            {
                row++;
                var here = $"Table {table.Name}, row {row}";
                at($" (in table {table.Name}, row {row})");
                if (token != JsonTokenType.StartObject)
                {
                    throw new InvalidDataException($"{here} is {token}, not an object of columns.");
                }

                var values = new object?[columns.Count];
                var seen = new bool[columns.Count];
                while (Next(tokens) == JsonTokenType.PropertyName)
                {
                    var name = tokens.Text!;
                    if (!index.TryGetValue(name, out var i))
                    {
                        throw new InvalidDataException(columns.Any(c => c.Name == name)
                            ? $"{here} has column {name}, which a backup without secrets does not hold."
                            : $"{here} has a column {name} that the table does not have.");
                    }

                    if (seen[i])
                    {
                        throw new InvalidDataException($"{here} gives column {name} twice.");
                    }

                    var (value, problem) = BackupValues.Read(columns[i], Next(tokens), tokens.Text);
                    if (problem is not null)
                    {
                        throw new InvalidDataException($"{here}, column {name}: the value {problem}.");
                    }

                    values[i] = columns[i].ToModel(value);
                    if (values[i] is DateTimeOffset instant && db.Database.IsNpgsql())
                    {
                        // PostgreSQL's timestamptz holds an instant and Npgsql writes only UTC ones; SQLite kept the offset.
                        values[i] = instant.ToUniversalTime();
                    }

                    seen[i] = true;
                }

                if (index.Where(c => !seen[c.Value]).Select(c => c.Key).ToList() is { Count: > 0 } missing)
                {
                    throw new InvalidDataException($"{here} has no value for {(missing.Count == 1 ? "column" : "columns")} {string.Join(", ", missing)}.");
                }

                insert.Parameters.Clear();
                for (var i = 0; i < columns.Count; i++)
                {
                    var value = seen[i] ? values[i] : columns[i].SecretStandIn();
                    insert.Parameters.Add(columns[i].Mapping.CreateParameter(insert, sql.GenerateParameterName($"p{i}"), value, columns[i].IsNullable));
                }

                try
                {
                    await insert.ExecuteNonQueryAsync(cancellationToken);
                }
                catch (DbException ex)
                {
                    throw new InvalidDataException(
                        $"{here} was refused by the database ({ex.Message}): it may point to a row that is not in the backup, or repeat a row that is.", ex);
                }
            }

            return row;
        }

        /// <summary>
        /// On PostgreSQL, sets every identity sequence past its table's largest restored id, so the next row an editor
        /// adds gets a new id instead of colliding with a restored one.
        /// </summary>
        public async Task MoveIdentitiesPastRestoredIdsAsync(CancellationToken cancellationToken)
        {
            if (!db.Database.IsNpgsql())
            {
                return;
            }

            var identities = new List<(string Table, string Column)>();
            await using (var find = Command("""
                SELECT table_name, column_name FROM information_schema.columns
                WHERE table_schema = current_schema() AND is_identity = 'YES' ORDER BY table_name
                """))
            {
                await using var reader = await find.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    identities.Add((reader.GetString(0), reader.GetString(1)));
                }
            }

            foreach (var (table, column) in identities)
            {
                var name = sql.DelimitIdentifier(table);
                var id = sql.DelimitIdentifier(column);
                await using var move = Command(
                    $"SELECT setval(pg_get_serial_sequence('{name.Replace("'", "''", StringComparison.Ordinal)}', '{column.Replace("'", "''", StringComparison.Ordinal)}'), "
                    + $"COALESCE(MAX({id}), 1), MAX({id}) IS NOT NULL) FROM {name}");
                await move.ExecuteScalarAsync(cancellationToken);
            }
        }

        private DbCommand Command(string text)
        {
            var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = text;
            return command;
        }
    }
}
