using System.Text.Json;
using Hunyu.Core.Catalog;
using Hunyu.Core.Errors;
using Hunyu.Core.Security;
using Hunyu.Ingestion.Connectors.Sql;
using Hunyu.Ingestion.Jobs;

namespace Hunyu.Hosting.Sources;

/// <summary>
/// Stored sources (<c>hunyu sources add|sync|list|remove</c>, <c>/api/sources</c>): a definition is checked before it
/// is stored (its connector built, a SQL database reached), and a sync runs the usual incremental ingest of it, so
/// unchanged documents are skipped, changed ones replaced and deleted ones removed.
/// </summary>
/// <remarks>Thread-safe: writes go through the knowledge base's per-domain write gates.</remarks>
/// <param name="knowledge">The knowledge base the sources feed.</param>
public sealed class SourceRegistry(KnowledgeBase knowledge)
{
    /// <summary>Checks and stores a definition; a source already defined at the same domain, kind and location gets the new definition.</summary>
    /// <exception cref="HunyuException">
    /// The definition is invalid (<c>invalid_argument</c>), its path does not exist (<c>path_not_found</c>), or its database cannot be reached or
    /// read (<c>source_unavailable</c>, <c>timeout</c>, …; the message names the source, never its secret). Nothing was stored.
    /// </exception>
    public async Task<DefinedSource> AddAsync(SourceDefinition definition, CancellationToken cancellationToken = default)
    {
        var stored = SourceDefinitionValidator.Normalize(definition);
        var (request, location) = SourceIngestion.Prepare(stored, stateDirectory: null);
        if (request.Connector is SqlConnector table)
        {
            await table.CheckAsync(cancellationToken);
        }

        var json = JsonSerializer.Serialize(stored, SourceDefinitionJsonContext.Stored.SourceDefinition);
        var source = await knowledge.DefineSourceAsync(stored.Domain, SourceIngestion.DomainKindOf(stored.Kind), stored.Kind, location, json, cancellationToken);
        return new DefinedSource(source, stored);
    }

    /// <summary>One stored source.</summary>
    /// <exception cref="HunyuException">No such source (<c>not_found</c>), or it has no stored definition (<c>invalid_argument</c>).</exception>
    public async Task<DefinedSource> GetAsync(string sourceId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sourceId);
        var stored = await knowledge.GetSourceAsync(sourceId, cancellationToken)
            ?? throw new HunyuException(ErrorCode.NotFound, $"source '{(sourceId.Length <= 40 ? sourceId : sourceId[..40])}': not found; 'hunyu sources list' shows the ids");
        return new DefinedSource(
            stored.Source,
            Read(stored.Source.Id, stored.Definition)
                ?? throw new HunyuException(ErrorCode.InvalidArgument, $"source {sourceId} ({stored.Source.Kind} {stored.Source.Location}) has no stored definition; it was ingested directly, so ingest it again the same way or add it with 'hunyu sources add'"));
    }

    /// <summary>Runs the ingest of a stored source; the result counts what was added, updated, unchanged and deleted, and lists each failure.</summary>
    /// <exception cref="HunyuException">
    /// The source does not exist or has no definition, its connection variable is not set, its connection now points
    /// elsewhere, or the source as a whole cannot be read; the message names the source, never a secret.
    /// </exception>
    public async Task<IngestionResult> SyncAsync(string sourceId, IProgress<IngestionProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var (source, definition) = await GetAsync(sourceId, cancellationToken);
        var (request, location) = SourceIngestion.Prepare(definition, knowledge.ConnectorStateDirectory(source.Id));

        // A connection variable changed to another server would feed this domain under another source id.
        if (location != source.Location)
        {
            throw new HunyuException(ErrorCode.InvalidArgument, $"source {source.Id}: its connection now points at {location}, not {source.Location}; remove the source and add it again");
        }

        return await knowledge.IngestAsync(request, progress, cancellationToken);
    }

    /// <summary>Every source (of <paramref name="domain"/>, if given) with its counts and stored definition.</summary>
    /// <param name="domain">Only this domain; null for all.</param>
    /// <param name="viewer">Hides the personal domains of others from this principal; null shows every source (the local operator).</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    public async Task<IReadOnlyList<SourceListing>> ListAsync(string? domain = null, Principal? viewer = null, CancellationToken cancellationToken = default)
    {
        var definitions = (await knowledge.ListSourcesAsync(cancellationToken)).ToDictionary(s => s.Source.Id, s => s.Definition, StringComparer.Ordinal);
        return [.. (await knowledge.ListDomainsAsync(cancellationToken))
            .Where(d => (domain is null || d.Domain.Name == domain) && (viewer is null || DomainVisibility.Permits(d.Domain, viewer)))
            .SelectMany(d => d.Sources)
            .Select(s => new SourceListing(s, Read(s.Source.Id, definitions.GetValueOrDefault(s.Source.Id))))];
    }

    /// <summary>Removes a source: its documents from the index and catalog, its definition and connector state. Null when it does not exist.</summary>
    /// <exception cref="HunyuException">Another process is writing the domain (<c>store_unavailable</c>); nothing was removed.</exception>
    public Task<SourceSummary?> RemoveAsync(string sourceId, CancellationToken cancellationToken = default) =>
        knowledge.RemoveSourceAsync(sourceId, cancellationToken);

    private static SourceDefinition? Read(string sourceId, string? json)
    {
        if (json is null)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(json, SourceDefinitionJsonContext.Stored.SourceDefinition)
                ?? throw new JsonException("the stored definition is null");
        }
        catch (JsonException e)
        {
            throw new HunyuException(ErrorCode.StoreUnavailable, $"source {sourceId}: its stored definition cannot be read ({e.Message})", e);
        }
    }
}
