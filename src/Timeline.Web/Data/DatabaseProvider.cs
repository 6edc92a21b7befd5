namespace Timeline.Web.Data;

/// <summary>The database engine the app runs on, chosen by the <c>Database:Provider</c> setting.</summary>
public enum DatabaseProvider
{
    /// <summary>One SQLite file (WAL), the default: one machine, nothing to install.</summary>
    Sqlite,

    /// <summary>A PostgreSQL server, for several app instances sharing one database.</summary>
    Postgres,
}

/// <summary>A database setting that cannot work, or a database that cannot be reached: told to the operator in one message.</summary>
public sealed class DatabaseSetupException(string message, Exception? innerException = null) : Exception(message, innerException);
