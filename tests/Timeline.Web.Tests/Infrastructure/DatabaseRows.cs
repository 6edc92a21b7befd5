using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Timeline.Web.Data;

namespace Timeline.Web.Tests.Infrastructure;

/// <summary>
/// Every row of every table of the EF model in a SQLite file, read with plain SQL and spelled as stored (type and
/// value), in key order: what two databases are compared by, so a table or column added later is compared too.
/// </summary>
public sealed class DatabaseRows
{
    private DatabaseRows(Dictionary<string, IReadOnlyList<string>> columns, Dictionary<string, IReadOnlyList<string[]>> rows)
    {
        Columns = columns;
        Rows = rows;
    }

    /// <summary>The columns of each table, as the rows hold them.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Columns { get; }

    public IReadOnlyDictionary<string, IReadOnlyList<string[]>> Rows { get; }

    /// <summary>A model for reading files: the app's own, without starting an app.</summary>
    public static TimelineDbContext Open(string path) =>
        new(new DbContextOptionsBuilder<TimelineDbContext>().UseSqlite($"Data Source={path};Pooling=False").Options);

    public static DatabaseRows Read(string path)
    {
        using var db = Open(path);
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        var columns = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var rows = new Dictionary<string, IReadOnlyList<string[]>>(StringComparer.Ordinal);
        foreach (var table in db.Model.GetRelationalModel().Tables)
        {
            var names = table.Columns.Select(c => c.Name).ToList();
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {string.Join(", ", names.Select(n => $"\"{n}\""))} FROM \"{table.Name}\" "
                + $"ORDER BY {string.Join(", ", table.PrimaryKey!.Columns.Select(c => $"\"{c.Name}\""))}";
            using var reader = command.ExecuteReader();
            var list = new List<string[]>();
            while (reader.Read())
            {
                list.Add([.. Enumerable.Range(0, names.Count).Select(i => Spell(reader.GetValue(i)))]);
            }

            columns[table.Name] = names;
            rows[table.Name] = list;
        }

        return new DatabaseRows(columns, rows);
    }

    /// <summary>The tables the file holds apart from EF's history and lock, SQLite's own and the full-text indexes with their shadow tables.</summary>
    public static IReadOnlySet<string> StoredTables(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT name FROM sqlite_master t WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\' AND name NOT IN ('__EFMigrationsHistory', '__EFMigrationsLock')
            AND sql NOT LIKE 'CREATE VIRTUAL TABLE%'
            AND NOT EXISTS (SELECT 1 FROM sqlite_master v WHERE v.sql LIKE 'CREATE VIRTUAL TABLE%' AND t.name LIKE v.name || '\_%' ESCAPE '\')
            """;
        using var reader = command.ExecuteReader();
        var names = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    private static string Spell(object value) => value switch
    {
        DBNull => "null",
        byte[] bytes => "blob:" + Convert.ToBase64String(bytes),
        _ => value.GetType().Name + ":" + Convert.ToString(value, CultureInfo.InvariantCulture),
    };
}
