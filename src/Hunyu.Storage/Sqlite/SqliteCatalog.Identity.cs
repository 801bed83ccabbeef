using Hunyu.Core.Errors;
using Hunyu.Core.Identity;
using Hunyu.Core.Security;
using Microsoft.Data.Sqlite;

namespace Hunyu.Storage.Sqlite;

/// <content>
/// Identities (schema version 5): tenants, users, groups, memberships and API keys. Names are unique per tenant; a tenant
/// exists once something is added to it. Only a key's hash is stored; keys are revoked, never deleted.
/// </content>
public sealed partial class SqliteCatalog
{
    private const string UserColumns = "tenant, name, role, disabled, created_at";
    private const string KeyColumns = "id, tenant, user_name, scopes, created_at, expires_at, revoked_at, last_used_at, secret_hash";

    /// <summary>
    /// Creates a user, or changes an existing one's role; when <paramref name="groups"/> is given the user's groups become
    /// exactly those (missing groups are created). Creates the tenant if needed.
    /// </summary>
    /// <exception cref="HunyuException">A name is invalid (<c>invalid_argument</c>).</exception>
    public Task<IdentityUser> SaveUserAsync(string tenant, string name, PrincipalRole role, IReadOnlyList<string>? groups, CancellationToken cancellationToken = default)
    {
        IdentityNames.EnsureValid("tenant", tenant);
        IdentityNames.EnsureValid("user", name);
        foreach (var group in groups ?? [])
        {
            IdentityNames.EnsureValid("group", group);
        }

        return WriteAsync(
            (connection, transaction) =>
            {
                var now = Now();
                EnsureTenant(connection, transaction, tenant, now);
                using (var upsert = Command(
                    connection,
                    transaction,
                    "INSERT INTO users (tenant, name, role, disabled, created_at) VALUES ($tenant, $name, $role, 0, $now) ON CONFLICT (tenant, name) DO UPDATE SET role = excluded.role;"))
                {
                    upsert.Parameters.AddWithValue("$tenant", tenant);
                    upsert.Parameters.AddWithValue("$name", name);
                    upsert.Parameters.AddWithValue("$role", PrincipalRoles.Format(role));
                    upsert.Parameters.AddWithValue("$now", now);
                    upsert.ExecuteNonQuery();
                }

                if (groups is not null)
                {
                    using (var clear = Command(connection, transaction, "DELETE FROM memberships WHERE tenant = $tenant AND user_name = $name;"))
                    {
                        clear.Parameters.AddWithValue("$tenant", tenant);
                        clear.Parameters.AddWithValue("$name", name);
                        clear.ExecuteNonQuery();
                    }

                    foreach (var group in groups.Distinct(StringComparer.Ordinal))
                    {
                        InsertGroup(connection, transaction, tenant, group, now);
                        using var join = Command(connection, transaction, "INSERT INTO memberships (tenant, user_name, group_name) VALUES ($tenant, $user, $group) ON CONFLICT DO NOTHING;");
                        join.Parameters.AddWithValue("$tenant", tenant);
                        join.Parameters.AddWithValue("$user", name);
                        join.Parameters.AddWithValue("$group", group);
                        join.ExecuteNonQuery();
                    }
                }

                return FindUser(connection, transaction, tenant, name)!;
            },
            cancellationToken);
    }

    /// <summary>One user with their groups, or null.</summary>
    public Task<IdentityUser?> GetUserAsync(string tenant, string name, CancellationToken cancellationToken = default) =>
        ReadAsync((connection, transaction) => FindUser(connection, transaction, tenant, name), cancellationToken);

    /// <summary>The users of <paramref name="tenant"/> (every tenant when null), by tenant and name.</summary>
    public Task<IReadOnlyList<IdentityUser>> ListUsersAsync(string? tenant, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<IdentityUser>>(
            (connection, transaction) =>
            {
                using var command = Command(connection, transaction, $"SELECT {UserColumns} FROM users WHERE $tenant IS NULL OR tenant = $tenant ORDER BY tenant, name;");
                command.Parameters.AddWithValue("$tenant", DbValue(tenant));
                var users = new List<IdentityUser>();
                using (var reader = command.ExecuteReader())
                {
                    while (reader.Read())
                    {
                        users.Add(ReadUser(reader, []));
                    }
                }

                return [.. users.Select(user => user with { Groups = GroupsOf(connection, transaction, user.Tenant, user.Name) })];
            },
            cancellationToken);

    /// <summary>Disables or enables a user (a disabled user's keys and tokens are refused); null when there is no such user.</summary>
    public Task<IdentityUser?> SetUserDisabledAsync(string tenant, string name, bool disabled, CancellationToken cancellationToken = default) =>
        WriteAsync(
            (connection, transaction) =>
            {
                using var update = Command(connection, transaction, "UPDATE users SET disabled = $disabled WHERE tenant = $tenant AND name = $name;");
                update.Parameters.AddWithValue("$disabled", disabled ? 1 : 0);
                update.Parameters.AddWithValue("$tenant", tenant);
                update.Parameters.AddWithValue("$name", name);
                return update.ExecuteNonQuery() > 0 ? FindUser(connection, transaction, tenant, name) : null;
            },
            cancellationToken);

    /// <summary>Removes a user and their memberships and revokes their keys; false when there is no such user.</summary>
    public Task<bool> RemoveUserAsync(string tenant, string name, CancellationToken cancellationToken = default) =>
        WriteAsync(
            (connection, transaction) =>
            {
                using (var revoke = Command(connection, transaction, "UPDATE api_keys SET revoked_at = $now WHERE tenant = $tenant AND user_name = $name AND revoked_at IS NULL;"))
                {
                    revoke.Parameters.AddWithValue("$now", Now());
                    revoke.Parameters.AddWithValue("$tenant", tenant);
                    revoke.Parameters.AddWithValue("$name", name);
                    revoke.ExecuteNonQuery();
                }

                using var delete = Command(connection, transaction, "DELETE FROM users WHERE tenant = $tenant AND name = $name;");
                delete.Parameters.AddWithValue("$tenant", tenant);
                delete.Parameters.AddWithValue("$name", name);
                return delete.ExecuteNonQuery() > 0;
            },
            cancellationToken);

    /// <summary>Creates a group (and its tenant) if it does not exist; true when it was created.</summary>
    /// <exception cref="HunyuException">A name is invalid (<c>invalid_argument</c>).</exception>
    public Task<bool> AddGroupAsync(string tenant, string name, CancellationToken cancellationToken = default)
    {
        IdentityNames.EnsureValid("tenant", tenant);
        IdentityNames.EnsureValid("group", name);
        return WriteAsync(
            (connection, transaction) =>
            {
                var now = Now();
                EnsureTenant(connection, transaction, tenant, now);
                return InsertGroup(connection, transaction, tenant, name, now);
            },
            cancellationToken);
    }

    /// <summary>The groups of <paramref name="tenant"/> (every tenant when null) with their members, by tenant and name.</summary>
    public Task<IReadOnlyList<IdentityGroup>> ListGroupsAsync(string? tenant, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<IdentityGroup>>(
            (connection, transaction) =>
            {
                using var command = Command(connection, transaction, "SELECT tenant, name, created_at FROM groups WHERE $tenant IS NULL OR tenant = $tenant ORDER BY tenant, name;");
                command.Parameters.AddWithValue("$tenant", DbValue(tenant));
                var groups = new List<IdentityGroup>();
                using (var reader = command.ExecuteReader())
                {
                    while (reader.Read())
                    {
                        groups.Add(new IdentityGroup(reader.GetString(0), reader.GetString(1), [], TimestampText.Parse(reader.GetString(2))));
                    }
                }

                return [.. groups.Select(group => group with { Members = MembersOf(connection, transaction, group.Tenant, group.Name) })];
            },
            cancellationToken);

    /// <summary>Removes a group and its memberships; false when there is no such group.</summary>
    public Task<bool> RemoveGroupAsync(string tenant, string name, CancellationToken cancellationToken = default) =>
        WriteAsync(
            (connection, transaction) =>
            {
                using var delete = Command(connection, transaction, "DELETE FROM groups WHERE tenant = $tenant AND name = $name;");
                delete.Parameters.AddWithValue("$tenant", tenant);
                delete.Parameters.AddWithValue("$name", name);
                return delete.ExecuteNonQuery() > 0;
            },
            cancellationToken);

    /// <summary>Issues a new key for a user; the returned text is the only copy of its secret.</summary>
    /// <exception cref="HunyuException">There is no such user (<c>not_found</c>); a scope is invalid (<c>invalid_argument</c>).</exception>
    public Task<IssuedApiKey> AddApiKeyAsync(string tenant, string user, IReadOnlyList<string>? scopes, DateTimeOffset? expires, CancellationToken cancellationToken = default)
    {
        var normalized = ApiKeyScopes.Normalize(scopes);
        var (id, secret, key) = ApiKeyText.Generate();
        return WriteAsync(
            (connection, transaction) =>
            {
                if (FindUser(connection, transaction, tenant, user) is null)
                {
                    throw new HunyuException(ErrorCode.NotFound, $"user '{user}' does not exist in tenant '{tenant}'; add it with 'hunyu users add {user}'");
                }

                using (var insert = Command(
                    connection,
                    transaction,
                    "INSERT INTO api_keys (id, tenant, user_name, secret_hash, scopes, created_at, expires_at) VALUES ($id, $tenant, $user, $hash, $scopes, $now, $expires);"))
                {
                    insert.Parameters.AddWithValue("$id", id);
                    insert.Parameters.AddWithValue("$tenant", tenant);
                    insert.Parameters.AddWithValue("$user", user);
                    insert.Parameters.AddWithValue("$hash", ApiKeyText.Hash(secret));
                    insert.Parameters.AddWithValue("$scopes", string.Join(' ', normalized));
                    insert.Parameters.AddWithValue("$now", Now());
                    insert.Parameters.AddWithValue("$expires", expires is { } at ? TimestampText.Format(at) : DBNull.Value);
                    insert.ExecuteNonQuery();
                }

                return new IssuedApiKey(key, FindKey(connection, transaction, id)!.Info);
            },
            cancellationToken);
    }

    /// <summary>Keys (never their secrets), optionally of one tenant and user, newest first.</summary>
    public Task<IReadOnlyList<ApiKeyInfo>> ListApiKeysAsync(string? tenant, string? user, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<ApiKeyInfo>>(
            (connection, transaction) =>
            {
                using var command = Command(
                    connection,
                    transaction,
                    $"SELECT {KeyColumns} FROM api_keys WHERE ($tenant IS NULL OR tenant = $tenant) AND ($user IS NULL OR user_name = $user) ORDER BY created_at DESC, id;");
                command.Parameters.AddWithValue("$tenant", DbValue(tenant));
                command.Parameters.AddWithValue("$user", DbValue(user));
                using var reader = command.ExecuteReader();
                var keys = new List<ApiKeyInfo>();
                while (reader.Read())
                {
                    keys.Add(ReadKey(reader));
                }

                return keys;
            },
            cancellationToken);

    /// <summary>Revokes a key (a revoked key stays revoked, with its first revocation time); null when there is no such key.</summary>
    public Task<ApiKeyInfo?> RevokeApiKeyAsync(string id, CancellationToken cancellationToken = default) =>
        WriteAsync(
            (connection, transaction) =>
            {
                using (var revoke = Command(connection, transaction, "UPDATE api_keys SET revoked_at = $now WHERE id = $id AND revoked_at IS NULL;"))
                {
                    revoke.Parameters.AddWithValue("$now", Now());
                    revoke.Parameters.AddWithValue("$id", id);
                    revoke.ExecuteNonQuery();
                }

                return FindKey(connection, transaction, id)?.Info;
            },
            cancellationToken);

    /// <summary>A key by its id with its hash and its user, for checking a presented key; null when there is no such key.</summary>
    public Task<StoredApiKey?> FindApiKeyAsync(string id, CancellationToken cancellationToken = default) =>
        ReadAsync(
            (connection, transaction) =>
            {
                var stored = FindKey(connection, transaction, id);
                return stored is null ? null : stored with { User = FindUser(connection, transaction, stored.Info.Tenant, stored.Info.User) };
            },
            cancellationToken);

    /// <summary>Records that a key authenticated a request at <paramref name="when"/>.</summary>
    public Task MarkApiKeyUsedAsync(string id, DateTimeOffset when, CancellationToken cancellationToken = default) =>
        WriteAsync(
            (connection, transaction) =>
            {
                using var update = Command(connection, transaction, "UPDATE api_keys SET last_used_at = $when WHERE id = $id;");
                update.Parameters.AddWithValue("$when", TimestampText.Format(when));
                update.Parameters.AddWithValue("$id", id);
                return update.ExecuteNonQuery();
            },
            cancellationToken);

    /// <summary>True once any API key has been issued (revoked ones included).</summary>
    public Task<bool> HasApiKeysAsync(CancellationToken cancellationToken = default) =>
        ReadAsync(
            (connection, transaction) =>
            {
                using var command = Command(connection, transaction, "SELECT EXISTS (SELECT 1 FROM api_keys);");
                return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 1;
            },
            cancellationToken);

    private static void EnsureTenant(SqliteConnection connection, SqliteTransaction transaction, string tenant, string now)
    {
        using var insert = Command(connection, transaction, "INSERT INTO tenants (name, created_at) VALUES ($name, $now) ON CONFLICT (name) DO NOTHING;");
        insert.Parameters.AddWithValue("$name", tenant);
        insert.Parameters.AddWithValue("$now", now);
        insert.ExecuteNonQuery();
    }

    private static bool InsertGroup(SqliteConnection connection, SqliteTransaction transaction, string tenant, string name, string now)
    {
        using var insert = Command(connection, transaction, "INSERT INTO groups (tenant, name, created_at) VALUES ($tenant, $name, $now) ON CONFLICT (tenant, name) DO NOTHING;");
        insert.Parameters.AddWithValue("$tenant", tenant);
        insert.Parameters.AddWithValue("$name", name);
        insert.Parameters.AddWithValue("$now", now);
        return insert.ExecuteNonQuery() > 0;
    }

    private static IdentityUser? FindUser(SqliteConnection connection, SqliteTransaction transaction, string tenant, string name)
    {
        using var command = Command(connection, transaction, $"SELECT {UserColumns} FROM users WHERE tenant = $tenant AND name = $name;");
        command.Parameters.AddWithValue("$tenant", tenant);
        command.Parameters.AddWithValue("$name", name);
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadUser(reader, GroupsOf(connection, transaction, tenant, name)) : null;
    }

    private static IdentityUser ReadUser(SqliteDataReader reader, IReadOnlyList<string> groups) =>
        new(reader.GetString(0), reader.GetString(1), PrincipalRoles.Parse(reader.GetString(2)), reader.GetInt64(3) != 0, groups, TimestampText.Parse(reader.GetString(4)));

    private static string[] GroupsOf(SqliteConnection connection, SqliteTransaction transaction, string tenant, string user) =>
        Names(connection, transaction, "SELECT group_name FROM memberships WHERE tenant = $tenant AND user_name = $name ORDER BY group_name;", tenant, user);

    private static string[] MembersOf(SqliteConnection connection, SqliteTransaction transaction, string tenant, string group) =>
        Names(connection, transaction, "SELECT user_name FROM memberships WHERE tenant = $tenant AND group_name = $name ORDER BY user_name;", tenant, group);

    private static string[] Names(SqliteConnection connection, SqliteTransaction transaction, string sql, string tenant, string name)
    {
        using var command = Command(connection, transaction, sql);
        command.Parameters.AddWithValue("$tenant", tenant);
        command.Parameters.AddWithValue("$name", name);
        using var reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }

        return [.. names];
    }

    private static StoredApiKey? FindKey(SqliteConnection connection, SqliteTransaction transaction, string id)
    {
        using var command = Command(connection, transaction, $"SELECT {KeyColumns} FROM api_keys WHERE id = $id;");
        command.Parameters.AddWithValue("$id", id);
        using var reader = command.ExecuteReader();
        return reader.Read() ? new StoredApiKey(ReadKey(reader), reader.GetString(8), null) : null;
    }

    private static ApiKeyInfo ReadKey(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetString(3).Split(' ', StringSplitOptions.RemoveEmptyEntries),
        TimestampText.Parse(reader.GetString(4)),
        OptionalTime(reader, 5),
        OptionalTime(reader, 6),
        OptionalTime(reader, 7));

    private static DateTimeOffset? OptionalTime(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : TimestampText.Parse(reader.GetString(ordinal));
}
