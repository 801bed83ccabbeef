namespace Hunyu.Ingestion.Connectors.Sql;

/// <summary>The database a <see cref="SqlConnector"/> reads.</summary>
public enum SqlProvider
{
    /// <summary>A SQLite database file, opened read-only.</summary>
    Sqlite,

    /// <summary>A PostgreSQL server (Npgsql), read in a read-only transaction.</summary>
    Postgres,
}
