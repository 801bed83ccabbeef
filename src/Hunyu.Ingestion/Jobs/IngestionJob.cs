using System.Diagnostics;
using System.Text;
using Hunyu.Core.Catalog;
using Hunyu.Core.Errors;
using Hunyu.Core.Knowledge;
using Hunyu.Core.Security;
using Hunyu.Ingestion.Chunking;
using Hunyu.Ingestion.Connectors;
using Hunyu.Ingestion.Parsing;

namespace Hunyu.Ingestion.Jobs;

/// <summary>
/// Ingests a source into a domain: connector → parser → normaliser and chunker → index, then
/// catalog. Incremental (unchanged content is skipped by hash), idempotent, and crash-safe: the index
/// commits a batch before the catalog records it, so an interrupted run is finished by running it again.
/// </summary>
/// <remarks>One job runs at a time per domain index; the job itself holds no state between runs.</remarks>
public sealed class IngestionJob(
    IKnowledgeCatalog knowledge,
    IDocumentCatalog documents,
    IIngestionRunLog runs,
    Func<string, IChunkIndex> indexOf,
    ParserRegistry parsers,
    StructuredChunker chunker,
    TimeProvider time)
{
    /// <summary>Documents written per index commit.</summary>
    public const int BatchSize = 1_000;

    /// <summary>Runs the ingest; one bad file never stops it: each failure is in the report with its reason.</summary>
    /// <exception cref="HunyuException">The path does not exist or the domain name is invalid; nothing was written.</exception>
    public async Task<IngestionResult> RunAsync(IngestionRequest request, IProgress<IngestionProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var stopwatch = Stopwatch.StartNew();
        if (!Domain.IsValidName(request.Domain))
        {
            throw new HunyuException(ErrorCode.InvalidArgument, $"domain '{request.Domain}': use 1-{Domain.MaxNameLength} characters of a-z, 0-9, '-' and '_'");
        }

        // The connector is built first: a missing path fails here, before anything is written.
        var connector = request.Connector ?? FilesOf(request);
        await knowledge.EnsureDomainAsync(new Domain(request.Domain, request.Kind), cancellationToken);
        var source = await knowledge.EnsureSourceAsync(request.Domain, connector.Kind, connector.Location, cancellationToken);
        var runId = await runs.StartAsync(source.Id, cancellationToken);
        var run = new Run(source, request.Acl, await documents.GetStatesAsync(source.Id, cancellationToken), indexOf(request.Domain), time.GetUtcNow());
        try
        {
            var (report, items) = await IngestAsync(run, connector, request.RemoveMissing, progress, cancellationToken);
            await runs.FinishAsync(runId, report, CancellationToken.None);
            return new IngestionResult(runId, source, report, items, stopwatch.Elapsed);
        }
        catch
        {
            // Staged but uncommitted changes must not ride along with the next run's commit.
            run.Index.DiscardUncommitted();
            throw;
        }
    }

    private FileSourceConnector FilesOf(IngestionRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.Path))
        {
            throw new HunyuException(ErrorCode.InvalidArgument, "ingest: give a path or a connector");
        }

        var files = new FileSystemConnectorOptions { MaxFileBytes = request.MaxFileBytes };
        if (request.Include.Count > 0)
        {
            files.Include = [.. request.Include];
        }

        if (request.Exclude.Count > 0)
        {
            files.Exclude = [.. request.Exclude];
        }

        return new FileSourceConnector(request.Path, files, parsers, request.SourceLocation, request.SourceKind);
    }

    private async Task<(IngestionRunReport Report, int Items)> IngestAsync(Run run, ISourceConnector connector, bool removeMissing, IProgress<IngestionProgress>? progress, CancellationToken cancellationToken)
    {
        RemoveOrphans(run);
        var known = connector as IKnownSize;
        int? itemsTotal = known?.Items;
        long? bytesTotal = known?.Bytes;
        var itemsSeen = 0;
        var itemsDone = 0;
        long bytesDone = 0;
        await foreach (var item in connector.ReadAsync(cancellationToken))
        {
            cancellationToken.ThrowIfCancellationRequested();
            itemsSeen++;
            if (item.Problem is { } problem)
            {
                run.FailFile(item.Key, problem.Error.Code, problem.Message);
                continue;
            }

            progress?.Report(new IngestionProgress(itemsDone, itemsTotal, bytesDone, bytesTotal, run.DocumentsRead, item.Key));
            await IngestItemAsync(run, item, cancellationToken);
            itemsDone++;
            bytesDone += item.Length;
        }

        if (removeMissing)
        {
            foreach (var (key, state) in run.Existing)
            {
                if (!run.SeenKeys.Contains(key) && !run.FailedFiles.Any(failed => Covers(failed, key)))
                {
                    run.Index.Delete(state.DocumentId);
                    run.Deleted.Add(state.DocumentId);
                }
            }
        }

        await FlushAsync(run, cancellationToken);
        if (run.Added + run.Updated + run.DeletedTotal > 0)
        {
            await run.Index.CompactAsync(cancellationToken);
        }

        progress?.Report(new IngestionProgress(itemsDone, itemsTotal ?? itemsDone, bytesDone, bytesTotal ?? bytesDone, run.DocumentsRead, string.Empty));
        return (new IngestionRunReport(run.Added, run.Updated, run.Unchanged, run.DeletedTotal, run.Failures, bytesDone, run.Chunks), itemsSeen);
    }

    /// <summary>
    /// Deletes indexed documents of the source that the catalog never recorded: left by a crash between
    /// an index commit and its catalog write. Those still in the source are re-added by this run.
    /// </summary>
    private static void RemoveOrphans(Run run)
    {
        var known = run.Existing.Values.Select(state => state.DocumentId).ToHashSet(StringComparer.Ordinal);
        foreach (var orphan in run.Index.DocumentIdsOf(run.Source.Id).Where(id => !known.Contains(id)))
        {
            run.Index.Delete(orphan);
            run.UncommittedOrphans++;
        }
    }

    /// <summary>True when a failure of input <paramref name="failed"/> (a file, or a folder ending in '/') covers document <paramref name="key"/>.</summary>
    private static bool Covers(string failed, string key) =>
        key == failed
        || key.StartsWith(failed + "#", StringComparison.Ordinal)
        || failed == "./"
        || (failed.EndsWith('/') && key.StartsWith(failed, StringComparison.Ordinal));

    private async Task IngestItemAsync(Run run, SourceItem file, CancellationToken cancellationToken)
    {
        try
        {
            var problems = new List<ParseProblem>();
            foreach (var parsed in file.ReadDocuments(problems))
            {
                var key = parsed.RecordKey is null ? file.Key : $"{file.Key}#{parsed.RecordKey}";
                if (!run.SeenKeys.Add(key))
                {
                    run.Fail(key, ErrorCode.InvalidArgument.Code, $"{key}: duplicate record key in {file.Key}; the first was kept");
                    continue;
                }

                if (!Stage(run, file, key, parsed))
                {
                    continue;
                }

                if (run.Pending.Count >= BatchSize)
                {
                    await FlushAsync(run, cancellationToken);
                }
            }

            // Bad records are reported one by one; the file's other records are kept. A bad record with a
            // known key keeps only that record's earlier version; without one, none of the file's earlier
            // records is deleted this run, since the bad record may be any of them.
            foreach (var problem in problems)
            {
                run.FailFile(problem.RecordKey is null ? file.Key : $"{file.Key}#{problem.RecordKey}", problem.Error.Code, problem.Message);
            }
        }
        catch (HunyuException e)
        {
            run.FailFile(file.Key, e.Error.Code, e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or FormatException)
        {
            run.FailFile(file.Key, ErrorCode.CorruptInput.Code, $"{file.Key}: {e.Message}");
        }
    }

    private bool Stage(Run run, SourceItem file, string key, ParsedDocument parsed)
    {
        var documentId = DocumentIds.ForDocument(run.Source.Id, key);
        var chunked = chunker.Chunk(documentId, parsed.Blocks);
        if (chunked.Chunks.Count == 0)
        {
            run.Fail(key, ErrorCode.EmptyInput.Code, $"{key}: contains no text");
            return false;
        }

        var title = string.IsNullOrWhiteSpace(parsed.Title) ? Path.GetFileName(file.Key) : Text.Normalization.TextNormalizer.Normalize(parsed.Title).Trim();
        // A record's own ACL (a database row's) replaces the ingest's; it is part of the hash, so a changed ACL re-indexes.
        var acl = parsed.Acl ?? run.Acl;
        var hash = ContentHash(title, chunked.Text, parsed.Metadata, acl);
        run.Existing.TryGetValue(key, out var existing);
        if (existing is not null && existing.ContentHash == hash)
        {
            run.Unchanged++;
            run.DocumentsRead++;
            return false;
        }

        var document = new Document(
            documentId,
            run.Source.Id,
            run.Source.Domain,
            key,
            title,
            file.Uri + (parsed.RecordKey is null ? string.Empty : "#" + Uri.EscapeDataString(parsed.RecordKey)),
            hash,
            existing is null ? 1 : existing.Version + 1,
            existing?.CreatedAt ?? run.StartedAt,
            run.StartedAt,
            parsed.Metadata,
            acl);
        run.Index.Replace(document, chunked.Chunks);
        run.Pending.Add(new DocumentWithChunks(document, chunked.Chunks));
        run.Chunks += chunked.Chunks.Count;
        run.DocumentsRead++;
        if (existing is null)
        {
            run.Added++;
        }
        else
        {
            run.Updated++;
        }

        return true;
    }

    private async Task FlushAsync(Run run, CancellationToken cancellationToken)
    {
        if (run.Pending.Count == 0 && run.Deleted.Count == 0 && run.UncommittedOrphans == 0)
        {
            return;
        }

        // Index first, catalog second: a crash in between only makes the next run re-index the batch.
        // Once the index has committed, the catalog write must happen even if the caller cancels.
        cancellationToken.ThrowIfCancellationRequested();
        await run.Index.CommitAsync(CancellationToken.None);
        await documents.ApplyAsync(run.Pending.ToList(), run.Deleted.ToList(), CancellationToken.None);
        run.DeletedTotal += run.Deleted.Count + run.UncommittedOrphans;
        run.UncommittedOrphans = 0;
        run.Pending.Clear();
        run.Deleted.Clear();
    }

    /// <summary>Hash of everything the index stores for a document, so any change re-indexes it.</summary>
    private static string ContentHash(string title, string text, IReadOnlyDictionary<string, string> metadata, Acl acl)
    {
        var content = new StringBuilder(title.Length + text.Length + 256).Append(title).Append('\n').Append(text).Append('\n');
        foreach (var (key, value) in metadata.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            content.Append(key).Append('=').Append(value).Append('\n');
        }

        content.Append("allow=").AppendJoin(',', acl.Allow).Append("\ndeny=").AppendJoin(',', acl.Deny);
        return DocumentIds.ContentHash(content.ToString());
    }

    /// <summary>The mutable state of one run.</summary>
    private sealed class Run(Source source, Acl acl, IReadOnlyDictionary<string, DocumentState> existing, IChunkIndex index, DateTimeOffset startedAt)
    {
        public Source Source { get; } = source;
        public Acl Acl { get; } = acl;
        public IReadOnlyDictionary<string, DocumentState> Existing { get; } = existing;
        public IChunkIndex Index { get; } = index;
        public DateTimeOffset StartedAt { get; } = startedAt;
        public HashSet<string> SeenKeys { get; } = new(StringComparer.Ordinal);
        public HashSet<string> FailedFiles { get; } = new(StringComparer.Ordinal);
        public List<DocumentWithChunks> Pending { get; } = [];
        public List<string> Deleted { get; } = [];
        public List<IngestionFailure> Failures { get; } = [];
        public int Added { get; set; }
        public int Updated { get; set; }
        public int Unchanged { get; set; }
        public int DeletedTotal { get; set; }
        public int UncommittedOrphans { get; set; }
        public int Chunks { get; set; }
        public int DocumentsRead { get; set; }

        public void Fail(string input, string code, string reason) => Failures.Add(new IngestionFailure(input, code, reason));

        public void FailFile(string fileKey, string code, string reason)
        {
            FailedFiles.Add(fileKey);
            Fail(fileKey, code, reason);
        }
    }
}
