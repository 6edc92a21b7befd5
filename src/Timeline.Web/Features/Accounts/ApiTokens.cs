using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Timeline.Web.Data;
using Timeline.Web.Features.Editing;

namespace Timeline.Web.Features.Accounts;

/// <summary>Whether a token can still be used.</summary>
public enum ApiTokenState
{
    Active,
    Expired,
    Revoked,
}

/// <summary>A token as the tokens page lists it: never its secret, which is not kept.</summary>
public sealed record ApiTokenRow(
    int Id, string Name, string Prefix, string OwnerId, string OwnerEmail,
    DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt)
{
    public ApiTokenState StateAt(DateTimeOffset now) =>
        RevokedAt is not null ? ApiTokenState.Revoked
        : ExpiresAt is { } expires && expires <= now ? ApiTokenState.Expired
        : ApiTokenState.Active;
}

/// <summary>A token just made, with its secret: the only time the secret exists outside the program that uses it.</summary>
public sealed record ApiTokenCreated(ApiTokenRow Token, string Secret);

/// <summary>The editor a request's token writes as, and which token it was.</summary>
public sealed record ApiCaller(string UserId, string UserName, IReadOnlyList<string> Roles, int TokenId, string TokenName)
{
    private const string TokenIdClaim = "timeline:api-token";
    private const string TokenNameClaim = "timeline:api-token-name";

    /// <summary>The name revisions record: "ann@example.org (API: newsroom CMS)".</summary>
    public EditorIdentity Identity => new(UserId, $"{UserName} (API: {TokenName})");

    /// <summary>The caller as the principal of a request authenticated by <paramref name="scheme"/>.</summary>
    public ClaimsPrincipal ToPrincipal(string scheme) => new(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, UserId),
            new Claim(ClaimTypes.Name, UserName),
            new Claim(TokenIdClaim, TokenId.ToString(CultureInfo.InvariantCulture)),
            new Claim(TokenNameClaim, TokenName),
            .. Roles.Select(r => new Claim(ClaimTypes.Role, r)),
        ],
        scheme));

    /// <summary>The caller a token-authenticated principal stands for; null for any other principal (a cookie's).</summary>
    public static ApiCaller? From(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.FindFirstValue(ClaimTypes.NameIdentifier) is { } id
            && user.FindFirstValue(TokenIdClaim) is { } tokenId
            && user.FindFirstValue(TokenNameClaim) is { } tokenName
            ? new ApiCaller(id, user.Identity?.Name ?? "", [.. user.FindAll(ClaimTypes.Role).Select(c => c.Value)],
                int.Parse(tokenId, CultureInfo.InvariantCulture), tokenName)
            : null;
    }
}

/// <summary>The verdict on a presented token: its caller, or one sentence saying why it is refused.</summary>
public sealed record ApiTokenCheck(ApiCaller? Caller, string? Refusal)
{
    public static ApiTokenCheck Refused(string reason) => new(null, reason);
}

/// <summary>
/// Personal API tokens: an editor makes one for a program, sees its secret once, and revokes it when the program no
/// longer needs it; admins may revoke anyone's. A token is <c>tl_</c>, eight hex digits that are its visible prefix,
/// <c>_</c> and 32 random bytes in base64url. Only its SHA-256 is stored; a request's token is found by its prefix and
/// its hash compared in constant time. A token works only while its account exists and is enabled, and is checked on
/// every request, so disabling an account stops its tokens at once.
/// </summary>
public sealed class ApiTokens(IDbContextFactory<TimelineDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>What every token starts with, so that a leaked one is recognised (by people and by secret scanners).</summary>
    public const string Marker = "tl_";

    /// <summary>The longest lifetime a token can be given.</summary>
    public const int MaxLifetimeDays = 730;

    /// <summary>How stale the recorded last use may get: a busy program does not write on every request.</summary>
    public static readonly TimeSpan LastUsedGranularity = TimeSpan.FromMinutes(1);

    private const int PrefixDigits = 8;
    private const int SecretBytes = 32;

    // "tl_" + 8 hex digits + "_" + 43 base64url characters (32 bytes without padding).
    private static readonly int TokenLength = Marker.Length + PrefixDigits + 1 + Base64Url.GetEncodedLength(SecretBytes);

    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdef");
    private static readonly SearchValues<char> Base64UrlDigits = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

    /// <summary>The caller's own tokens, or everyone's for an admin who asks; newest first.</summary>
    public async Task<IReadOnlyList<ApiTokenRow>> ListAsync(EditorIdentity viewer, bool everyone = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var all = everyone && viewer.UserId is { } id && await IsActiveAdminAsync(db, id, cancellationToken);
        var tokens = db.ApiTokens.AsNoTracking();
        if (!all)
        {
            tokens = tokens.Where(t => t.UserId == viewer.UserId);
        }

        // Ids order them by creation (SQLite cannot order by a DateTimeOffset).
        return await tokens.OrderByDescending(t => t.Id)
            .Join(db.Users, t => t.UserId, u => u.Id, (t, u) => new ApiTokenRow(
                t.Id, t.Name, t.Prefix, t.UserId, u.Email ?? u.UserName ?? "", t.CreatedAt, t.LastUsedAt, t.ExpiresAt, t.RevokedAt))
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Makes a token for the editor, named as they ask, expiring after <paramref name="lifetimeDays"/> (null: never).
    /// The name is required, one line, at most <see cref="ApiToken.MaxNameLength"/> characters, and not the name of
    /// another of their tokens in use. The secret is in the result and nowhere else.
    /// </summary>
    public async Task<SaveResult<ApiTokenCreated>> CreateAsync(EditorIdentity owner, string? name, int? lifetimeDays, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(owner);
        var errors = new FieldErrors();
        var clean = string.Join(' ', (name ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (clean.Length == 0)
        {
            errors["Name"] = "Name the token after the program that will use it, such as “newsroom CMS”.";
        }
        else if (clean.Length > ApiToken.MaxNameLength)
        {
            errors["Name"] = $"Keep the name under {ApiToken.MaxNameLength} characters (it has {clean.Length}).";
        }

        if (lifetimeDays is < 1 or > MaxLifetimeDays)
        {
            errors["Lifetime"] = $"Choose a lifetime from 1 to {MaxLifetimeDays} days, or none.";
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var user = owner.UserId is null ? null : await db.Users.FirstOrDefaultAsync(u => u.Id == owner.UserId, cancellationToken);
        if (user is null || user.IsDisabled)
        {
            return SaveResult<ApiTokenCreated>.Failed("Only an enabled editor account can have API tokens.");
        }

        if (errors.Count == 0)
        {
            var inUse = await db.ApiTokens.AsNoTracking().Where(t => t.UserId == user.Id && t.RevokedAt == null).Select(t => t.Name).ToListAsync(cancellationToken);
            if (inUse.Any(n => string.Equals(n, clean, StringComparison.OrdinalIgnoreCase)))
            {
                errors["Name"] = $"You already have a token named “{clean}”: choose another name, or revoke that one first.";
            }
        }

        if (errors.Count > 0)
        {
            return SaveResult<ApiTokenCreated>.Invalid(errors);
        }

        var now = clock.GetUtcNow();
        var prefix = Marker + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(PrefixDigits / 2));
        var secret = $"{prefix}_{Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(SecretBytes))}";
        var token = new ApiToken
        {
            UserId = user.Id,
            Name = clean,
            Prefix = prefix,
            SecretHash = Hash(secret),
            CreatedAt = now,
            ExpiresAt = lifetimeDays is { } days ? now.AddDays(days) : null,
        };
        db.ApiTokens.Add(token);
        db.AccountEvents.Add(new AccountEvent
        {
            At = now,
            ActorName = owner.UserName,
            SubjectEmail = user.Email ?? "",
            Action = $"Created the API token “{clean}” ({prefix}…)" + (token.ExpiresAt is { } expires ? $", expiring {Day(expires)}" : ", without expiry"),
        });
        await db.SaveChangesAsync(cancellationToken);
        return SaveResult<ApiTokenCreated>.Ok(new ApiTokenCreated(
            new ApiTokenRow(token.Id, token.Name, token.Prefix, user.Id, user.Email ?? "", token.CreatedAt, null, token.ExpiresAt, null), secret));
    }

    /// <summary>Revokes a token at once: its owner may, and so may an admin. Recorded with the account's history.</summary>
    public async Task<AccountResult> RevokeAsync(EditorIdentity actor, int tokenId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var token = await db.ApiTokens.FirstOrDefaultAsync(t => t.Id == tokenId, cancellationToken);
        if (token is null || actor.UserId is null
            || (token.UserId != actor.UserId && !await IsActiveAdminAsync(db, actor.UserId, cancellationToken)))
        {
            return AccountResult.Refused("There is no such token among those you can revoke.");
        }

        if (token.RevokedAt is { } revoked)
        {
            return AccountResult.Refused($"“{token.Name}” was already revoked on {Day(revoked)}.");
        }

        var now = clock.GetUtcNow();
        token.RevokedAt = now;
        var ownerEmail = await db.Users.Where(u => u.Id == token.UserId).Select(u => u.Email).FirstOrDefaultAsync(cancellationToken) ?? "";
        db.AccountEvents.Add(new AccountEvent { At = now, ActorName = actor.UserName, SubjectEmail = ownerEmail, Action = $"Revoked the API token “{token.Name}” ({token.Prefix}…)" });
        await db.SaveChangesAsync(cancellationToken);
        return AccountResult.Done($"Revoked “{token.Name}”: programs using it are refused from now on.");
    }

    /// <summary>
    /// Checks a presented token: well formed, known (hash compared in constant time), not revoked, not expired, its
    /// account present and enabled. Records when it was last used, at most once a <see cref="LastUsedGranularity"/>.
    /// Refusals are one plain ASCII sentence, fit for a WWW-Authenticate header.
    /// </summary>
    public async Task<ApiTokenCheck> AuthenticateAsync(string presented, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(presented);
        if (!IsWellFormed(presented))
        {
            return ApiTokenCheck.Refused($"The bearer token is not an API token of this site (those start with {Marker} and are {TokenLength} characters long).");
        }

        var hash = Hash(presented);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var prefix = presented[..ApiToken.PrefixLength];
        ApiToken? match = null;
        foreach (var candidate in await db.ApiTokens.AsNoTracking().Where(t => t.Prefix == prefix).ToListAsync(cancellationToken))
        {
            if (CryptographicOperations.FixedTimeEquals(candidate.SecretHash, hash))
            {
                match = candidate;
            }
        }

        if (match is null)
        {
            return ApiTokenCheck.Refused("The token is not known here: it may be mistyped, or its account was removed.");
        }

        var now = clock.GetUtcNow();
        if (match.RevokedAt is { } revoked)
        {
            return ApiTokenCheck.Refused($"The token was revoked on {Day(revoked)}.");
        }

        if (match.ExpiresAt is { } expires && expires <= now)
        {
            return ApiTokenCheck.Refused($"The token expired on {Day(expires)}.");
        }

        var user = await db.Users.AsNoTracking().Where(u => u.Id == match.UserId).Select(u => new { u.UserName, u.IsDisabled }).FirstOrDefaultAsync(cancellationToken);
        if (user is null)
        {
            return ApiTokenCheck.Refused("The token is not known here: it may be mistyped, or its account was removed.");
        }

        if (user.IsDisabled)
        {
            return ApiTokenCheck.Refused("The account this token belongs to is disabled.");
        }

        var roles = await db.UserRoles.Where(r => r.UserId == match.UserId)
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!)
            .ToListAsync(cancellationToken);
        if (match.LastUsedAt is not { } last || now - last >= LastUsedGranularity)
        {
            await db.ApiTokens.Where(t => t.Id == match.Id).ExecuteUpdateAsync(t => t.SetProperty(x => x.LastUsedAt, now), cancellationToken);
        }

        return new ApiTokenCheck(new ApiCaller(match.UserId, user.UserName ?? "", roles, match.Id, match.Name), null);
    }

    /// <summary>SHA-256 of the token's UTF-8 bytes: what is stored in place of the secret.</summary>
    public static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    private static bool IsWellFormed(string token) =>
        token.Length == TokenLength
        && token.StartsWith(Marker, StringComparison.Ordinal)
        && token[ApiToken.PrefixLength] == '_'
        && !token.AsSpan(Marker.Length, PrefixDigits).ContainsAnyExcept(HexDigits)
        && !token.AsSpan(ApiToken.PrefixLength + 1).ContainsAnyExcept(Base64UrlDigits);

    private static string Day(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static async Task<bool> IsActiveAdminAsync(TimelineDbContext db, string userId, CancellationToken cancellationToken) =>
        await db.Users.AnyAsync(u => u.Id == userId && !u.IsDisabled, cancellationToken)
        && await db.UserRoles.Where(r => r.UserId == userId).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name).AnyAsync(n => n == Roles.Admin, cancellationToken);
}
