using System.ComponentModel.DataAnnotations;

namespace Hunyu.Ingestion.Connectors.Sql;

/// <summary>
/// Which table or query of a business database to ingest and how its columns map onto documents: one row is one
/// document keyed by <see cref="KeyColumns"/>, titled by <see cref="TitleColumn"/>, with <see cref="TextColumns"/> as
/// plain paragraphs, every other string column as a "<c>column: value</c>" paragraph and every column in metadata.
/// </summary>
/// <remarks>
/// SECURITY: <see cref="ConnectionString"/> is a secret. It is never shown: <see cref="ToString"/>, the connector's
/// location and every error message are built from its parsed host, port and database (or file) only. Resolve it
/// from an environment variable or a vault; never store it in <c>appsettings*.json</c>.
/// </remarks>
public sealed class SqlSourceOptions
{
    /// <summary>Default of <see cref="CommandTimeoutSeconds"/>.</summary>
    public const int DefaultCommandTimeoutSeconds = 30;

    /// <summary>Largest <see cref="CommandTimeoutSeconds"/> (one hour).</summary>
    public const int MaxCommandTimeoutSeconds = 3_600;

    /// <summary>The database kind.</summary>
    public SqlProvider Provider { get; set; }

    /// <summary>
    /// The ADO.NET connection string: for SQLite <c>Data Source=/path/app.db</c> (always opened read-only, never
    /// created), for PostgreSQL <c>Host=…;Port=…;Database=…;Username=…;Password=…</c> (<c>Database</c> is required).
    /// </summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>The table (or view) to read, optionally schema-qualified (<c>sales.orders</c>); names are quoted as given. Set this or <see cref="Query"/>.</summary>
    public string? Table { get; set; }

    /// <summary>A SELECT to read instead of a table (joins, filters, casts). It runs read-only. Needs <see cref="Name"/>.</summary>
    public string? Query { get; set; }

    /// <summary>
    /// The item's name: its key in the source (documents are <c>name#key</c>), in the location and in fallback titles.
    /// Required with <see cref="Query"/>; defaults to <see cref="Table"/>.
    /// </summary>
    public string? Name { get; set; }

    /// <summary>The column or columns whose values key each row (composite keys are joined with <c>/</c>). Required.</summary>
    public IReadOnlyList<string> KeyColumns { get; set; } = [];

    /// <summary>The column holding each row's title; null (or a NULL value) titles the row "<c>name key</c>".</summary>
    public string? TitleColumn { get; set; }

    /// <summary>Columns of running text (a body, a description), each a plain paragraph rather than "<c>column: value</c>".</summary>
    public IReadOnlyList<string> TextColumns { get; set; } = [];

    /// <summary>
    /// The row's last-modified time or version; kept in metadata and not repeated in the text. Every run still reads
    /// every row: deletes and edits that forgot to bump it are never missed (see <see cref="SqlConnector"/>).
    /// </summary>
    public string? UpdatedAtColumn { get; set; }

    /// <summary>
    /// A column listing who may see each row, e.g. <c>group:hr;user:bob;!user:eve</c> (<c>;</c> or <c>,</c> separated,
    /// <c>!</c> denies); it replaces the ingest's ACL for that row, and a NULL or blank value keeps the ingest's. A value
    /// that cannot be read fails its row, which is then not indexed. The column is not copied to metadata or text.
    /// </summary>
    public string? AclColumn { get; set; }

    /// <summary>Seconds one database round trip may take (PostgreSQL statement wait; SQLite busy wait).</summary>
    /// <value>The default is 30.</value>
    [Range(1, MaxCommandTimeoutSeconds)]
    public int CommandTimeoutSeconds { get; set; } = DefaultCommandTimeoutSeconds;

    /// <summary>The provider and the table or query name; never the connection string.</summary>
    public override string ToString() => $"{Provider} {Table ?? Name ?? "(query)"}";
}
