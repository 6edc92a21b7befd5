namespace Timeline.Web.Features.Backup;

/// <summary>
/// The backup's JSON document, version 1:
/// <c>{ "format": "timeline-backup", "version": 1, "schema": "&lt;latest applied migration&gt;", "createdAt": "&lt;ISO 8601&gt;",
/// "includesSecrets": false, "tables": { "&lt;table&gt;": [ { "&lt;column&gt;": value, … }, … ], … } }</c>.
/// Tables come principals first; a backup without secrets leaves out the secret tables and columns
/// (<see cref="BackupSchema"/>). Nothing in it is particular to one database engine.
/// </summary>
internal static class BackupDocument
{
    public const string Format = "timeline-backup";
    public const int Version = 1;

    public const string FormatProperty = "format";
    public const string VersionProperty = "version";
    public const string SchemaProperty = "schema";
    public const string CreatedAtProperty = "createdAt";
    public const string IncludesSecretsProperty = "includesSecrets";
    public const string TablesProperty = "tables";
}
