using System.Data.Common;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Timeline.Web.Data;

namespace Timeline.Web.Features.Backup;

/// <summary>How a column's value is spelled in a backup: JSON's own types where they fit, ISO 8601 and base64 strings otherwise.</summary>
internal enum BackupValueKind
{
    String,
    Integer,
    Real,
    Decimal,
    Boolean,
    Guid,
    DateTimeOffset,
    DateTime,
    DateOnly,
    TimeOnly,
    TimeSpan,
    Bytes,
}

/// <summary>
/// One column of a backed-up table, read from the EF model: how the database stores it (its type mapping) and how the
/// backup spells it (the property's CLR type after the model's own value converter, so an enum stored by name is
/// written by name). Nothing here depends on the database engine, so a backup moves between SQLite and PostgreSQL.
/// </summary>
internal sealed class BackupColumn
{
    private static readonly System.Reflection.MethodInfo ReadMethod =
        typeof(BackupColumn).GetMethod(nameof(ReadField), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!;

    private readonly Func<DbDataReader, int, object> read;

    public BackupColumn(string name, IProperty property, RelationalTypeMapping mapping, bool isNullable, bool isSecret)
    {
        Name = name;
        Mapping = mapping;
        IsNullable = isNullable;
        IsSecret = isSecret;
        // A conversion the model asks for (enums by name: TimelineDbContext.ConfigureConventions) is part of the data and
        // spelled in the backup as stored; one a provider adds on its own is not, so that the file is the same from any engine.
        ModelConverter = property.GetValueConverter() ?? (property.GetProviderClrType() is not null ? mapping.Converter : null);
        var stored = mapping.Converter?.ProviderClrType ?? mapping.ClrType;
        read = ReadMethod.MakeGenericMethod(Nullable.GetUnderlyingType(stored) ?? stored).CreateDelegate<Func<DbDataReader, int, object>>();
        var spelled = ModelConverter?.ProviderClrType ?? property.ClrType;
        ValueType = Nullable.GetUnderlyingType(spelled) ?? spelled;
        Kind = KindOf(ValueType)
            ?? throw new NotSupportedException($"The backup has no spelling for {property.DeclaringType.DisplayName()}.{property.Name} of type {ValueType.Name}: add one to {nameof(BackupColumn)}.");
        SecretStandIn = isSecret && property.Name == nameof(IdentityUser.SecurityStamp) ? () => NewSecurityStamp() : () => null;
    }

    public string Name { get; }

    /// <summary>How the database stores the value; it makes the parameters of the restore's inserts.</summary>
    public RelationalTypeMapping Mapping { get; }

    /// <summary>The model's own converter (an enum to its name), whose stored side is what the backup holds.</summary>
    public ValueConverter? ModelConverter { get; }

    /// <summary>The CLR type of the value as the backup holds it (never nullable).</summary>
    public Type ValueType { get; }

    public BackupValueKind Kind { get; }

    public bool IsNullable { get; }

    /// <summary>Written only when secrets are asked for; see <see cref="BackupSchema"/>.</summary>
    public bool IsSecret { get; }

    /// <summary>What a restore stores for a secret the backup left out: nothing, or for a security stamp a fresh one.</summary>
    public Func<object?> SecretStandIn { get; }

    /// <summary>The value at <paramref name="ordinal"/> as the backup holds it, or null.</summary>
    public object? Read(DbDataReader reader, int ordinal)
    {
        if (reader.IsDBNull(ordinal))
        {
            return null;
        }

        var stored = read(reader, ordinal);
        var model = Mapping.Converter is { } converter ? converter.ConvertFromProvider(stored) : stored;
        return ModelConverter is { } own ? own.ConvertToProvider(model) : model;
    }

    /// <summary>The model's value for a value as the backup holds it (an enum for its name).</summary>
    public object? ToModel(object? value) => value is null || ModelConverter is null ? value : ModelConverter.ConvertFromProvider(value);

    private static object ReadField<T>(DbDataReader reader, int ordinal) => reader.GetFieldValue<T>(ordinal)!;

    private static BackupValueKind? KindOf(Type type) => type switch
    {
        _ when type == typeof(string) => BackupValueKind.String,
        _ when type == typeof(bool) => BackupValueKind.Boolean,
        _ when type.IsEnum || type == typeof(long) || type == typeof(int) || type == typeof(short) || type == typeof(byte) || type == typeof(sbyte)
            || type == typeof(uint) || type == typeof(ushort) => BackupValueKind.Integer,
        _ when type == typeof(double) || type == typeof(float) => BackupValueKind.Real,
        _ when type == typeof(decimal) => BackupValueKind.Decimal,
        _ when type == typeof(Guid) => BackupValueKind.Guid,
        _ when type == typeof(DateTimeOffset) => BackupValueKind.DateTimeOffset,
        _ when type == typeof(DateTime) => BackupValueKind.DateTime,
        _ when type == typeof(DateOnly) => BackupValueKind.DateOnly,
        _ when type == typeof(TimeOnly) => BackupValueKind.TimeOnly,
        _ when type == typeof(TimeSpan) => BackupValueKind.TimeSpan,
        _ when type == typeof(byte[]) => BackupValueKind.Bytes,
        _ => null,
    };

    // As Identity makes one: random, so that nothing signed with the old stamp (a cookie, a token) is accepted.
    private static string NewSecurityStamp() => Convert.ToHexString(RandomNumberGenerator.GetBytes(20));
}

/// <summary>One table of the database as a backup holds it: its columns in the model's order, its key for a stable row order.</summary>
internal sealed class BackupTable(string name, string? schema, IReadOnlyList<BackupColumn> columns, IReadOnlyList<string> key, bool isSecret)
{
    public string Name { get; } = name;
    public string? Schema { get; } = schema;
    public IReadOnlyList<BackupColumn> Columns { get; } = columns;
    public IReadOnlyList<string> Key { get; } = key;

    /// <summary>The whole table is written only when secrets are asked for.</summary>
    public bool IsSecret { get; } = isSecret;

    /// <summary>The columns a backup holds, with or without the secrets.</summary>
    public IEnumerable<BackupColumn> ColumnsWritten(bool includeSecrets) => Columns.Where(c => includeSecrets || !c.IsSecret);
}

/// <summary>
/// The tables a backup holds, read from the EF model so that every table and column is covered, now and after later
/// migrations: entities, many-to-many join tables, Identity's tables and the data-protection keys. Ordered so that a
/// table comes after every table its foreign keys point to, so a restore can insert them in that order.
/// Secrets, written only when asked for: password hashes and security stamps (what a sign-in is checked against),
/// Identity's user tokens (authenticator keys, recovery codes), editors' API tokens (their hashes let a program write as
/// the editor) and the data-protection keys (they decrypt sign-in cookies and anything else the app protected).
/// </summary>
internal static class BackupSchema
{
    private static readonly Type[] SecretEntities = [typeof(DataProtectionKey), typeof(IdentityUserToken<string>), typeof(Data.ApiToken)];
    private static readonly string[] SecretUserProperties = [nameof(IdentityUser.PasswordHash), nameof(IdentityUser.SecurityStamp)];

    /// <summary>
    /// The schema versions a backup can name, oldest first: the SQLite migration set's, on either engine. PostgreSQL's set
    /// is shorter (it began later, at the same model) but always kept at the same model, so a backup names one
    /// model whatever engine wrote it, and moves from SQLite to PostgreSQL and back.
    /// </summary>
    public static IEnumerable<string> SchemaVersions(TimelineDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (db.Database.IsSqlite())
        {
            return db.Database.GetMigrations();
        }

        using var reference = new TimelineDbContext(new DbContextOptionsBuilder<TimelineDbContext>().UseSqlite("Data Source=:memory:").Options);
        return [.. reference.Database.GetMigrations()];
    }

    /// <summary>The schema version of this database: its latest migration, or on PostgreSQL, once all its own are applied, SQLite's latest.</summary>
    public static async Task<string> CurrentVersionAsync(TimelineDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var applied = (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).ToList();
        if (db.Database.IsSqlite() || applied.Count == 0 || db.Database.GetMigrations().Except(applied).Any())
        {
            return applied.LastOrDefault() ?? "";
        }

        return SchemaVersions(db).LastOrDefault() ?? "";
    }

    public static IReadOnlyList<BackupTable> Tables(IModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var tables = model.GetRelationalModel().Tables.OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
        var ordered = new List<BackupTable>();
        var state = new Dictionary<ITable, bool>();
        foreach (var table in tables)
        {
            Visit(table, state, ordered, []);
        }

        return ordered;
    }

    /// <summary>Depth first: a table's principals are added before it. A self-reference is left to the rows' key order.</summary>
    private static void Visit(ITable table, Dictionary<ITable, bool> done, List<BackupTable> ordered, List<string> path)
    {
        if (done.TryGetValue(table, out var finished))
        {
            if (!finished)
            {
                throw new InvalidOperationException($"The tables' foreign keys form a cycle ({string.Join(" → ", path)} → {table.Name}): a backup cannot order them.");
            }

            return;
        }

        done[table] = false;
        path.Add(table.Name);
        foreach (var principal in table.ForeignKeyConstraints.Select(f => f.PrincipalTable).Where(p => p != table).Distinct().OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            Visit(principal, done, ordered, path);
        }

        path.RemoveAt(path.Count - 1);
        done[table] = true;
        ordered.Add(Describe(table));
    }

    private static BackupTable Describe(ITable table)
    {
        var secretTable = table.EntityTypeMappings.Any(m => SecretEntities.Contains(m.TypeBase.ClrType));
        var key = table.PrimaryKey?.Columns.Select(c => c.Name).ToList()
            ?? throw new InvalidOperationException($"Table {table.Name} has no primary key: a backup could not order its rows.");
        // The key first, so that a row reads from what it is.
        var columns = table.Columns.OrderBy(c => key.Contains(c.Name) ? key.IndexOf(c.Name) : key.Count).Select(column =>
        {
            var mapping = column.PropertyMappings[0];
            var property = mapping.Property;
            var secret = secretTable
                || (typeof(IdentityUser<string>).IsAssignableFrom(property.DeclaringType.ClrType) && SecretUserProperties.Contains(property.Name));
            return new BackupColumn(column.Name, property, mapping.TypeMapping, column.IsNullable, secret);
        }).ToList();
        return new BackupTable(table.Name, table.Schema, columns, key, secretTable);
    }
}
