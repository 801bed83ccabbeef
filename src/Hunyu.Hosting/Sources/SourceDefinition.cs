using Hunyu.Ingestion.Connectors.Sql;
using Hunyu.Ingestion.Connectors.Web;

namespace Hunyu.Hosting.Sources;

/// <summary>
/// A stored source (<c>hunyu sources add</c>, <c>POST /api/sources</c>): the domain it feeds, the settings of its one
/// connector and who may see its documents, kept in the catalog so that <c>hunyu sources sync</c> can run it again.
/// </summary>
/// <remarks>
/// SECURITY: a definition never holds a secret. A PostgreSQL connection string is named by the environment variable
/// that holds it (<see cref="SqlSourceSettings.ConnectionEnv"/>), read at each check and sync, never stored or shown.
/// </remarks>
public sealed record SourceDefinition
{
    /// <summary>The <see cref="Kind"/> of a folder or file.</summary>
    public const string FilesKind = "files";

    /// <summary>The <see cref="Kind"/> of a database table or query.</summary>
    public const string SqlKind = SqlConnector.SourceKind;

    /// <summary>The <see cref="Kind"/> of a crawled web site.</summary>
    public const string WebKind = WebCrawler.ConnectorKind;

    /// <summary>The domain the source feeds; created (enterprise, business or internet, by kind) if it does not exist.</summary>
    public string Domain { get; init; } = string.Empty;

    /// <summary>The connector: <see cref="FilesKind"/>, <see cref="SqlKind"/> or <see cref="WebKind"/>; the matching settings are required and the others must be absent.</summary>
    public string Kind { get; init; } = string.Empty;

    /// <summary>Who may see the documents: <c>*</c>, <c>user:NAME</c> or <c>group:NAME</c>; none means everyone.</summary>
    public IReadOnlyList<string> Allow { get; init; } = [];

    /// <summary>Who may not see them, even when allowed.</summary>
    public IReadOnlyList<string> Deny { get; init; } = [];

    /// <summary>The settings of a <see cref="FilesKind"/> source.</summary>
    public FileSourceSettings? Files { get; init; }

    /// <summary>The settings of a <see cref="SqlKind"/> source.</summary>
    public SqlSourceSettings? Sql { get; init; }

    /// <summary>The settings of a <see cref="WebKind"/> source.</summary>
    public WebSourceSettings? Web { get; init; }

    /// <summary>
    /// What this source's syncs do with governance findings, as <c>KIND=ACTION</c> values (<c>screen</c>,
    /// <c>quality</c>, <c>exact</c> or <c>near</c> = <c>drop</c> or <c>report</c>), over the ingest defaults; the same
    /// as <c>hunyu ingest --governance</c>. Empty for the defaults.
    /// </summary>
    public IReadOnlyList<string> Governance { get; init; } = [];
}
