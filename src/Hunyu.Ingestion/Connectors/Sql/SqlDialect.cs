using System.Data;
using System.Data.Common;
using Hunyu.Core.Errors;

namespace Hunyu.Ingestion.Connectors.Sql;

/// <summary>What differs between the databases a <see cref="SqlConnector"/> reads: connecting read-only, quoting, errors.</summary>
/// <remarks>SECURITY: a dialect holds the full connection string; only <see cref="Location"/> (host, port, database or file) is ever shown.</remarks>
internal abstract class SqlDialect
{
    /// <summary>The database's address without credentials: <c>postgres://host:port/db</c> or <c>sqlite:/abs/file.db</c>.</summary>
    public abstract string Location { get; }

    /// <summary>The password in the connection string, to scrub from driver messages as a last line of defence; null when none.</summary>
    public abstract string? Password { get; }

    /// <summary>How to execute a command only to learn its columns.</summary>
    public abstract CommandBehavior SchemaBehavior { get; }

    /// <summary>Parses the connection string of <paramref name="options"/> into the dialect of its provider.</summary>
    /// <exception cref="HunyuException">The connection string cannot be parsed or lacks what the provider needs (<c>invalid_argument</c>).</exception>
    public static SqlDialect Create(SqlSourceOptions options, string sourceName) => options.Provider switch
    {
        SqlProvider.Sqlite => new SqliteDialect(options, sourceName),
        SqlProvider.Postgres => new PostgresDialect(options, sourceName),
        _ => throw new HunyuException(ErrorCode.InvalidArgument, $"sql source '{sourceName}': provider {(int)options.Provider} is not one of sqlite, postgres (SqlSourceOptions.Provider)"),
    };

    /// <summary>A new, closed connection.</summary>
    public abstract DbConnection CreateConnection();

    /// <summary>Checks what can be checked before connecting (a SQLite file exists); throws what <see cref="Classify"/> explains.</summary>
    public virtual void CheckReachable()
    {
    }

    /// <summary>Makes the open <paramref name="connection"/> read-only for what follows; returns the transaction to dispose, if any.</summary>
    public abstract DbTransaction? BeginReadOnly(DbConnection connection);

    /// <summary>The error code and one-line reason for a driver failure; null when <paramref name="exception"/> is not the driver's.</summary>
    public abstract (ErrorCode Error, string Reason)? Classify(Exception exception, int commandTimeoutSeconds);

    /// <summary>Quotes a possibly schema-qualified name (<c>sales.orders</c>) part by part.</summary>
    public static string QuoteQualified(string name) =>
        string.Join('.', name.Split('.').Select(part => "\"" + part.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""));
}
