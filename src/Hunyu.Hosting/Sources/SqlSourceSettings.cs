using Hunyu.Ingestion.Connectors.Sql;

namespace Hunyu.Hosting.Sources;

/// <summary>A table or query of a SQLite file or a PostgreSQL database, one document per row; see <see cref="SqlSourceOptions"/>.</summary>
public sealed record SqlSourceSettings
{
    /// <summary>The provider name for a SQLite file.</summary>
    public const string Sqlite = "sqlite";

    /// <summary>The provider name for a PostgreSQL server.</summary>
    public const string Postgres = "postgres";

    /// <summary><see cref="Sqlite"/> or <see cref="Postgres"/>.</summary>
    public string Provider { get; init; } = string.Empty;

    /// <summary>SQLite only: the database file; stored as an absolute path.</summary>
    public string? Database { get; init; }

    /// <summary>
    /// PostgreSQL only: the NAME of the environment variable holding the connection string. SECURITY: the connection
    /// string itself is never stored; it is read from the environment at each check and sync.
    /// </summary>
    public string? ConnectionEnv { get; init; }

    /// <summary>The table (or view) to read; or give <see cref="Query"/> and <see cref="Name"/>.</summary>
    public string? Table { get; init; }

    /// <summary>A SELECT to read instead of a table.</summary>
    public string? Query { get; init; }

    /// <summary>The name of a query (its documents' key prefix).</summary>
    public string? Name { get; init; }

    /// <summary>The column or columns keying each row.</summary>
    public IReadOnlyList<string> Key { get; init; } = [];

    /// <summary>The column titling each row.</summary>
    public string? Title { get; init; }

    /// <summary>Columns of running text.</summary>
    public IReadOnlyList<string> Text { get; init; } = [];

    /// <summary>The row's last-modified time or version.</summary>
    public string? Updated { get; init; }

    /// <summary>A column listing who may see each row (<see cref="SqlSourceOptions.AclColumn"/>).</summary>
    public string? AclColumn { get; init; }
}
