using System.Data.Common;
using Hunyu.Core.Errors;
using Hunyu.Core.Knowledge;
using Hunyu.Core.Security;
using Hunyu.Ingestion.Connectors.Sql;
using Hunyu.Ingestion.Connectors.Web;
using Hunyu.Ingestion.Governance;
using Hunyu.Ingestion.Jobs;
using Hunyu.Ingestion.Parsing;

namespace Hunyu.Hosting.Sources;

/// <summary>Turns a stored <see cref="SourceDefinition"/> into the ingest that runs it: its connector, location and domain kind.</summary>
internal static class SourceIngestion
{
    /// <summary>The ingestion request of <paramref name="definition"/> (in stored form) and the location of its source.</summary>
    /// <param name="definition">The definition, as <see cref="SourceDefinitionValidator.Normalize"/> returns it.</param>
    /// <param name="stateDirectory">The connector's state folder; null to build the connector only to check it.</param>
    /// <exception cref="HunyuException">The connector refuses its settings, or a connection variable is not set (<c>invalid_argument</c>).</exception>
    public static (IngestionRequest Request, string Location) Prepare(SourceDefinition definition, string? stateDirectory)
    {
        var request = new IngestionRequest
        {
            Domain = definition.Domain,
            Kind = DomainKindOf(definition.Kind),
            Acl = new Acl(definition.Allow, definition.Deny),
            Governance = GovernanceActionOverrides.Parse(definition.Governance),
        };
        switch (definition)
        {
            case { Files: { } files }:
                // The ingest lists the folder itself; its location is the full path, as for 'hunyu ingest'.
                return (request with { Path = files.Path, Include = files.Include, Exclude = files.Exclude }, files.Path);
            case { Sql: { } sql }:
                var table = new SqlConnector(SqlOptions(sql));
                return (request with { Connector = table }, table.Location);
            default:
                var crawler = new WebCrawler(CrawlOptions(definition.Web!, stateDirectory), ParserRegistry.CreateDefault());
                return (request with { Connector = crawler }, crawler.Location);
        }
    }

    /// <summary>The kind of a domain a source of <paramref name="kind"/> creates: files are enterprise documents, rows business data, pages internet.</summary>
    public static DomainKind DomainKindOf(string kind) => kind switch
    {
        SourceDefinition.SqlKind => DomainKind.Business,
        SourceDefinition.WebKind => DomainKind.Internet,
        _ => DomainKind.Enterprise,
    };

    private static SqlSourceOptions SqlOptions(SqlSourceSettings sql) => new()
    {
        Provider = sql.Provider == SqlSourceSettings.Sqlite ? SqlProvider.Sqlite : SqlProvider.Postgres,
        ConnectionString = sql.Provider == SqlSourceSettings.Sqlite
            ? new DbConnectionStringBuilder { ["Data Source"] = sql.Database }.ConnectionString
            : ConnectionStringOf(sql.ConnectionEnv!),
        Table = sql.Table,
        Query = sql.Query,
        Name = sql.Name,
        KeyColumns = sql.Key,
        TitleColumn = sql.Title,
        TextColumns = sql.Text,
        UpdatedAtColumn = sql.Updated,
        AclColumn = sql.AclColumn,
    };

    /// <summary>The secret, read from the environment when needed and never kept.</summary>
    private static string ConnectionStringOf(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { } value && !string.IsNullOrWhiteSpace(value)
            ? value
            : throw new HunyuException(ErrorCode.InvalidArgument, $"postgres source: the environment variable {variable} is not set; set it to the connection string (it is never stored)");

    private static WebCrawlOptions CrawlOptions(WebSourceSettings web, string? stateDirectory) => new()
    {
        Urls = web.Urls,
        Sitemaps = web.Sitemaps,
        MaxDepth = web.Depth ?? WebCrawlOptions.DefaultMaxDepth,
        MaxPages = web.MaxPages ?? WebCrawlOptions.DefaultMaxPages,
        AllowedHosts = web.AllowHosts,
        AllowLoopback = web.AllowLoopback,
        AllowPrivateNetworks = web.AllowPrivateNetworks,
        StateDirectory = stateDirectory,
    };
}
