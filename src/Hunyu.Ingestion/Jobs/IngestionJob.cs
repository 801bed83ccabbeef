using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Hunyu.Core.Catalog;
using Hunyu.Core.Errors;
using Hunyu.Core.Knowledge;
using Hunyu.Core.Security;
using Hunyu.Ingestion.Chunking;
using Hunyu.Ingestion.Connectors;
using Hunyu.Ingestion.Governance;
using Hunyu.Ingestion.Parsing;

namespace Hunyu.Ingestion.Jobs;

/// <summary>
/// Ingests a source into a domain: connector → parser → governance (<see cref="GovernancePipeline"/>) → chunker and
/// chunk deduplication → index, then catalog. Incremental (unchanged content is skipped by hash, before governance),
/// idempotent, and crash-safe: the index commits a batch before the catalog records it, so an interrupted run is
/// finished by running it again; the domain's dedup state is written around the same commit (<see cref="DedupStore"/>).
/// </summary>
/// <remarks>
/// <para>
/// The content hash is of the document as parsed (title, blocks, metadata, ACL) plus the governance profile of the
/// run, not of the governed text: an unchanged document is skipped before governance, so a re-run costs no governance
/// and never judges a kept document again against copies that came after it; a changed governance profile (options,
/// actions, extra steps) changes every hash, so the next run governs every document again.
/// </para>
/// <para>One job runs at a time per domain index; the job itself holds no state between runs.</para>
/// </remarks>
public sealed class IngestionJob(
    IKnowledgeCatalog knowledge,
    IDocumentCatalog documents,
    IIngestionRunLog runs,
    Func<string, IChunkIndex> indexOf,
    ParserRegistry parsers,
    StructuredChunker chunker,
    TimeProvider time,
    IngestionGovernance? governance = null,
    IAclRuleStore? aclRules = null)
{
    /// <summary>Documents written per index commit.</summary>
    public const int BatchSize = 1_000;

    /// <summary>Most documents dropped as duplicates of a not-yet-seen document of the same source remembered per run, to index them if that document turns out to be gone.</summary>
    public const int MaxDeferredDuplicates = 10_000;

    private readonly IngestionGovernance _governance = governance ?? IngestionGovernance.InMemory();

    /// <summary>Runs the ingest; one bad file never stops it: each failure is in the report with its reason.</summary>
    /// <exception cref="HunyuException">The path does not exist or the domain name is invalid; nothing was written.</exception>
    public async Task<IngestionResult> RunAsync(IngestionRequest request, IProgress<IngestionProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var stopwatch = Stopwatch.StartNew();
        Domain.EnsureValidName(request.Domain);

        var options = GovernanceOf(request);

        // The connector is built first: a missing path fails here, before anything is written.
        var connector = request.Connector ?? FilesOf(request);
        await knowledge.EnsureDomainAsync(new Domain(request.Domain, request.Kind), cancellationToken);
        var source = await knowledge.EnsureSourceAsync(request.Domain, connector.Kind, connector.Location, cancellationToken);
        var runId = await runs.StartAsync(source.Id, cancellationToken);
        var dedup = _governance.DedupOf(request.Domain);
        var extraSteps = _governance.Options.ExtraSteps?.Invoke(request.Domain, options)?.ToList() ?? [];
        var governed = new GovernanceReport();
        if (dedup.TakeWarning() is { } warning)
        {
            governed.AddWarning(warning);
        }

        var run = new Run(source, request.Acl, await documents.GetStatesAsync(source.Id, cancellationToken), indexOf(request.Domain), time.GetUtcNow())
        {
            Pipeline = GovernancePipeline.CreateDefault(options, dedup.Documents, dedup.Chunks, extraSteps),
            Dedup = dedup,
            DedupsDocuments = options.Dedup.Exact || options.Dedup.Near,
            Governed = governed,
            Profile = Profile(options, extraSteps),
            Access = aclRules is null ? AclInheritance.None : await aclRules.InheritanceAsync(request.Domain, source.Id, cancellationToken),
        };
        try
        {
            var (report, items) = await IngestAsync(run, connector, request.RemoveMissing, progress, cancellationToken);
            governed.Finish(stopwatch.Elapsed);
            if (_governance.Reports is { } reports)
            {
                await reports.SaveAsync(runId, governed, CancellationToken.None);
            }

            await runs.FinishAsync(runId, report, CancellationToken.None);
            return new IngestionResult(runId, source, report, items, stopwatch.Elapsed) { Governance = governed };
        }
        catch
        {
            // Staged but uncommitted changes must not ride along with the next run's commit; the dedup state goes
            // back to what was written, which is what the index holds.
            run.Index.DiscardUncommitted();
            dedup.Discard();
            throw;
        }
    }

    /// <summary>The governance options of the request's domain, with the request's actions when it has its own.</summary>
    /// <exception cref="HunyuException">An option is out of range (<c>invalid_argument</c>); nothing was written.</exception>
    private GovernanceOptions GovernanceOf(IngestionRequest request)
    {
        var options = _governance.Options.For(request.Domain);
        if (request.Governance is { } overrides)
        {
            options = options with { Actions = overrides.ApplyTo(options.Actions) };
        }

        try
        {
            options.Validate();
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new HunyuException(ErrorCode.InvalidArgument, $"governance of domain '{request.Domain}': {e.Message.Split(Environment.NewLine)[0]}", e);
        }

        return options;
    }

    /// <summary>A short hash of everything that decides what governance makes of a document; part of every content hash.</summary>
    private static string Profile(GovernanceOptions options, IReadOnlyList<IGovernanceStep> extraSteps)
    {
        var json = JsonSerializer.Serialize(options with { MaxDegreeOfParallelism = 1 });
        var text = $"governance/1\n{json}\n{string.Join(',', extraSteps.Select(step => step.Name))}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 8));
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
            var removed = new List<string>();
            foreach (var (key, state) in run.Existing)
            {
                if (!run.SeenKeys.Contains(key) && !run.FailedFiles.Any(failed => Covers(failed, key)))
                {
                    run.Index.Delete(state.DocumentId);
                    run.Deleted.Add(state.DocumentId);
                    run.Dedup.RemoveDocument(state.DocumentId);
                    removed.Add(state.DocumentId);
                }
            }

            Readmit(run, removed);
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
            run.Dedup.RemoveDocument(orphan);
            run.UncommittedOrphans++;
        }
    }

    /// <summary>
    /// Governs again the documents dropped this run as duplicates of documents of this source that turned out to be
    /// gone (a renamed or moved file): with their original removed they are no longer duplicates, and are indexed now
    /// rather than on the next run.
    /// </summary>
    private void Readmit(Run run, List<string> removed)
    {
        foreach (var original in removed)
        {
            if (!run.Deferred.Remove(original, out var copies))
            {
                continue;
            }

            foreach (var (item, key, duplicate) in copies)
            {
                try
                {
                    var parsed = item.ReadDocuments(new List<ParseProblem>()).FirstOrDefault(document => KeyOf(item, document) == key);
                    if (parsed is not null && run.Governed.Withdraw(duplicate))
                    {
                        run.Deleted.Remove(duplicate.Id);
                        Stage(run, item, key, parsed);
                    }
                }
                catch (Exception e) when (e is HunyuException or IOException or UnauthorizedAccessException or InvalidDataException or FormatException)
                {
                    // It stays reported as a duplicate and comes in on the next run.
                }
            }
        }
    }

    private static string KeyOf(SourceItem item, ParsedDocument parsed) => parsed.RecordKey is null ? item.Key : $"{item.Key}#{parsed.RecordKey}";

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
                var key = KeyOf(file, parsed);
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

        // A record's own ACL (a database row's) replaces the ingest's; it is part of the hash, so a changed ACL re-indexes.
        var acl = parsed.Acl ?? run.Acl;
        var hash = ContentHash(run.Profile, parsed, acl);
        run.Existing.TryGetValue(key, out var existing);
        run.DocumentsRead++;
        if (existing is not null && existing.ContentHash == hash)
        {
            run.Unchanged++;
            if (run.DedupsDocuments && !run.Dedup.ContainsDocument(documentId))
            {
                // The dedup state was lost (unreadable, deleted): indexed documents join it again as they are seen.
                Register(run, documentId, key, parsed);
            }

            return false;
        }

        var outcome = run.Pipeline.Process(documentId, parsed, key);
        if (!outcome.Kept)
        {
            Refuse(run, file, key, documentId, existing, outcome);
            return false;
        }

        var chunked = chunker.Chunk(documentId, outcome.Document.Blocks);
        // Chunks around personal data whose policy is to drop them never reach the index.
        chunked = chunked with { Chunks = outcome.Document.WithoutWithheld(chunked.Chunks) };
        if (chunked.Chunks.Count == 0)
        {
            run.Dedup.RemoveDocument(documentId);
            run.Fail(key, ErrorCode.EmptyInput.Code, $"{key}: contains no text");
            return false;
        }

        // The earlier version's chunks must not count as copies of the new version's.
        run.Dedup.RemoveChunksOf(documentId);
        var chunks = run.Pipeline.ProcessChunks(chunked.Chunks);
        outcome.Chunks = chunks;
        run.Governed.Add(outcome);

        var title = string.IsNullOrWhiteSpace(outcome.Document.Title) ? Path.GetFileName(file.Key) : Text.Normalization.TextNormalizer.Normalize(outcome.Document.Title).Trim();
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
            // The governed metadata: the parser's, with what steps set (e.g. the PII step's sensitive flag).
            outcome.Document.ToParsedDocument().Metadata,
            acl);
        // The catalog keeps the document's own ACL; the index enforces it combined with the administrators' rules.
        run.Index.Replace(document with { Acl = run.Access.Effective(document.Id, acl) }, chunks.Kept);
        run.Pending.Add(new DocumentWithChunks(document, chunks.Kept));
        run.Chunks += chunks.Kept.Count;
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

    /// <summary>A document governance did not keep: broken input fails like an unreadable file; a duplicate or a drop by policy is not indexed.</summary>
    private static void Refuse(Run run, SourceItem file, string key, string documentId, DocumentState? existing, GovernanceOutcome outcome)
    {
        run.Governed.Add(outcome);
        if (outcome.Dropped is { } dropped && (outcome.Failed || dropped.Step == ScreenStep.StepName))
        {
            // Like a file that cannot be read: a failure with its reason, and an earlier version stays indexed.
            var code = outcome.Failed ? ErrorCode.Internal : dropped.Reason.StartsWith("too large", StringComparison.Ordinal) ? ErrorCode.TooLarge : ErrorCode.CorruptInput;
            run.Fail(key, code.Code, $"{key}: {dropped.Reason} ({GovernanceOptions.Section}, step {dropped.Step})");
            return;
        }

        // A duplicate (its text is indexed under the kept copy) or a finding configured to drop: an earlier version goes.
        if (existing is not null)
        {
            run.Index.Delete(documentId);
            run.Deleted.Add(documentId);
            run.Dedup.RemoveDocument(documentId);
        }

        if (outcome.Duplicate is { } duplicate && run.KeyOfExisting(duplicate.DuplicateOf) is { } original && !run.SeenKeys.Contains(original)
            && run.Deferred.Sum(pair => pair.Value.Count) < MaxDeferredDuplicates)
        {
            // The original is this source's and not read yet this run: if it turns out to be gone, this copy replaces it.
            if (!run.Deferred.TryGetValue(duplicate.DuplicateOf, out var copies))
            {
                run.Deferred[duplicate.DuplicateOf] = copies = [];
            }

            copies.Add((file, key, duplicate));
        }
    }

    /// <summary>Adds an unchanged, indexed document to the dedup state (document and chunks) without indexing anything.</summary>
    private void Register(Run run, string documentId, string key, ParsedDocument parsed)
    {
        var outcome = run.Pipeline.Process(documentId, parsed, key);
        if (outcome.Kept)
        {
            run.Dedup.RemoveChunksOf(documentId);
            run.Pipeline.ProcessChunks(chunker.Chunk(documentId, outcome.Document.Blocks).Chunks);
        }
    }

    private async Task FlushAsync(Run run, CancellationToken cancellationToken)
    {
        var indexChanged = run.Pending.Count > 0 || run.Deleted.Count > 0 || run.UncommittedOrphans > 0;
        if (!indexChanged && !run.Dedup.HasPendingChanges)
        {
            return;
        }

        // Index first, catalog second: a crash in between only makes the next run re-index the batch. The dedup
        // state's removals go before the index commit and its additions after, so it never holds a document the index
        // lacks (a later copy would be dropped for nothing). Once the index has committed, the rest must happen even if
        // the caller cancels.
        cancellationToken.ThrowIfCancellationRequested();
        run.Dedup.PrepareCommit();
        if (indexChanged)
        {
            await run.Index.CommitAsync(CancellationToken.None);
        }

        run.Dedup.Commit();
        if (!indexChanged)
        {
            return;
        }

        await documents.ApplyAsync(run.Pending.ToList(), run.Deleted.ToList(), CancellationToken.None);
        run.DeletedTotal += run.Deleted.Count + run.UncommittedOrphans;
        run.UncommittedOrphans = 0;
        run.Pending.Clear();
        run.Deleted.Clear();
    }

    /// <summary>SHA-256 of the governance profile and everything the parser produced, so any change re-indexes the document.</summary>
    private static string ContentHash(string profile, ParsedDocument parsed, Acl acl)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(string text)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(text));
            hash.AppendData("\n"u8);
        }

        Add(profile);
        Add(parsed.Title ?? string.Empty);
        foreach (var block in parsed.Blocks ?? [])
        {
            Add(string.Create(CultureInfo.InvariantCulture, $"{(int)block.Kind}/{block.HeadingLevel}/{block.Page}"));
            Add(block.Text ?? string.Empty);
        }

        foreach (var (key, value) in parsed.Metadata.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            Add($"{key}={value}");
        }

        Add("allow=" + string.Join(',', acl.Allow));
        Add("deny=" + string.Join(',', acl.Deny));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>The mutable state of one run.</summary>
    private sealed class Run(Source source, Acl acl, IReadOnlyDictionary<string, DocumentState> existing, IChunkIndex index, DateTimeOffset startedAt)
    {
        private Dictionary<string, string>? _keysById;

        public required GovernancePipeline Pipeline { get; init; }
        public required DedupStore Dedup { get; init; }
        public required bool DedupsDocuments { get; init; }
        public required GovernanceReport Governed { get; init; }
        public required string Profile { get; init; }
        public Dictionary<string, List<(SourceItem Item, string Key, DuplicateEntry Duplicate)>> Deferred { get; } = new(StringComparer.Ordinal);
        public Source Source { get; } = source;
        public Acl Acl { get; } = acl;

        /// <summary>The administrators' ACL rules over this source's documents.</summary>
        public required AclInheritance Access { get; init; }
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

        /// <summary>The key of this source's catalogued document <paramref name="documentId"/>; null when it is another source's.</summary>
        public string? KeyOfExisting(string documentId)
        {
            _keysById ??= Existing.ToDictionary(pair => pair.Value.DocumentId, pair => pair.Key, StringComparer.Ordinal);
            return _keysById.GetValueOrDefault(documentId);
        }

        public void FailFile(string fileKey, string code, string reason)
        {
            FailedFiles.Add(fileKey);
            Fail(fileKey, code, reason);
        }
    }
}
