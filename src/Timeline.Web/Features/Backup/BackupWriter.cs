using System.Buffers;
using System.Data;
using System.Data.Common;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Timeline.Web.Data;

namespace Timeline.Web.Features.Backup;

/// <summary>What a backup holds: its schema and the rows per table, in the order written.</summary>
internal sealed record BackupReport(string Schema, bool IncludesSecrets, IReadOnlyList<(string Table, long Rows)> Tables, long Bytes);

/// <summary>
/// Writes the whole database as one JSON document (see <see cref="BackupDocument"/>), table by table in the order of
/// <see cref="BackupSchema"/>, each row an object of column name to value. Rows are streamed from one read snapshot to
/// the output as they are read, so a large database is never held in memory, and editors keep saving meanwhile.
/// </summary>
internal static class BackupWriter
{
    private const int FlushBytes = 1 << 20;

    // The file is read by tools and people, never put into a web page: letters of every script stay as they are.
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <param name="sink">Receives the document in pieces, each ending on a whole JSON token.</param>
    public static async Task<BackupReport> WriteAsync(
        TimelineDbContext db, bool includeSecrets, DateTimeOffset createdAt, Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask> sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(sink);
        var tables = BackupSchema.Tables(db.Model);
        var sql = db.GetService<ISqlGenerationHelper>();
        var schema = await BackupSchema.CurrentVersionAsync(db, cancellationToken);
        var counts = new List<(string, long)>();
        var buffer = new ArrayBufferWriter<byte>(FlushBytes * 2);
        long bytes = 0;
        async ValueTask FlushAsync(Utf8JsonWriter json, bool always)
        {
            json.Flush();
            if (buffer.WrittenCount >= FlushBytes || (always && buffer.WrittenCount > 0))
            {
                bytes += buffer.WrittenCount;
                await sink(buffer.WrittenMemory, cancellationToken);
                buffer.ResetWrittenCount();
            }
        }

        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var connection = db.Database.GetDbConnection();
            await using var snapshot = await BeginSnapshotAsync(connection, cancellationToken);
            await using var json = new Utf8JsonWriter(buffer, Options);
            json.WriteStartObject();
            json.WriteString(BackupDocument.FormatProperty, BackupDocument.Format);
            json.WriteNumber(BackupDocument.VersionProperty, BackupDocument.Version);
            json.WriteString(BackupDocument.SchemaProperty, schema);
            json.WriteString(BackupDocument.CreatedAtProperty, createdAt.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            json.WriteBoolean(BackupDocument.IncludesSecretsProperty, includeSecrets);
            json.WriteStartObject(BackupDocument.TablesProperty);
            foreach (var table in tables.Where(t => includeSecrets || !t.IsSecret))
            {
                var columns = table.ColumnsWritten(includeSecrets).ToList();
                await using var command = connection.CreateCommand();
                command.Transaction = snapshot;
                command.CommandText = $"SELECT {string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.Name)))} FROM {sql.DelimitIdentifier(table.Name, table.Schema)} "
                    + $"ORDER BY {string.Join(", ", table.Key.Select(k => sql.DelimitIdentifier(k)))}";
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                json.WriteStartArray(table.Name);
                long rows = 0;
                while (await reader.ReadAsync(cancellationToken))
                {
                    json.WriteStartObject();
                    for (var i = 0; i < columns.Count; i++)
                    {
                        json.WritePropertyName(columns[i].Name);
                        BackupValues.Write(json, columns[i], columns[i].Read(reader, i));
                    }

                    json.WriteEndObject();
                    rows++;
                    await FlushAsync(json, always: false);
                }

                json.WriteEndArray();
                counts.Add((table.Name, rows));
            }

            json.WriteEndObject();
            json.WriteEndObject();
            await FlushAsync(json, always: true);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        return new BackupReport(schema, includeSecrets, counts, bytes);
    }

    /// <summary>
    /// One consistent view of every table that does not hold the write lock: SQLite's deferred transaction takes its
    /// snapshot at the first read, and writers carry on beside it (WAL). PostgreSQL's REPEATABLE READ gives the same.
    /// </summary>
    private static async Task<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken) =>
        connection is SqliteConnection sqlite
            ? sqlite.BeginTransaction(deferred: true)
            : await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
}
