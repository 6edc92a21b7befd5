using Microsoft.AspNetCore.Identity;

namespace Timeline.Web.Data;

/// <summary>A person who may edit timelines: an editor or an admin.</summary>
public sealed class EditorUser : IdentityUser
{
    public string DisplayName { get; set; } = "";

    /// <summary>Set by an admin: sign-in is refused and every open sign-in has ended. The account and its history stay.</summary>
    public bool IsDisabled { get; set; }

    /// <summary>Set when an admin sets the password: the editor chooses their own at the next sign-in.</summary>
    public bool MustChangePassword { get; set; }
}

/// <summary>What an admin did to an account, kept for the users page: who, to whom, what and when.</summary>
public sealed class AccountEvent
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public string ActorName { get; set; } = "";
    public string SubjectEmail { get; set; } = "";
    public string Action { get; set; } = "";
}

/// <summary>
/// One sign-in of an editor: its id travels in the sign-in cookie, and signing out ends it here, so the sign-in ends
/// everywhere it is open (other tabs' cookies and open editor pages alike), without waiting for any revalidation.
/// </summary>
public sealed class EditorSession
{
    public required string Id { get; set; }
    public required string UserId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
}

/// <summary>The roles an editor account can hold.</summary>
public static class Roles
{
    public const string Editor = "Editor";
    public const string Admin = "Admin";

    /// <summary>Either role may use the editor.</summary>
    public const string Editors = Editor + "," + Admin;

    public static readonly IReadOnlyList<string> All = [Editor, Admin];
}

/// <summary>What was done to an item.</summary>
public enum RevisionAction
{
    Created,
    Updated,
    Deleted,
    Restored,
}

/// <summary>Which kind of item a revision records.</summary>
public enum RevisionSubject
{
    Timeline,
    Event,
    Source,
}

/// <summary>One recorded change: who did what to which item and when, with JSON snapshots before and after.</summary>
public sealed class Revision
{
    public long Id { get; set; }
    public RevisionSubject Subject { get; set; }
    public int SubjectId { get; set; }

    /// <summary>The timeline the item belongs to, when it belongs to one, for per-timeline history.</summary>
    public int? TimelineId { get; set; }
    public RevisionAction Action { get; set; }
    public string Summary { get; set; } = "";
    public string? UserId { get; set; }
    public string UserName { get; set; } = "";
    public DateTimeOffset At { get; set; }
    public string? Before { get; set; }
    public string? After { get; set; }
}
