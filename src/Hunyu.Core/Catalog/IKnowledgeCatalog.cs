using Hunyu.Core.Knowledge;

namespace Hunyu.Core.Catalog;

/// <summary>Domains and sources: the registry of what knowledge exists and where it comes from.</summary>
public interface IKnowledgeCatalog
{
    /// <summary>Creates the domain if it does not exist and returns the stored one.</summary>
    Task<Domain> EnsureDomainAsync(Domain domain, CancellationToken cancellationToken = default);

    /// <summary>Registers the source if it does not exist and returns the stored one.</summary>
    Task<Source> EnsureSourceAsync(string domain, string kind, string location, CancellationToken cancellationToken = default);

    /// <summary>Every domain with its sources and document counts.</summary>
    Task<IReadOnlyList<DomainSummary>> ListDomainsAsync(CancellationToken cancellationToken = default);
}

/// <summary>A domain with its sources and how many live documents it holds.</summary>
public sealed record DomainSummary(Domain Domain, IReadOnlyList<SourceSummary> Sources, int DocumentCount);

/// <summary>A source with how many live documents it holds and when it was last ingested.</summary>
public sealed record SourceSummary(Source Source, int DocumentCount, DateTimeOffset? LastIngestedAt);
