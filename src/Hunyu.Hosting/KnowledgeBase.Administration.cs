using Hunyu.Core.Audit;
using Hunyu.Core.Catalog;
using Hunyu.Core.Errors;
using Hunyu.Core.Identity;
using Hunyu.Core.Knowledge;
using Hunyu.Ingestion.Governance;
using Hunyu.Storage.Sqlite;

namespace Hunyu.Hosting;

/// <content>
/// Changing what the knowledge base holds: saving domains, storing source definitions, removing sources and domains.
/// Removals take the domain's write gate and follow the ingest's order, index first and catalog second: a crash
/// between the two leaves the catalog listing what the index no longer holds, and running the removal again finishes it.
/// </content>
public sealed partial class KnowledgeBase
{
    private const string ConnectorsFolder = "connectors";

    /// <summary>
    /// Creates a domain in <paramref name="tenant"/> (null: <see cref="AuditCaller.Current"/>'s tenant), or changes the
    /// kind and weight of an existing one of that tenant (a null weight keeps the stored one, or 1 for a new domain). A
    /// personal domain needs its owner; once personal, its kind and owner never change. A domain's tenant never changes.
    /// </summary>
    /// <remarks>
    /// Domain names are unique in the installation, across tenants: a name is also the folder of the domain's index.
    /// Recorded as a <see cref="AuditActions.ConfigChange"/> (<c>domain_save</c>) as <see cref="AuditCaller.Current"/>.
    /// </remarks>
    /// <exception cref="HunyuException">The name, weight, owner or tenant is invalid, or the name is another tenant's (<c>invalid_argument</c>).</exception>
    public Task<SavedDomain> SaveDomainAsync(string name, DomainKind kind, double? weight = null, string? owner = null, string? tenant = null, CancellationToken cancellationToken = default) =>
        AuditedAsync(
            AuditActions.ConfigChange,
            AuditCaller.Current.Principal,
            "domain:" + name,
            () => SaveDomainUnauditedAsync(name, kind, weight, owner, tenant, cancellationToken),
            saved => Detail(("change", "domain_save"), ("kind", saved.Domain.Kind.ToString().ToLowerInvariant()), ("weight", saved.Domain.Weight.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("owner", saved.Domain.Owner), ("created", saved.Created)),
            Detail(("change", "domain_save")));

    private async Task<SavedDomain> SaveDomainUnauditedAsync(string name, DomainKind kind, double? weight, string? owner, string? tenant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        tenant ??= AuditCaller.Current.Principal.Tenant;
        IdentityNames.EnsureValid("tenant", tenant);
        if (kind == DomainKind.Personal && string.IsNullOrWhiteSpace(owner))
        {
            throw new HunyuException(ErrorCode.InvalidArgument, $"domain '{name}': a personal domain needs its owner (the user id who alone may search it)");
        }

        if (kind != DomainKind.Personal && owner is not null)
        {
            throw new HunyuException(ErrorCode.InvalidArgument, $"domain '{name}': only a personal domain has an owner; this one is {kind.ToString().ToLowerInvariant()}");
        }

        var existing = Domain.IsValidName(name) ? await _catalog.GetDomainAsync(name, cancellationToken) : null;
        if (existing is not null && existing.Tenant != tenant)
        {
            throw new HunyuException(ErrorCode.InvalidArgument, $"domain '{name}': the name is in use; domain names are unique in the installation, across tenants; choose another");
        }

        // SECURITY: turning a personal domain into a shared one would show its owner's notes to everyone.
        if (existing is { Kind: DomainKind.Personal } && (kind != DomainKind.Personal || existing.Owner != owner))
        {
            throw new HunyuException(ErrorCode.InvalidArgument, $"domain '{name}' is personal (owner {existing.Owner}); its kind and owner cannot change; remove it and add it again");
        }

        var saved = await _catalog.SaveDomainAsync(new Domain(name, kind, weight ?? existing?.Weight ?? 1.0, owner) { Tenant = tenant }, cancellationToken);
        _domainsLoaded = 0;
        return new SavedDomain(saved, existing is null);
    }

    /// <summary>
    /// Removes a domain: every document of it from its index, its index folder (vectors included), its sources with their
    /// definitions and connector state, its documents and the domain itself. Null when no such domain exists.
    /// </summary>
    /// <returns>What the domain held before it was removed.</returns>
    /// <exception cref="HunyuException">Another process is writing the domain's index (<c>store_unavailable</c>); nothing was removed.</exception>
    /// <remarks>Recorded as a <see cref="AuditActions.ConfigChange"/> (<c>domain_remove</c>) as <see cref="AuditCaller.Current"/>.</remarks>
    public Task<DomainSummary?> RemoveDomainAsync(string name, CancellationToken cancellationToken = default) =>
        AuditedAsync(
            AuditActions.ConfigChange,
            AuditCaller.Current.Principal,
            "domain:" + name,
            () => RemoveDomainUnauditedAsync(name, cancellationToken),
            removed => Detail(("change", "domain_remove"), ("documents", removed?.DocumentCount ?? 0), ("sources", removed?.Sources.Count ?? 0)),
            Detail(("change", "domain_remove")),
            removed => removed is null ? ErrorCode.NotFound.Code : null);

    private async Task<DomainSummary?> RemoveDomainUnauditedAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        var gate = WriteGate(name);
        await gate.WaitAsync(cancellationToken);
        try
        {
            var summary = (await _catalog.ListDomainsAsync(cancellationToken)).FirstOrDefault(d => d.Domain.Name == name);
            var index = _indexes.GetExisting(name);
            if (summary is null && index is null)
            {
                return null;
            }

            // Emptying the index takes its write lock, so a domain another process is writing is refused here, untouched.
            if (index is not null)
            {
                await index.ClearAsync(CancellationToken.None);
            }

            await _catalog.RemoveDomainAsync(name, CancellationToken.None);
            _writeIndexes.TryRemove(name, out _);
            _vectors?.Close(name);
            // Its dedup state lives in the index folder: forget the open store before the folder goes.
            _dedup.TryRemove(name, out _);
            _indexes.Delete(name);
            _domains.TryRemove(name, out _);
            _domainsLoaded = 0;
            foreach (var source in summary?.Sources ?? [])
            {
                DeleteConnectorState(source.Source.Id);
            }

            return summary ?? new DomainSummary(new Domain(name, DomainKind.Enterprise), [], 0);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Stores the definition of a source (creating the domain with <paramref name="kindIfNew"/> and the source if needed).</summary>
    /// <param name="domain">The domain the source feeds.</param>
    /// <param name="kindIfNew">The kind of the domain if it does not exist yet.</param>
    /// <param name="connectorKind">The connector kind (<c>files</c>, <c>sql</c>, <c>web</c>).</param>
    /// <param name="location">The connector's location; with the domain and kind it gives the source id.</param>
    /// <param name="definition">The definition as JSON; it must hold no secret.</param>
    /// <param name="cancellationToken">Cancels the change.</param>
    /// <exception cref="HunyuException">The domain name is invalid (<c>invalid_argument</c>); the domain is another tenant's (<c>not_found</c>).</exception>
    /// <remarks>Recorded as a <see cref="AuditActions.ConfigChange"/> (<c>source_define</c>) as <see cref="AuditCaller.Current"/>.</remarks>
    public Task<Source> DefineSourceAsync(string domain, DomainKind kindIfNew, string connectorKind, string location, string definition, CancellationToken cancellationToken = default) =>
        AuditedAsync(
            AuditActions.ConfigChange,
            AuditCaller.Current.Principal,
            "domain:" + domain,
            () => DefineSourceUnauditedAsync(domain, kindIfNew, connectorKind, location, definition, cancellationToken),
            source => Detail(("change", "source_define"), ("source", source.Id), ("kind", connectorKind)),
            Detail(("change", "source_define"), ("kind", connectorKind)));

    private async Task<Source> DefineSourceUnauditedAsync(string domain, DomainKind kindIfNew, string connectorKind, string location, string definition, CancellationToken cancellationToken)
    {
        // A new domain belongs to the caller's tenant; another tenant's is not found.
        await EnsureTenantDomainAsync(new Domain(domain, kindIfNew) { Tenant = AuditCaller.Current.Principal.Tenant }, cancellationToken);
        var source = await _catalog.EnsureSourceAsync(domain, connectorKind, location, cancellationToken);
        await _catalog.SetSourceDefinitionAsync(source.Id, definition, cancellationToken);
        _domainsLoaded = 0;
        return source;
    }

    /// <summary>One source with its stored definition, or null.</summary>
    public Task<StoredSource?> GetSourceAsync(string sourceId, CancellationToken cancellationToken = default) =>
        _catalog.GetSourceAsync(sourceId, cancellationToken);

    /// <summary>Every source with its stored definition.</summary>
    public Task<IReadOnlyList<StoredSource>> ListSourcesAsync(CancellationToken cancellationToken = default) =>
        _catalog.ListSourcesAsync(cancellationToken);

    /// <summary>
    /// Removes a source: its documents from the index and the catalog, its definition and its connector state folder.
    /// Null when no such source exists.
    /// </summary>
    /// <returns>What the source held before it was removed.</returns>
    /// <exception cref="HunyuException">Another process is writing the domain's index (<c>store_unavailable</c>); nothing was removed.</exception>
    /// <remarks>Recorded as a <see cref="AuditActions.ConfigChange"/> (<c>source_remove</c>) as <see cref="AuditCaller.Current"/>.</remarks>
    public Task<SourceSummary?> RemoveSourceAsync(string sourceId, CancellationToken cancellationToken = default) =>
        AuditedAsync(
            AuditActions.ConfigChange,
            AuditCaller.Current.Principal,
            "source:" + sourceId,
            () => RemoveSourceUnauditedAsync(sourceId, cancellationToken),
            removed => Detail(("change", "source_remove"), ("documents", removed?.DocumentCount ?? 0)),
            Detail(("change", "source_remove")),
            removed => removed is null ? ErrorCode.NotFound.Code : null);

    private async Task<SourceSummary?> RemoveSourceUnauditedAsync(string sourceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sourceId);
        if (await _catalog.GetSourceAsync(sourceId, cancellationToken) is not { } stored)
        {
            return null;
        }

        var domain = stored.Source.Domain;
        var gate = WriteGate(domain);
        await gate.WaitAsync(cancellationToken);
        try
        {
            var summary = (await _catalog.ListDomainsAsync(cancellationToken)).SelectMany(d => d.Sources).FirstOrDefault(s => s.Source.Id == sourceId)
                ?? new SourceSummary(stored.Source, 0, null);
            if (_indexes.GetExisting(domain) is not null)
            {
                await DeleteFromIndexAsync(WriteIndex(domain), DedupOf(domain), sourceId);
            }

            await _catalog.RemoveSourceAsync(sourceId, CancellationToken.None);
            DeleteConnectorState(sourceId);
            _domainsLoaded = 0;
            return summary;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>The folder where a source's connector keeps its state between runs (a crawler's validators and pages).</summary>
    /// <exception cref="ArgumentException"><paramref name="sourceId"/> is not a source id (16 lower-case hex digits).</exception>
    public string ConnectorStateDirectory(string sourceId)
    {
        // SECURITY: only a derived id names the folder, so a crafted id can never point outside the data directory.
        if (sourceId is not { Length: 16 } || !sourceId.All(char.IsAsciiHexDigitLower))
        {
            throw new ArgumentException($"'{sourceId}' is not a source id", nameof(sourceId));
        }

        return Path.Combine(DataDirectory, ConnectorsFolder, sourceId);
    }

    /// <summary>Deletes every indexed document of the source: those the catalog knows and any a crash left behind.</summary>
    private async Task DeleteFromIndexAsync(IChunkIndex index, DedupStore dedup, string sourceId)
    {
        var documents = index.DocumentIdsOf(sourceId).ToHashSet(StringComparer.Ordinal);
        documents.UnionWith((await _catalog.GetStatesAsync(sourceId, CancellationToken.None)).Values.Select(state => state.DocumentId));
        try
        {
            // Forgotten by dedup before the index commit (as for one document), so copies elsewhere can come in later.
            foreach (var document in documents)
            {
                dedup.RemoveDocument(document);
                index.Delete(document);
            }

            dedup.PrepareCommit();
            await index.CommitAsync(CancellationToken.None);
            dedup.Commit();
        }
        catch
        {
            index.DiscardUncommitted();
            dedup.Discard();
            throw;
        }
    }

    private void DeleteConnectorState(string sourceId)
    {
        var folder = ConnectorStateDirectory(sourceId);
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HunyuException(ErrorCode.StoreUnavailable, $"source {sourceId} was removed, but its connector state folder {folder} cannot be deleted ({e.Message})", e);
        }
    }
}
