using System.Collections.Concurrent;
using Hunyu.Core.Answers;
using Hunyu.Core.Audit;
using Hunyu.Core.Catalog;
using Hunyu.Core.Errors;
using Hunyu.Core.Knowledge;
using Hunyu.Core.Search;
using Hunyu.Core.Security;
using Hunyu.Hosting.Learning;
using Hunyu.Ingestion.Chunking;
using Hunyu.Ingestion.Governance;
using Hunyu.Ingestion.Jobs;
using Hunyu.Ingestion.Parsing;
using Hunyu.Models.Extractive;
using Hunyu.Models.Grounding;
using Hunyu.Search;
using Hunyu.Search.Hybrid;
using Hunyu.Search.Lucene;
using Hunyu.Search.Routing;
using Hunyu.Search.Vectors;
using Hunyu.Storage.Sqlite;

namespace Hunyu.Hosting;

/// <summary>
/// The embedded knowledge base over one data directory: the SQLite catalog and one Lucene index per
/// domain. The CLI and the HTTP server both call this one facade, so they behave alike.
/// </summary>
/// <remarks>Thread-safe; open one per data directory per process and dispose it at exit.</remarks>
public sealed partial class KnowledgeBase : IDisposable
{
    /// <summary>Evidence passages retrieved for an answer.</summary>
    public const int AskEvidence = 8;

    /// <summary>The folder under the data directory holding one folder per ingestion run (its governance report).</summary>
    public const string RunsFolderName = "runs";

    /// <summary>The folder in a domain's index folder holding the domain's dedup state.</summary>
    public const string DedupFolderName = "dedup";

    private readonly SqliteCatalog _catalog;
    private readonly DomainIndexSet _indexes;
    private readonly VectorStoreSet? _vectors;
    private readonly EmbeddingModel? _embeddings;
    private readonly ConcurrentDictionary<string, IChunkIndex> _writeIndexes = new(StringComparer.Ordinal);
    private readonly IngestionJob _ingestion;
    private readonly IKnowledgeSearcher _searcher;
    private readonly IAnswerer _answerer;
    private readonly FollowUpRewriter _rewriter;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _writeGates = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Domain> _domains = new(StringComparer.Ordinal);
    private readonly KeywordRouter _router;
    private readonly KnowledgeBaseOptions _options;
    private readonly ConcurrentDictionary<string, DedupStore> _dedup = new(StringComparer.Ordinal);
    private readonly GovernanceReportStore _reports;
    private int _domainsLoaded;

    private KnowledgeBase(string dataDirectory, KnowledgeBaseOptions options)
    {
        DataDirectory = dataDirectory;
        _catalog = SqliteCatalog.Open(Path.Combine(dataDirectory, SqliteCatalog.DefaultFileName));
        var indexRoot = Path.Combine(dataDirectory, "indexes");
        _indexes = new DomainIndexSet(indexRoot);
        _embeddings = options.Embeddings;
        DenseRetriever? dense = null;
        if (_embeddings is not null)
        {
            _vectors = new VectorStoreSet(indexRoot, _embeddings.Id);
            dense = new DenseRetriever(_vectors, _embeddings);
        }

        _router = options.Router ?? KeywordRouter.All;
        _options = options;
        _answerer = options.Answerer ?? new ExtractiveAnswerer();
        // Follow-ups are rewritten by the answerer's models when there are any, heuristically otherwise.
        _rewriter = new FollowUpRewriter((_answerer as GroundedAnswerer)?.Gateway);
        Learned = new LearnedModels(dataDirectory);
        _searcher = new LuceneKnowledgeSearcher(
            _indexes,
            domain => _domains.TryGetValue(domain, out var known) ? known.Weight : 1.0,
            expander: options.Expander,
            dense: dense,
            web: options.WebSearch,
            reranker: options.Reranker,
            domainExpander: Learned.Of);
        Audit = options.Audit ?? SqliteAuditLog.Open(_catalog.DatabasePath);
        _reports = new GovernanceReportStore(Path.Combine(dataDirectory, RunsFolderName));
        var governance = new IngestionGovernance(options.Governance, DedupOf, _reports);
        _ingestion = new IngestionJob(_catalog, _catalog, _catalog, WriteIndex, ParserRegistry.CreateDefault(), new StructuredChunker(options.Chunking), TimeProvider.System, governance, _catalog);
    }

    /// <summary>The folder holding the catalog and indexes.</summary>
    public string DataDirectory { get; }

    /// <summary>The learned query-expansion models attached to domains.</summary>
    public LearnedModels Learned { get; }

    /// <summary>The named knowledge configurations offered as models (see <see cref="KnowledgeBaseOptions.Scenarios"/>).</summary>
    public IReadOnlyList<KnowledgeScenario> Scenarios => _options.Scenarios;

    /// <summary>Whether every domain is offered as a scenario of its own (see <see cref="KnowledgeBaseOptions.DomainScenarios"/>).</summary>
    public bool DomainScenarios => _options.DomainScenarios;

    /// <summary>Whether chunks are embedded and searched by embedding too (an embedding model is configured).</summary>
    public bool Hybrid => _embeddings is not null;

    /// <summary>Opens (creating if needed) the knowledge base in <paramref name="dataDirectory"/>.</summary>
    /// <exception cref="HunyuException">The folder cannot be created or its store cannot be opened (<c>store_unavailable</c>).</exception>
    public static KnowledgeBase Open(string dataDirectory, KnowledgeBaseOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        try
        {
            Directory.CreateDirectory(dataDirectory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HunyuException(ErrorCode.StoreUnavailable, $"{dataDirectory}: cannot create the data directory ({e.Message})", e);
        }

        return new KnowledgeBase(dataDirectory, options ?? new KnowledgeBaseOptions());
    }

    /// <summary>
    /// Ingests a file or folder as <paramref name="caller"/>; see <see cref="IngestionJob"/>. A new domain is created in
    /// the caller's tenant; another tenant's domain is not found. Writes to one domain run one at a time.
    /// </summary>
    private async Task<IngestionResult> IngestUnauditedAsync(IngestionRequest request, Principal caller, IProgress<IngestionProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Domain.IsValidName(request.Domain))
        {
            await EnsureTenantDomainAsync(new Domain(request.Domain, request.Kind) { Tenant = caller.Tenant }, cancellationToken);
        }

        var gate = WriteGate(request.Domain);
        await gate.WaitAsync(cancellationToken);
        try
        {
            var result = await _ingestion.RunAsync(request, progress, cancellationToken);
            _domainsLoaded = 0;
            return result;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// Searches the domains the principal may see (a personal domain only for its owner), narrowed by the router when the
    /// request names none; the result says which domains were searched and why. Hits are masked for a principal without
    /// PII clearance and carry their screening flags for administrators only.
    /// </summary>
    private async Task<SearchResult> SearchUnauditedAsync(SearchRequest request, CancellationToken cancellationToken) =>
        Present(await RetrieveAsync(request, forAnswer: false, cancellationToken), request.Principal);

    /// <summary>Like <see cref="SearchUnauditedAsync"/>, with every hit's screening flags kept when <paramref name="forAnswer"/>.</summary>
    private async Task<SearchResult> RetrieveAsync(SearchRequest request, bool forAnswer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        LuceneKnowledgeSearcher.Validate(request);
        var warnings = new List<SearchWarning>();
        var visible = new List<string>();
        var candidates = request.Domains.Count > 0 ? [.. request.Domains.Distinct(StringComparer.Ordinal)] : (List<string>)[.. _indexes.Domains, .. _options.WebSearch.Keys];
        await LearnDomainsAsync(candidates, cancellationToken);
        foreach (var name in candidates)
        {
            // SECURITY: another tenant's domain and another user's personal domain are answered exactly like a domain
            // that does not exist.
            if (Visible(name, request.Principal))
            {
                visible.Add(name);
            }
            else if (request.Domains.Count > 0)
            {
                warnings.Add(new SearchWarning(name, ErrorCode.NotFound.Code, $"domain '{name}' does not exist; it was not searched"));
            }
        }

        var (domains, routing) = request.Domains.Count > 0
            ? (visible, $"requested: {string.Join(", ", visible)}")
            : _router.Route(request.Query, visible);
        if (domains.Count == 0)
        {
            return new SearchResult([], 0, warnings, stopwatch.Elapsed) { Routing = routing };
        }

        var result = await _searcher.SearchAsync(request with { Domains = domains }, cancellationToken);
        return Guard(result with { Warnings = [.. warnings, .. result.Warnings], Routing = routing }, request.Principal, forAnswer);
    }

    /// <summary>Creates the domain (in its <see cref="Domain.Tenant"/>) if it does not exist; an existing one is returned as stored.</summary>
    /// <exception cref="HunyuException">The name or weight is invalid (<c>invalid_argument</c>); the domain exists in another tenant (<c>not_found</c>).</exception>
    public Task<Domain> EnsureDomainAsync(Domain domain, CancellationToken cancellationToken = default) =>
        EnsureTenantDomainAsync(domain, cancellationToken);

    /// <summary>Domains of every tenant with their sources and counts; hosts show a principal only those <see cref="DomainVisibility"/> permits.</summary>
    public Task<IReadOnlyList<DomainSummary>> ListDomainsAsync(CancellationToken cancellationToken = default) =>
        _catalog.ListDomainsAsync(cancellationToken);

    /// <summary>
    /// A page of live documents of <paramref name="viewer"/>'s tenant, optionally of one domain, holding only those the
    /// viewer may see: its domains (another user's personal domain is left out, administrators included) and the
    /// effective ACL (the document's own combined with the administrators' rules, as the index enforces). The offset,
    /// the limit and the total all count those documents only, so the total never tells how many are hidden.
    /// </summary>
    /// <remarks>
    /// An administrator's page is paged by the catalog (their role permits every ACL). For anyone else every live document
    /// of the tenant (or the domain) is checked: the catalog reads ids and ACLs only, in one query, and the rules once per
    /// source; the page's documents are then read by id. The cost grows with the tenant's document count.
    /// </remarks>
    public async Task<DocumentPage> ListDocumentsAsync(Principal viewer, string? domain, int offset, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        if (viewer.IsAdmin)
        {
            return await _catalog.ListAsync(domain, viewer.Tenant, viewer.UserId, offset, limit, cancellationToken);
        }

        var rules = new Dictionary<(string Domain, string SourceId), AclInheritance>();
        var visible = new List<string>();
        foreach (var document in await _catalog.ListAccessAsync(domain, viewer.Tenant, viewer.UserId, cancellationToken))
        {
            var key = (document.Domain, document.SourceId);
            if (!rules.TryGetValue(key, out var inherited))
            {
                rules[key] = inherited = await _catalog.InheritanceAsync(document.Domain, document.SourceId, cancellationToken);
            }

            if (inherited.Effective(document.DocumentId, document.Own).Permits(viewer))
            {
                visible.Add(document.DocumentId);
            }
        }

        var page = new List<Document>(Math.Min(limit, Math.Max(0, visible.Count - offset)));
        foreach (var id in visible.Skip(offset).Take(limit))
        {
            // A document deleted since the ids were read is simply left out of the page.
            if (await _catalog.GetAsync(id, cancellationToken) is { } document)
            {
                page.Add(document);
            }
        }

        return new DocumentPage(visible.Count, page);
    }

    // SECURITY: a domain's tenant never changes, so a name taken by another tenant is refused, never adopted.
    private async Task<Domain> EnsureTenantDomainAsync(Domain domain, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(domain);
        var stored = await _catalog.EnsureDomainAsync(domain, cancellationToken);
        _domainsLoaded = 0;
        return string.Equals(stored.Tenant, domain.Tenant, StringComparison.Ordinal)
            ? stored
            : throw new HunyuException(ErrorCode.NotFound, $"domain '{domain.Name}' does not exist");
    }

    /// <summary>
    /// One document if it exists and <paramref name="principal"/> may see it (its ACL, and its domain: of the principal's
    /// tenant, and a personal domain its owner's alone); null otherwise (the two are not told apart), recorded in the
    /// audit log as a refused <see cref="AuditActions.Read"/>. Its title and metadata values are masked for a principal
    /// without PII clearance.
    /// </summary>
    /// <exception cref="HunyuException"><c>store_unavailable</c> when a refusal cannot be recorded.</exception>
    public async Task<Document?> GetDocumentAsync(string documentId, Principal principal, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var document = await FindVisibleDocumentAsync(documentId, principal, cancellationToken);
        if (document is null)
        {
            await RecordAsync(AuditActions.Read, principal, Bounded(documentId), AuditOutcome.Failed, ErrorCode.NotFound.Code, cancellationToken: CancellationToken.None);
        }

        return document;
    }

    private async Task<Document?> FindVisibleDocumentAsync(string documentId, Principal principal, CancellationToken cancellationToken)
    {
        var document = await _catalog.GetAsync(documentId, cancellationToken);
        if (document is null || !await DomainPermitsAsync(document.Domain, principal, cancellationToken))
        {
            return null;
        }

        // The same ACL the index enforces: the document's own combined with the administrators' rules.
        var inherited = await _catalog.InheritanceAsync(document.Domain, document.SourceId, cancellationToken);
        return inherited.Effective(document.Id, document.Acl).Permits(principal) ? Masked(document, MaskerFor(principal)) : null;
    }

    // SECURITY: administrators pass every ACL but not another tenant's domain or another user's personal domain. A
    // domain this process has not seen yet (created by another process) is looked up rather than taken as shared.
    private async Task<bool> DomainPermitsAsync(string name, Principal principal, CancellationToken cancellationToken)
    {
        await LearnDomainsAsync([name], cancellationToken);
        return Visible(name, principal);
    }

    /// <summary>
    /// Whether <paramref name="principal"/> may search <paramref name="name"/>: a known domain as
    /// <see cref="DomainVisibility"/> says, a configured web search provider always; a name the catalog does not know
    /// (an index left without its catalog row, or no domain at all) only in the default tenant, which owned every
    /// domain before tenancy.
    /// </summary>
    private bool Visible(string name, Principal principal) =>
        _domains.TryGetValue(name, out var domain)
            ? DomainVisibility.Permits(domain, principal)
            : _options.WebSearch.ContainsKey(name) || principal.Tenant == Principal.DefaultTenant;

    /// <summary>
    /// Loads the domains once, then looks up each of <paramref name="names"/> this process does not know yet: a domain
    /// created by another process since the load must have its tenant and owner known before it is searched or read.
    /// </summary>
    /// <remarks>PERF: one catalog row per unknown name, not the whole domain list with its source and document counts again.</remarks>
    private async Task LearnDomainsAsync(IEnumerable<string> names, CancellationToken cancellationToken)
    {
        await LoadDomainsOnceAsync(cancellationToken);
        foreach (var name in names)
        {
            if (!_domains.ContainsKey(name) && !_options.WebSearch.ContainsKey(name) && Domain.IsValidName(name)
                && await _catalog.GetDomainAsync(name, cancellationToken) is { } domain)
            {
                _domains[name] = domain;
            }
        }
    }

    /// <summary>Deletes a document from its index and the catalog; false when it does not exist.</summary>
    private async Task<bool> DeleteDocumentUnauditedAsync(string documentId, CancellationToken cancellationToken)
    {
        var document = await _catalog.GetAsync(documentId, cancellationToken);
        if (document is null)
        {
            return false;
        }

        var gate = WriteGate(document.Domain);
        await gate.WaitAsync(cancellationToken);
        try
        {
            // Forgotten by dedup before the index commit, so a copy of it is never dropped for a document that is gone.
            var dedup = DedupOf(document.Domain);
            dedup.RemoveDocument(document.Id);
            dedup.PrepareCommit();
            var index = WriteIndex(document.Domain);
            index.Delete(document.Id);
            await index.CommitAsync(CancellationToken.None);
            dedup.Commit();
            await _catalog.ApplyAsync([], [document.Id], CancellationToken.None);
            return true;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>The most recent ingestion runs over sources of <paramref name="tenant"/>'s domains (every tenant's when null).</summary>
    public Task<IReadOnlyList<IngestionRun>> ListRunsAsync(int limit, string? tenant = null, CancellationToken cancellationToken = default) =>
        _catalog.ListAsync(limit, tenant, cancellationToken);

    /// <summary>
    /// One ingestion run with its governance report; null when there is no run <paramref name="runId"/>, or when
    /// <paramref name="tenant"/> is given and the run's source is not in one of its domains (the two are not told apart).
    /// </summary>
    /// <exception cref="HunyuException">The stored report cannot be read (<c>store_unavailable</c>, <c>corrupt_input</c>).</exception>
    public async Task<RunDetails?> GetRunAsync(long runId, string? tenant = null, CancellationToken cancellationToken = default)
    {
        var run = await _catalog.GetRunAsync(runId, cancellationToken);
        if (run is null || (tenant is not null && await TenantOfSourceAsync(run.SourceId, cancellationToken) != tenant))
        {
            return null;
        }

        return new RunDetails(run, await _reports.LoadAsync(runId, cancellationToken));
    }

    private async Task<string?> TenantOfSourceAsync(string sourceId, CancellationToken cancellationToken) =>
        await _catalog.GetSourceAsync(sourceId, cancellationToken) is { } stored
            ? (await _catalog.GetDomainAsync(stored.Source.Domain, cancellationToken))?.Tenant
            : null;

    /// <inheritdoc />
    public void Dispose()
    {
        _vectors?.Dispose();
        _embeddings?.Generator.Dispose();
        foreach (var provider in _options.WebSearch.Values.OfType<IDisposable>())
        {
            provider.Dispose();
        }

        (_options.Reranker as IDisposable)?.Dispose();
        (_options.Answerer as IDisposable)?.Dispose();
        _indexes.Dispose();
        (Audit as IDisposable)?.Dispose();
        _catalog.Dispose();
        foreach (var gate in _writeGates.Values)
        {
            gate.Dispose();
        }
    }

    /// <summary>Reads the domains' owners and fusion weights from the catalog (again after an ingest or a domain change).</summary>
    private async Task LoadDomainsOnceAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _domainsLoaded) == 1)
        {
            return;
        }

        foreach (var summary in await _catalog.ListDomainsAsync(cancellationToken))
        {
            _domains[summary.Domain.Name] = summary.Domain;
        }

        Volatile.Write(ref _domainsLoaded, 1);
    }

    /// <summary>The write side of a domain: its lexical index, and its vectors too when an embedding model is configured.</summary>
    private IChunkIndex WriteIndex(string domain) =>
        _vectors is null
            ? _indexes.Get(domain)
            : _writeIndexes.GetOrAdd(domain, name => new HybridChunkIndex(_indexes.Get(name), _vectors.Get(name), _embeddings!));

    /// <summary>The dedup state of a domain, read from its index folder the first time it is needed.</summary>
    private DedupStore DedupOf(string domain) =>
        _dedup.GetOrAdd(domain, name => DedupStore.Open(Path.Combine(_indexes.Root, name, DedupFolderName), _options.Governance.For(name).Dedup));

    /// <summary>
    /// One writer at a time per domain: an ingest's commits and a failed run's rollback must not
    /// interleave with another write to the same index (an upload during a folder ingest).
    /// </summary>
    private SemaphoreSlim WriteGate(string domain) => _writeGates.GetOrAdd(domain, _ => new SemaphoreSlim(1, 1));
}
