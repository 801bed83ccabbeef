using Hunyu.Core.Audit;
using Hunyu.Core.Errors;
using Hunyu.Core.Identity;
using Hunyu.Core.Security;

namespace Hunyu.Hosting;

/// <content>
/// Identities: users, groups and API keys of tenants, kept in the catalog. Every change is audited as
/// <see cref="AuditCaller.Current"/> (never with a key's secret); the host decides who may call these (the CLI is the
/// local administrator, the server checks the administrator role).
/// </content>
public sealed partial class KnowledgeBase
{
    /// <summary>How stale a key's last-used time may get before a request writes it again: one write per key per interval, not per request.</summary>
    public static readonly TimeSpan KeyUseRecordInterval = TimeSpan.FromMinutes(1);

    /// <summary>Longest key lifetime <see cref="AddApiKeyAsync"/> accepts.</summary>
    public const int MaxKeyLifetimeDays = 3650;

    /// <summary>The refusal reason for a key or token whose user is disabled.</summary>
    public const string UserDisabledReason = "user_disabled";

    /// <summary>
    /// Creates a user, or changes an existing one's role; when <paramref name="groups"/> is given the user's groups become
    /// exactly those (missing groups are created).
    /// </summary>
    /// <exception cref="HunyuException">A name is invalid (<c>invalid_argument</c>).</exception>
    public Task<IdentityUser> SaveUserAsync(string tenant, string name, PrincipalRole role, IReadOnlyList<string>? groups = null, CancellationToken cancellationToken = default) =>
        AuditedAsync(
            AuditActions.UserAdd,
            AuditCaller.Current.Principal,
            "user:" + name,
            () => _catalog.SaveUserAsync(tenant, name, role, groups, cancellationToken),
            user => Detail(("tenant", user.Tenant), ("role", PrincipalRoles.Format(user.Role)), ("groups", user.Groups)),
            Detail(("tenant", tenant), ("role", PrincipalRoles.Format(role))));

    /// <summary>One user, or null.</summary>
    public Task<IdentityUser?> GetUserAsync(string tenant, string name, CancellationToken cancellationToken = default) =>
        _catalog.GetUserAsync(tenant, name, cancellationToken);

    /// <summary>The users of a tenant (every tenant when null).</summary>
    public Task<IReadOnlyList<IdentityUser>> ListUsersAsync(string? tenant = null, CancellationToken cancellationToken = default) =>
        _catalog.ListUsersAsync(tenant, cancellationToken);

    /// <summary>Removes a user and revokes their keys; false (recorded as <c>not_found</c>) when there is no such user.</summary>
    public Task<bool> RemoveUserAsync(string tenant, string name, CancellationToken cancellationToken = default) =>
        AuditedAsync(
            AuditActions.UserRemove,
            AuditCaller.Current.Principal,
            "user:" + name,
            () => _catalog.RemoveUserAsync(tenant, name, cancellationToken),
            removed => Detail(("tenant", tenant), ("removed", removed)),
            Detail(("tenant", tenant)),
            removed => removed ? null : ErrorCode.NotFound.Code);

    /// <summary>
    /// Disables a user (their API keys and bearer tokens are refused until enabled again) or enables one; null (recorded as
    /// <c>not_found</c>) when there is no such user. Audited as <see cref="AuditActions.UserDisable"/> or
    /// <see cref="AuditActions.UserEnable"/>.
    /// </summary>
    public Task<IdentityUser?> SetUserDisabledAsync(string tenant, string name, bool disabled, CancellationToken cancellationToken = default) =>
        AuditedAsync(
            disabled ? AuditActions.UserDisable : AuditActions.UserEnable,
            AuditCaller.Current.Principal,
            "user:" + name,
            () => _catalog.SetUserDisabledAsync(tenant, name, disabled, cancellationToken),
            _ => Detail(("tenant", tenant)),
            Detail(("tenant", tenant)),
            user => user is null ? ErrorCode.NotFound.Code : null);

    /// <summary>Creates a group if it does not exist; true when it was created.</summary>
    /// <exception cref="HunyuException">A name is invalid (<c>invalid_argument</c>).</exception>
    public Task<bool> AddGroupAsync(string tenant, string name, CancellationToken cancellationToken = default) =>
        AuditedAsync(
            AuditActions.GroupAdd,
            AuditCaller.Current.Principal,
            "group:" + name,
            () => _catalog.AddGroupAsync(tenant, name, cancellationToken),
            created => Detail(("tenant", tenant), ("created", created)),
            Detail(("tenant", tenant)));

    /// <summary>The groups of a tenant (every tenant when null) with their members.</summary>
    public Task<IReadOnlyList<IdentityGroup>> ListGroupsAsync(string? tenant = null, CancellationToken cancellationToken = default) =>
        _catalog.ListGroupsAsync(tenant, cancellationToken);

    /// <summary>Removes a group and its memberships; false (recorded as <c>not_found</c>) when there is no such group.</summary>
    public Task<bool> RemoveGroupAsync(string tenant, string name, CancellationToken cancellationToken = default) =>
        AuditedAsync(
            AuditActions.GroupRemove,
            AuditCaller.Current.Principal,
            "group:" + name,
            () => _catalog.RemoveGroupAsync(tenant, name, cancellationToken),
            removed => Detail(("tenant", tenant), ("removed", removed)),
            Detail(("tenant", tenant)),
            removed => removed ? null : ErrorCode.NotFound.Code);

    /// <summary>Issues a key for a user, valid for <paramref name="lifetime"/> (null: until revoked). The result holds the only copy of the key.</summary>
    /// <exception cref="HunyuException">No such user (<c>not_found</c>); a scope or the lifetime is invalid (<c>invalid_argument</c>).</exception>
    public Task<IssuedApiKey> AddApiKeyAsync(string tenant, string user, IReadOnlyList<string>? scopes = null, TimeSpan? lifetime = null, CancellationToken cancellationToken = default)
    {
        if (lifetime is { } span && (span <= TimeSpan.Zero || span > TimeSpan.FromDays(MaxKeyLifetimeDays)))
        {
            throw new HunyuException(ErrorCode.InvalidArgument, $"key lifetime {span.TotalDays:0.##} days: allowed more than 0 and at most {MaxKeyLifetimeDays} days");
        }

        var expires = lifetime is { } life ? TimeProvider.System.GetUtcNow() + life : (DateTimeOffset?)null;

        // SECURITY: the entry names the key by its id; the key text itself is never recorded.
        return AuditedAsync(
            AuditActions.KeyAdd,
            AuditCaller.Current.Principal,
            "user:" + user,
            () => _catalog.AddApiKeyAsync(tenant, user, scopes, expires, cancellationToken),
            issued => Detail(("tenant", tenant), ("key_id", issued.Info.Id), ("scopes", issued.Info.Scopes), ("expires", issued.Info.Expires?.ToString("O", System.Globalization.CultureInfo.InvariantCulture))),
            Detail(("tenant", tenant)));
    }

    /// <summary>Keys (never their secrets), optionally of one tenant and user, newest first.</summary>
    public Task<IReadOnlyList<ApiKeyInfo>> ListApiKeysAsync(string? tenant = null, string? user = null, CancellationToken cancellationToken = default) =>
        _catalog.ListApiKeysAsync(tenant, user, cancellationToken);

    /// <summary>Revokes a key at once; null (recorded as <c>not_found</c>) when there is no such key.</summary>
    public Task<ApiKeyInfo?> RevokeApiKeyAsync(string id, CancellationToken cancellationToken = default) =>
        AuditedAsync(
            AuditActions.KeyRevoke,
            AuditCaller.Current.Principal,
            "key:" + id,
            () => _catalog.RevokeApiKeyAsync(id, cancellationToken),
            key => key is null ? "{}" : Detail(("tenant", key.Tenant), ("user", key.User)),
            "{}",
            key => key is null ? ErrorCode.NotFound.Code : null);

    /// <summary>True once any API key has been issued; from then on the server requires every request to authenticate.</summary>
    public Task<bool> HasApiKeysAsync(CancellationToken cancellationToken = default) => _catalog.HasApiKeysAsync(cancellationToken);

    /// <summary>
    /// Checks the user a validated bearer token names against the catalog: <c>user_disabled</c> when the tenant's catalog
    /// holds the user and the user is disabled, else null. A user the catalog does not know is not refused: tokens from
    /// an OIDC issuer name users that need not be stored.
    /// </summary>
    /// <remarks>Read on every request (no cache), so disabling a user stops their tokens at once. Not audited here: the host records refusals.</remarks>
    public async Task<string?> TokenRefusalAsync(Principal principal, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var stored = await _catalog.GetUserAsync(principal.Tenant, principal.UserId, cancellationToken);
        return stored is { Disabled: true } ? UserDisabledReason : null;
    }

    /// <summary>
    /// Checks a presented key: its id must exist, its secret hash to the stored one, and neither it nor its user may be
    /// revoked, expired, removed or disabled. The principal is the user's, its role capped at the key's highest scope.
    /// </summary>
    /// <remarks>Not audited here: the host records refusals together with where the request came from.</remarks>
    public async Task<KeyAuthentication> AuthenticateApiKeyAsync(string key, CancellationToken cancellationToken = default)
    {
        if (!ApiKeyText.TryParse(key, out var id, out var secret))
        {
            return KeyAuthentication.Refused(null, "malformed");
        }

        var stored = await _catalog.FindApiKeyAsync(id, cancellationToken);
        if (stored is null || !ApiKeyText.Matches(secret, stored.SecretHash))
        {
            return KeyAuthentication.Refused(id, "unknown");
        }

        var now = TimeProvider.System.GetUtcNow();
        if (stored.Info.RefusalAt(now) is { } refusal)
        {
            return KeyAuthentication.Refused(id, refusal);
        }

        if (stored.User is null || stored.User.Disabled)
        {
            return KeyAuthentication.Refused(id, stored.User is null ? "user_removed" : UserDisabledReason);
        }

        if (stored.Info.LastUsed is not { } used || now - used >= KeyUseRecordInterval)
        {
            await _catalog.MarkApiKeyUsedAsync(id, now, cancellationToken);
        }

        return new KeyAuthentication(stored.User.ToPrincipal(ApiKeyScopes.Cap(stored.Info.Scopes)), id, null);
    }
}
