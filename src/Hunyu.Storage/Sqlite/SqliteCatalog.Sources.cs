using Hunyu.Core.Errors;
using Hunyu.Core.Knowledge;
using Microsoft.Data.Sqlite;

namespace Hunyu.Storage.Sqlite;

/// <content>Source definitions, and changing or removing domains and sources.</content>
/// <remarks>
/// A removed source or domain is deleted outright, with its documents (live and tombstoned) and their chunk rows;
/// ingestion runs are kept as history. The caller removes the documents from the index first.
/// </remarks>
public sealed partial class SqliteCatalog
{
    private const string StoredSourceColumns = "id, domain, kind, location, created_at, definition";

    private const string SaveDomainSql = """
        INSERT INTO domains (name, kind, weight, owner, tenant, created_at) VALUES ($name, $kind, $weight, $owner, $tenant, $created_at)
        ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, weight = excluded.weight, owner = excluded.owner;
        """;

    /// <summary>One domain, or null when it does not exist.</summary>
    public Task<Domain?> GetDomainAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return ReadAsync((connection, transaction) => FindDomain(connection, transaction, name), cancellationToken);
    }

    /// <summary>Creates the domain, or replaces the kind, weight and owner of an existing one (never its tenant); returns the stored domain.</summary>
    /// <exception cref="HunyuException"><see cref="ErrorCode.InvalidArgument"/> when the name or weight is invalid.</exception>
    public Task<Domain> SaveDomainAsync(Domain domain, CancellationToken cancellationToken = default)
    {
        ValidateDomain(domain);
        return WriteAsync(
            (connection, transaction) =>
            {
                using var command = Command(connection, transaction, SaveDomainSql);
                command.Parameters.AddWithValue("$name", domain.Name);
                command.Parameters.AddWithValue("$kind", DomainKindText.Format(domain.Kind));
                command.Parameters.AddWithValue("$weight", domain.Weight);
                command.Parameters.AddWithValue("$owner", DbValue(domain.Owner));
                command.Parameters.AddWithValue("$tenant", domain.Tenant);
                command.Parameters.AddWithValue("$created_at", Now());
                command.ExecuteNonQuery();
                return FindDomain(connection, transaction, domain.Name)!;
            },
            cancellationToken);
    }

    /// <summary>Deletes the domain with its sources, their definitions and its documents; false when it does not exist.</summary>
    public Task<bool> RemoveDomainAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return WriteAsync(
            (connection, transaction) =>
            {
                // Chunk rows go with their documents (ON DELETE CASCADE); sources before the domain they reference.
                // Rules go too: a domain created again under the name starts without them.
                Delete(connection, transaction, "DELETE FROM acl_rules WHERE target_kind = 'document' AND target IN (SELECT id FROM documents WHERE domain = $key);", name);
                Delete(connection, transaction, "DELETE FROM acl_rules WHERE target_kind = 'source' AND target IN (SELECT id FROM sources WHERE domain = $key);", name);
                Delete(connection, transaction, "DELETE FROM acl_rules WHERE target_kind = 'domain' AND target = $key;", name);
                Delete(connection, transaction, "DELETE FROM documents WHERE domain = $key;", name);
                Delete(connection, transaction, "DELETE FROM sources WHERE domain = $key;", name);
                return Delete(connection, transaction, "DELETE FROM domains WHERE name = $key;", name) > 0;
            },
            cancellationToken);
    }

    /// <summary>Stores (or, with null, clears) the definition of an existing source; false when there is no such source.</summary>
    public Task<bool> SetSourceDefinitionAsync(string sourceId, string? definition, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sourceId);
        return WriteAsync(
            (connection, transaction) =>
            {
                using var command = Command(connection, transaction, "UPDATE sources SET definition = $definition WHERE id = $id;");
                command.Parameters.AddWithValue("$id", sourceId);
                command.Parameters.AddWithValue("$definition", DbValue(definition));
                return command.ExecuteNonQuery() > 0;
            },
            cancellationToken);
    }

    /// <summary>One source with its definition, or null when it does not exist.</summary>
    public Task<StoredSource?> GetSourceAsync(string sourceId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sourceId);
        return ReadAsync(
            (connection, transaction) =>
            {
                using var command = Command(connection, transaction, $"SELECT {StoredSourceColumns} FROM sources WHERE id = $id;");
                command.Parameters.AddWithValue("$id", sourceId);
                using var reader = command.ExecuteReader();
                return reader.Read() ? ReadStoredSource(reader) : null;
            },
            cancellationToken);
    }

    /// <summary>Every source with its definition, by domain, kind and location.</summary>
    public Task<IReadOnlyList<StoredSource>> ListSourcesAsync(CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<StoredSource>>(
            (connection, transaction) =>
            {
                using var command = Command(connection, transaction, $"SELECT {StoredSourceColumns} FROM sources ORDER BY domain, kind, location;");
                using var reader = command.ExecuteReader();
                var sources = new List<StoredSource>();
                while (reader.Read())
                {
                    sources.Add(ReadStoredSource(reader));
                }

                return sources;
            },
            cancellationToken);

    /// <summary>Deletes the source with its definition and documents; false when it does not exist.</summary>
    public Task<bool> RemoveSourceAsync(string sourceId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sourceId);
        return WriteAsync(
            (connection, transaction) =>
            {
                Delete(connection, transaction, "DELETE FROM acl_rules WHERE target_kind = 'document' AND target IN (SELECT id FROM documents WHERE source_id = $key);", sourceId);
                Delete(connection, transaction, "DELETE FROM acl_rules WHERE target_kind = 'source' AND target = $key;", sourceId);
                Delete(connection, transaction, "DELETE FROM documents WHERE source_id = $key;", sourceId);
                return Delete(connection, transaction, "DELETE FROM sources WHERE id = $key;", sourceId) > 0;
            },
            cancellationToken);
    }

    private static int Delete(SqliteConnection connection, SqliteTransaction transaction, string sql, string key)
    {
        using var command = Command(connection, transaction, sql);
        command.Parameters.AddWithValue("$key", key);
        return command.ExecuteNonQuery();
    }

    private static StoredSource ReadStoredSource(SqliteDataReader reader) =>
        new(ReadSource(reader), reader.IsDBNull(5) ? null : reader.GetString(5));
}
