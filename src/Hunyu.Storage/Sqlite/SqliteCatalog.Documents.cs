using System.Globalization;
using System.Text.Json;
using Hunyu.Core.Catalog;
using Hunyu.Core.Knowledge;
using Hunyu.Core.Security;
using Microsoft.Data.Sqlite;

namespace Hunyu.Storage.Sqlite;

/// <content>Documents and chunk metadata (<see cref="IDocumentCatalog"/>).</content>
public sealed partial class SqliteCatalog
{
    private const string DocumentColumns =
        "id, source_id, domain, key, title, uri, content_hash, version, created_at, updated_at, metadata, acl_allow, acl_deny";

    // A changed hash bumps the version past the stored one even when the caller restarted at 1 (a revived tombstone);
    // the first-ingested time is kept; an upsert always makes the document live again.
    private const string UpsertDocumentSql = $"""
        INSERT INTO documents ({DocumentColumns}, deleted_at)
        VALUES ($id, $source_id, $domain, $key, $title, $uri, $content_hash, $version, $created_at, $updated_at, $metadata, $acl_allow, $acl_deny, NULL)
        ON CONFLICT (id) DO UPDATE SET
            source_id = excluded.source_id,
            domain = excluded.domain,
            key = excluded.key,
            title = excluded.title,
            uri = excluded.uri,
            content_hash = excluded.content_hash,
            version = CASE WHEN documents.content_hash = excluded.content_hash THEN documents.version
                           ELSE MAX(excluded.version, documents.version + 1) END,
            updated_at = excluded.updated_at,
            metadata = excluded.metadata,
            acl_allow = excluded.acl_allow,
            acl_deny = excluded.acl_deny,
            deleted_at = NULL;
        """;

    private const string DeleteChunksSql = "DELETE FROM chunks WHERE document_id = $document_id;";
    private const string InsertChunkSql = """
        INSERT INTO chunks (document_id, ordinal, section_path, page, start_offset, end_offset, char_count)
        VALUES ($document_id, $ordinal, $section_path, $page, $start_offset, $end_offset, $char_count);
        """;
    private const string TombstoneSql = "UPDATE documents SET deleted_at = $deleted_at WHERE id = $id AND deleted_at IS NULL;";

    /// <summary>The live documents of a source, by key.</summary>
    public Task<IReadOnlyDictionary<string, DocumentState>> GetStatesAsync(string sourceId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sourceId);
        return ReadAsync<IReadOnlyDictionary<string, DocumentState>>(
            (connection, transaction) =>
            {
                using var command = Command(connection, transaction, """
                    SELECT key, id, content_hash, version, created_at FROM documents
                    WHERE source_id = $source_id AND deleted_at IS NULL;
                    """);
                command.Parameters.AddWithValue("$source_id", sourceId);
                using var reader = command.ExecuteReader();
                var states = new Dictionary<string, DocumentState>(StringComparer.Ordinal);
                while (reader.Read())
                {
                    states[reader.GetString(0)] = new DocumentState(
                        reader.GetString(1), reader.GetString(2), reader.GetInt32(3), TimestampText.Parse(reader.GetString(4)));
                }

                return states;
            },
            cancellationToken);
    }

    /// <summary>
    /// Upserts the documents (by id) and replaces their chunk rows, then tombstones <paramref name="deletedDocumentIds"/>
    /// and drops their chunk rows, all in one transaction: on any failure nothing changes.
    /// </summary>
    /// <remarks>
    /// The catalog owns <see cref="Document.Version"/> and <see cref="Document.CreatedAt"/> of a document it already holds,
    /// live or tombstoned: the first-ingested time is kept, an unchanged hash keeps the stored version and a changed hash
    /// stores the larger of the given version and the stored one + 1. An id both upserted and deleted ends deleted.
    /// </remarks>
    /// <exception cref="ArgumentException">A document or chunk is malformed: blank ids, a chunk of another document, a repeated ordinal or document.</exception>
    public async Task ApplyAsync(IReadOnlyList<DocumentWithChunks> upserts, IReadOnlyList<string> deletedDocumentIds, CancellationToken cancellationToken = default)
    {
        ValidateApply(upserts, deletedDocumentIds);
        if (upserts.Count == 0 && deletedDocumentIds.Count == 0)
        {
            return;
        }

        await WriteAsync(
            (connection, transaction) =>
            {
                WriteUpserts(connection, transaction, upserts, cancellationToken);
                WriteTombstones(connection, transaction, deletedDocumentIds, Now(), cancellationToken);
                return true;
            },
            cancellationToken);
    }

    /// <summary>One live document, or null when it does not exist or was deleted.</summary>
    public Task<Document?> GetAsync(string documentId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(documentId);
        return ReadAsync(
            (connection, transaction) =>
            {
                using var command = Command(connection, transaction, $"SELECT {DocumentColumns} FROM documents WHERE id = $id AND deleted_at IS NULL;");
                command.Parameters.AddWithValue("$id", documentId);
                using var reader = command.ExecuteReader();
                return reader.Read() ? ReadDocument(reader) : null;
            },
            cancellationToken);
    }

    /// <summary>A page of live documents ordered by <see cref="Document.UpdatedAt"/> newest first, then by id, optionally of one domain, with the total count.</summary>
    /// <param name="domain">The domain to list, or null for all.</param>
    /// <param name="offset">Documents to skip, from 0.</param>
    /// <param name="limit">Most documents to return; 0 returns only the total.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    public Task<DocumentPage> ListAsync(string? domain, int offset, int limit, CancellationToken cancellationToken = default) =>
        ListAsync(domain, null, null, offset, limit, cancellationToken);

    /// <summary>
    /// A page of live documents of <paramref name="tenant"/>'s domains (every tenant's when null) ordered by
    /// <see cref="Document.UpdatedAt"/> newest first, then by id, optionally of one domain, with the total count.
    /// </summary>
    /// <param name="domain">The domain to list, or null for all.</param>
    /// <param name="tenant">The tenant whose domains are listed, or null for every tenant.</param>
    /// <param name="viewer">With a tenant: the user listing, whose personal domains are the only personal ones listed (as <see cref="DomainVisibility"/>); null lists every personal domain.</param>
    /// <param name="offset">Documents to skip, from 0.</param>
    /// <param name="limit">Most documents to return; 0 returns only the total.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    public Task<DocumentPage> ListAsync(string? domain, string? tenant, string? viewer, int offset, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var filter = ListFilter(domain, tenant, viewer);
        return ReadAsync(
            (connection, transaction) =>
            {
                int total;
                using (var count = Command(connection, transaction, $"SELECT COUNT(*) FROM documents WHERE {filter};"))
                {
                    AddListParameters(count, domain, tenant, viewer);
                    total = Convert.ToInt32(count.ExecuteScalar(), CultureInfo.InvariantCulture);
                }

                var documents = new List<Document>(Math.Min(limit, Math.Max(0, total - offset)));
                if (limit > 0 && offset < total)
                {
                    using var page = Command(
                        connection,
                        transaction,
                        $"SELECT {DocumentColumns} FROM documents WHERE {filter} ORDER BY updated_at DESC, id LIMIT $limit OFFSET $offset;");
                    AddListParameters(page, domain, tenant, viewer);
                    page.Parameters.AddWithValue("$limit", limit);
                    page.Parameters.AddWithValue("$offset", offset);
                    using var reader = page.ExecuteReader();
                    while (reader.Read())
                    {
                        documents.Add(ReadDocument(reader));
                    }
                }

                return new DocumentPage(total, documents);
            },
            cancellationToken);
    }

    /// <summary>
    /// Every live document <see cref="ListAsync(string?, string?, string?, int, int, CancellationToken)"/> would list, in
    /// the same order, as its id, domain, source and own ACL only (no titles, metadata or text): for filtering a listing
    /// by effective ACL before it is paged.
    /// </summary>
    public Task<IReadOnlyList<DocumentAccess>> ListAccessAsync(string? domain, string tenant, string viewer, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenant);
        ArgumentException.ThrowIfNullOrWhiteSpace(viewer);
        return ReadAsync<IReadOnlyList<DocumentAccess>>(
            (connection, transaction) =>
            {
                using var command = Command(
                    connection,
                    transaction,
                    $"SELECT {DocumentAccessColumns} FROM documents WHERE {ListFilter(domain, tenant, viewer)} ORDER BY updated_at DESC, id;");
                AddListParameters(command, domain, tenant, viewer);
                return ReadDocumentAccess(command);
            },
            cancellationToken);
    }

    // SECURITY: with a viewer, another user's personal domain is left out, administrators included (DomainVisibility).
    private static string ListFilter(string? domain, string? tenant, string? viewer) =>
        (domain is null ? "deleted_at IS NULL" : "domain = $domain AND deleted_at IS NULL")
        + (tenant is null ? string.Empty : " AND domain IN (SELECT name FROM domains WHERE tenant = $tenant"
            + (viewer is null ? ")" : " AND (owner IS NULL OR owner = $viewer))"));

    private static void AddListParameters(SqliteCommand command, string? domain, string? tenant, string? viewer)
    {
        if (domain is not null)
        {
            command.Parameters.AddWithValue("$domain", domain);
        }

        if (tenant is not null)
        {
            command.Parameters.AddWithValue("$tenant", tenant);
            if (viewer is not null)
            {
                command.Parameters.AddWithValue("$viewer", viewer);
            }
        }
    }

    private static void ValidateApply(IReadOnlyList<DocumentWithChunks> upserts, IReadOnlyList<string> deletedDocumentIds)
    {
        ArgumentNullException.ThrowIfNull(upserts);
        ArgumentNullException.ThrowIfNull(deletedDocumentIds);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var ordinals = new HashSet<int>();
        for (var i = 0; i < upserts.Count; i++)
        {
            var document = upserts[i]?.Document ?? throw new ArgumentException($"upserts[{i}] or its document is null", nameof(upserts));
            if (string.IsNullOrWhiteSpace(document.Id) || string.IsNullOrWhiteSpace(document.SourceId)
                || string.IsNullOrWhiteSpace(document.Domain) || string.IsNullOrWhiteSpace(document.Key))
            {
                throw new ArgumentException($"upserts[{i}]: id, source id, domain and key must not be blank", nameof(upserts));
            }

            if (document.Title is null || document.Uri is null || document.ContentHash is null || document.Metadata is null || document.Acl is null)
            {
                throw new ArgumentException($"upserts[{i}] ({document.Id}): title, uri, content hash, metadata and ACL must not be null", nameof(upserts));
            }

            if (!ids.Add(document.Id))
            {
                throw new ArgumentException($"upserts[{i}]: document {document.Id} appears more than once in the batch", nameof(upserts));
            }

            ordinals.Clear();
            foreach (var chunk in upserts[i].Chunks ?? throw new ArgumentException($"upserts[{i}] ({document.Id}): chunks are null", nameof(upserts)))
            {
                if (chunk is null || chunk.DocumentId != document.Id || chunk.Ordinal < 0 || !ordinals.Add(chunk.Ordinal))
                {
                    throw new ArgumentException(
                        $"upserts[{i}] ({document.Id}): every chunk must belong to the document and have a distinct ordinal >= 0; got {chunk?.DocumentId}:{chunk?.Ordinal}",
                        nameof(upserts));
                }
            }
        }

        for (var i = 0; i < deletedDocumentIds.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(deletedDocumentIds[i]))
            {
                throw new ArgumentException($"deletedDocumentIds[{i}] is blank", nameof(deletedDocumentIds));
            }
        }
    }

    private static void WriteUpserts(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<DocumentWithChunks> upserts, CancellationToken cancellationToken)
    {
        if (upserts.Count == 0)
        {
            return;
        }

        // PERF: one prepared statement per shape, rebound per row; the whole batch is one transaction.
        using var upsert = Command(connection, transaction, UpsertDocumentSql);
        var id = upsert.Parameters.Add("$id", SqliteType.Text);
        var sourceId = upsert.Parameters.Add("$source_id", SqliteType.Text);
        var domain = upsert.Parameters.Add("$domain", SqliteType.Text);
        var key = upsert.Parameters.Add("$key", SqliteType.Text);
        var title = upsert.Parameters.Add("$title", SqliteType.Text);
        var uri = upsert.Parameters.Add("$uri", SqliteType.Text);
        var contentHash = upsert.Parameters.Add("$content_hash", SqliteType.Text);
        var version = upsert.Parameters.Add("$version", SqliteType.Integer);
        var createdAt = upsert.Parameters.Add("$created_at", SqliteType.Text);
        var updatedAt = upsert.Parameters.Add("$updated_at", SqliteType.Text);
        var metadata = upsert.Parameters.Add("$metadata", SqliteType.Text);
        var aclAllow = upsert.Parameters.Add("$acl_allow", SqliteType.Text);
        var aclDeny = upsert.Parameters.Add("$acl_deny", SqliteType.Text);
        upsert.Prepare();

        using var deleteChunks = Command(connection, transaction, DeleteChunksSql);
        var deleteDocumentId = deleteChunks.Parameters.Add("$document_id", SqliteType.Text);
        deleteChunks.Prepare();

        using var insertChunk = Command(connection, transaction, InsertChunkSql);
        var chunkDocumentId = insertChunk.Parameters.Add("$document_id", SqliteType.Text);
        var ordinal = insertChunk.Parameters.Add("$ordinal", SqliteType.Integer);
        var sectionPath = insertChunk.Parameters.Add("$section_path", SqliteType.Text);
        var page = insertChunk.Parameters.Add("$page", SqliteType.Integer);
        var startOffset = insertChunk.Parameters.Add("$start_offset", SqliteType.Integer);
        var endOffset = insertChunk.Parameters.Add("$end_offset", SqliteType.Integer);
        var charCount = insertChunk.Parameters.Add("$char_count", SqliteType.Integer);
        insertChunk.Prepare();

        foreach (var (document, chunks) in upserts)
        {
            cancellationToken.ThrowIfCancellationRequested();
            id.Value = document.Id;
            sourceId.Value = document.SourceId;
            domain.Value = document.Domain;
            key.Value = document.Key;
            title.Value = document.Title;
            uri.Value = document.Uri;
            contentHash.Value = document.ContentHash;
            version.Value = document.Version;
            createdAt.Value = TimestampText.Format(document.CreatedAt);
            updatedAt.Value = TimestampText.Format(document.UpdatedAt);
            metadata.Value = JsonSerializer.Serialize(document.Metadata, CatalogJsonContext.Stored.IReadOnlyDictionaryStringString);
            aclAllow.Value = WriteEntries(document.Acl.Allow);
            aclDeny.Value = WriteEntries(document.Acl.Deny);
            upsert.ExecuteNonQuery();

            deleteDocumentId.Value = document.Id;
            deleteChunks.ExecuteNonQuery();

            chunkDocumentId.Value = document.Id;
            foreach (var chunk in chunks)
            {
                ordinal.Value = chunk.Ordinal;
                sectionPath.Value = chunk.SectionPath ?? string.Empty;
                page.Value = DbValue(chunk.Page);
                startOffset.Value = chunk.StartOffset;
                endOffset.Value = chunk.EndOffset;
                charCount.Value = chunk.Text?.Length ?? 0;
                insertChunk.ExecuteNonQuery();
            }
        }
    }

    private static void WriteTombstones(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<string> ids, string now, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return;
        }

        using var tombstone = Command(connection, transaction, TombstoneSql);
        var id = tombstone.Parameters.Add("$id", SqliteType.Text);
        tombstone.Parameters.AddWithValue("$deleted_at", now);
        tombstone.Prepare();

        using var deleteChunks = Command(connection, transaction, DeleteChunksSql);
        var documentId = deleteChunks.Parameters.Add("$document_id", SqliteType.Text);
        deleteChunks.Prepare();

        foreach (var deleted in ids)
        {
            cancellationToken.ThrowIfCancellationRequested();
            id.Value = deleted;
            tombstone.ExecuteNonQuery();
            documentId.Value = deleted;
            deleteChunks.ExecuteNonQuery();
        }
    }

    private static Document ReadDocument(SqliteDataReader reader) => new(
        Id: reader.GetString(0),
        SourceId: reader.GetString(1),
        Domain: reader.GetString(2),
        Key: reader.GetString(3),
        Title: reader.GetString(4),
        Uri: reader.GetString(5),
        ContentHash: reader.GetString(6),
        Version: reader.GetInt32(7),
        CreatedAt: TimestampText.Parse(reader.GetString(8)),
        UpdatedAt: TimestampText.Parse(reader.GetString(9)),
        Metadata: JsonSerializer.Deserialize(reader.GetString(10), CatalogJsonContext.Stored.IReadOnlyDictionaryStringString)
            ?? new Dictionary<string, string>(StringComparer.Ordinal),
        Acl: ReadAcl(reader, 11));

    private static IReadOnlyList<string> ReadEntries(string json) =>
        JsonSerializer.Deserialize(json, CatalogJsonContext.Stored.IReadOnlyListString) ?? [];
}
