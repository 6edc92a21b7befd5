using System.Text.Json;
using System.Text.Json.Serialization;
using Timeline.Web.Data;

namespace Timeline.Web.Features.Editing;

/// <summary>Records every create, change, delete and restore with JSON snapshots, so nothing an editor did is lost.</summary>
public static class RevisionLog
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static string Serialize<T>(T snapshot) => JsonSerializer.Serialize(snapshot, Json);

    public static T? Deserialize<T>(string? json) => json is null ? default : JsonSerializer.Deserialize<T>(json, Json);

    public static Revision Record<T>(
        TimelineDbContext db, RevisionSubject subject, int subjectId, int? timelineId, RevisionAction action,
        string summary, EditorIdentity user, T? before, T? after, DateTimeOffset at)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        var revision = new Revision
        {
            Subject = subject,
            SubjectId = subjectId,
            TimelineId = timelineId,
            Action = action,
            Summary = summary.Length > 400 ? summary[..400] : summary,
            UserId = user.UserId,
            UserName = user.UserName,
            At = at,
            Before = before is null ? null : Serialize(before),
            After = after is null ? null : Serialize(after),
        };
        db.Revisions.Add(revision);
        return revision;
    }
}
