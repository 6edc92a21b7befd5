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

/// <summary>
/// A personal API token: lets a program (a newsroom CMS, a script) write through the API as the editor who created it.
/// Only the SHA-256 of the secret is stored; the secret itself is shown once, when the token is made.
/// </summary>
public sealed class ApiToken
{
    /// <summary>The longest name an editor can give a token.</summary>
    public const int MaxNameLength = 80;

    /// <summary>The length of <see cref="Prefix"/>: "tl_" and eight hex digits.</summary>
    public const int PrefixLength = 11;

    public int Id { get; set; }

    /// <summary>The editor the token writes as; removing the account removes its tokens.</summary>
    public required string UserId { get; set; }

    /// <summary>What the editor calls it ("newsroom CMS"); revisions name it after the editor.</summary>
    public required string Name { get; set; }

    /// <summary>The token's visible start ("tl_1a2b3c4d"), random and not secret: found by, and shown to tell tokens apart.</summary>
    public required string Prefix { get; set; }

    /// <summary>SHA-256 of the whole token as given to the editor.</summary>
    public required byte[] SecretHash { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The last request it authenticated, recorded at most once a minute.</summary>
    public DateTimeOffset? LastUsedAt { get; set; }

    /// <summary>After this moment the token is refused; null for a token that does not expire.</summary>
    public DateTimeOffset? ExpiresAt { get; set; }

    /// <summary>Set when the editor (or an admin) revoked it: refused from then on, kept for the list.</summary>
    public DateTimeOffset? RevokedAt { get; set; }
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
