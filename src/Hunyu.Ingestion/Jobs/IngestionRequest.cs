using Hunyu.Core.Knowledge;
using Hunyu.Core.Security;
using Hunyu.Ingestion.Governance;

namespace Hunyu.Ingestion.Jobs;

/// <summary>What to ingest, into which domain, with which permissions.</summary>
public sealed record IngestionRequest
{
    /// <summary>A file or a folder (read recursively); ignored when <see cref="Connector"/> is set.</summary>
    public string? Path { get; init; }

    /// <summary>Any other source (a database table, a web site); null means the files at <see cref="Path"/>.</summary>
    public Connectors.ISourceConnector? Connector { get; init; }

    /// <summary>The domain to ingest into.</summary>
    public string Domain { get; init; } = Core.Knowledge.Domain.DefaultName;

    /// <summary>The kind of a domain created by this ingest.</summary>
    public DomainKind Kind { get; init; } = DomainKind.Enterprise;

    /// <summary>Who may see the ingested documents.</summary>
    public Acl Acl { get; init; } = Acl.Public;

    /// <summary>
    /// For files: the source's location when it differs from <see cref="Path"/> (an upload folder
    /// receiving one file); null means the path itself is the source.
    /// </summary>
    public string? SourceLocation { get; init; }

    /// <summary>For files: the source's connector kind (<c>files</c>, or <c>upload</c>).</summary>
    public string SourceKind { get; init; } = "files";

    /// <summary>Remove documents whose files are gone from the source (tombstones). Off for single uploads.</summary>
    public bool RemoveMissing { get; init; } = true;

    /// <summary>Glob patterns of files to read (relative to the path); empty means every supported format.</summary>
    public IReadOnlyList<string> Include { get; init; } = [];

    /// <summary>Glob patterns of files to skip.</summary>
    public IReadOnlyList<string> Exclude { get; init; } = [];

    /// <summary>
    /// What this ingest does with governance findings (drop or report, per kind), where it differs from the actions
    /// configured for the domain; null keeps them all.
    /// </summary>
    public GovernanceActionOverrides? Governance { get; init; }

    /// <summary>Largest file read.</summary>
    public long MaxFileBytes { get; init; } = IngestionLimits.DefaultMaxFileBytes;
}
