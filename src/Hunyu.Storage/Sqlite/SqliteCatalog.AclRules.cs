using System.Globalization;
using System.Text.Json;
using Hunyu.Core.Catalog;
using Hunyu.Core.Security;
using Microsoft.Data.Sqlite;

namespace Hunyu.Storage.Sqlite;

/// <content>Administrators' ACL rules (schema version 4).</content>
public sealed partial class SqliteCatalog : IAclRuleStore
{
    // What a DocumentAccess is read from (ReadDocumentAccess).
    private const string DocumentAccessColumns = "id, domain, source_id, acl_allow, acl_deny";

    private const string SetRuleSql = """
        INSERT INTO acl_rules (target_kind, target, acl_allow, acl_deny, updated_at, updated_by)
        VALUES ($kind, $target, $allow, $deny, $updated_at, $updated_by)
        ON CONFLICT (target_kind, target) DO UPDATE SET
            acl_allow = excluded.acl_allow, acl_deny = excluded.acl_deny,
            updated_at = excluded.updated_at, updated_by = excluded.updated_by;
        """;

    /// <inheritdoc />
    public Task<Acl?> GetRuleAsync(AclTarget target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        return ReadAsync((connection, transaction) => FindRule(connection, transaction, target), cancellationToken);
    }

    /// <inheritdoc />
    public Task SetRuleAsync(AclTarget target, Acl? acl, string changedBy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentException.ThrowIfNullOrWhiteSpace(changedBy);
        return WriteAsync(
            (connection, transaction) =>
            {
                if (acl is null)
                {
                    using var delete = Command(connection, transaction, "DELETE FROM acl_rules WHERE target_kind = $kind AND target = $target;");
                    AddTarget(delete, target);
                    return delete.ExecuteNonQuery();
                }

                using var command = Command(connection, transaction, SetRuleSql);
                AddTarget(command, target);
                command.Parameters.AddWithValue("$allow", WriteEntries(acl.Allow));
                command.Parameters.AddWithValue("$deny", WriteEntries(acl.Deny));
                command.Parameters.AddWithValue("$updated_at", Now());
                command.Parameters.AddWithValue("$updated_by", changedBy);
                return command.ExecuteNonQuery();
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<AclInheritance> InheritanceAsync(string domain, string sourceId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(domain);
        ArgumentException.ThrowIfNullOrWhiteSpace(sourceId);
        return ReadAsync(
            (connection, transaction) =>
            {
                var documents = new Dictionary<string, Acl>(StringComparer.Ordinal);
                using var command = Command(connection, transaction, """
                    SELECT r.target, r.acl_allow, r.acl_deny FROM acl_rules r JOIN documents d ON d.id = r.target
                    WHERE r.target_kind = 'document' AND d.source_id = $source;
                    """);
                command.Parameters.AddWithValue("$source", sourceId);
                using (var reader = command.ExecuteReader())
                {
                    while (reader.Read())
                    {
                        documents[reader.GetString(0)] = ReadAcl(reader, 1);
                    }
                }

                return new AclInheritance(
                    FindRule(connection, transaction, new AclTarget(AclTargetKind.Domain, domain)),
                    FindRule(connection, transaction, new AclTarget(AclTargetKind.Source, sourceId)),
                    documents);
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<DocumentAccess>> DocumentsUnderAsync(AclTarget target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        var column = ColumnOf(target);
        return ReadAsync<IReadOnlyList<DocumentAccess>>(
            (connection, transaction) =>
            {
                using var command = Command(connection, transaction, $"SELECT {DocumentAccessColumns} FROM documents WHERE {column} = $target AND deleted_at IS NULL;");
                command.Parameters.AddWithValue("$target", target.Name);
                return ReadDocumentAccess(command);
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<int> CountDocumentsUnderAsync(AclTarget target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        var column = ColumnOf(target);
        return ReadAsync(
            (connection, transaction) =>
            {
                using var command = Command(connection, transaction, $"SELECT COUNT(*) FROM documents WHERE {column} = $target AND deleted_at IS NULL;");
                command.Parameters.AddWithValue("$target", target.Name);
                return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
            },
            cancellationToken);
    }

    // The documents column a target names: indexed for each kind, so counts and lists are index lookups.
    private static string ColumnOf(AclTarget target) => target.Kind switch
    {
        AclTargetKind.Domain => "domain",
        AclTargetKind.Source => "source_id",
        _ => "id",
    };

    private static Acl? FindRule(SqliteConnection connection, SqliteTransaction transaction, AclTarget target)
    {
        using var command = Command(connection, transaction, "SELECT acl_allow, acl_deny FROM acl_rules WHERE target_kind = $kind AND target = $target;");
        AddTarget(command, target);
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadAcl(reader, 0) : null;
    }

    private static void AddTarget(SqliteCommand command, AclTarget target)
    {
        command.Parameters.AddWithValue("$kind", AclTarget.KindName(target.Kind));
        command.Parameters.AddWithValue("$target", target.Name);
    }

    private static string WriteEntries(IReadOnlyList<string> entries) => JsonSerializer.Serialize(entries, CatalogJsonContext.Stored.IReadOnlyListString);

    /// <summary>The ACL stored in the allow and deny columns at <paramref name="allowOrdinal"/> and the one after it.</summary>
    private static Acl ReadAcl(SqliteDataReader reader, int allowOrdinal) =>
        new(ReadEntries(reader.GetString(allowOrdinal)), ReadEntries(reader.GetString(allowOrdinal + 1)));

    /// <summary>Every row of <paramref name="command"/>, which selects <see cref="DocumentAccessColumns"/>.</summary>
    private static List<DocumentAccess> ReadDocumentAccess(SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        var documents = new List<DocumentAccess>();
        while (reader.Read())
        {
            documents.Add(new DocumentAccess(reader.GetString(0), reader.GetString(1), reader.GetString(2), ReadAcl(reader, 3)));
        }

        return documents;
    }
}
