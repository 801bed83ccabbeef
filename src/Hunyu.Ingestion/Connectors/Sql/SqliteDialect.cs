using System.Data;
using System.Data.Common;
using System.Globalization;
using Hunyu.Core.Errors;
using Microsoft.Data.Sqlite;

namespace Hunyu.Ingestion.Connectors.Sql;

/// <summary>A SQLite file, opened read-only and unpooled (so the file is not held open after a run).</summary>
internal sealed class SqliteDialect : SqlDialect
{
    // Primary result codes (https://sqlite.org/rescode.html).
    private const int SqliteError = 1;
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteReadOnly = 8;
    private const int SqliteCorrupt = 11;
    private const int SqliteCantOpen = 14;
    private const int SqliteNotADatabase = 26;

    private readonly string _connectionString;
    private readonly string _path;

    public SqliteDialect(SqlSourceOptions options, string sourceName)
    {
        SqliteConnectionStringBuilder builder;
        try
        {
            builder = new SqliteConnectionStringBuilder(options.ConnectionString);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException or OverflowException or KeyNotFoundException)
        {
            // SECURITY: the driver's message may quote part of the string; say only which provider rejected it.
            throw new HunyuException(ErrorCode.InvalidArgument, $"sql source '{sourceName}': the connection string is not a valid SQLite connection string (check its keywords and values)");
        }

        var dataSource = builder.DataSource;
        if (string.IsNullOrWhiteSpace(dataSource) || dataSource == ":memory:" || builder.Mode == SqliteOpenMode.Memory
            || dataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            throw new HunyuException(ErrorCode.InvalidArgument, $"sql source '{sourceName}': the connection string needs Data Source=PATH of a database file");
        }

        _path = Path.GetFullPath(dataSource);
        Password = string.IsNullOrEmpty(builder.Password) ? null : builder.Password;
        builder.DataSource = _path;
        // A source is only ever read: never create a missing file, never write.
        builder.Mode = SqliteOpenMode.ReadOnly;
        builder.Pooling = false;
        builder.DefaultTimeout = options.CommandTimeoutSeconds;
        _connectionString = builder.ConnectionString;
        Location = "sqlite:" + _path.Replace('\\', '/');
    }

    public override string Location { get; }

    public override string? Password { get; }

    // Microsoft.Data.Sqlite has no schema-only execution; a SQLite reader computes its first row lazily anyway.
    public override CommandBehavior SchemaBehavior => CommandBehavior.Default;

    public override DbConnection CreateConnection() => new SqliteConnection(_connectionString);

    public override void CheckReachable()
    {
        if (!File.Exists(_path))
        {
            throw new FileNotFoundException("the database file does not exist");
        }
    }

    public override DbTransaction? BeginReadOnly(DbConnection connection) => null;

    public override (ErrorCode Error, string Reason)? Classify(Exception exception, int commandTimeoutSeconds)
    {
        if (exception is FileNotFoundException)
        {
            return (ErrorCode.PathNotFound, "the database file does not exist");
        }

        if (exception is not SqliteException sqlite)
        {
            return exception is InvalidOperationException or IOException or UnauthorizedAccessException
                ? (ErrorCode.SourceUnavailable, $"the file cannot be read ({exception.Message})")
                : null;
        }

        var message = Message(sqlite);
        return sqlite.SqliteErrorCode switch
        {
            SqliteError => (ErrorCode.InvalidArgument, $"the query failed: {message}"),
            SqliteBusy or SqliteLocked => (ErrorCode.Timeout, string.Create(CultureInfo.InvariantCulture, $"the database stayed locked for {commandTimeoutSeconds} s (SqlSourceOptions.CommandTimeoutSeconds)")),
            SqliteReadOnly => (ErrorCode.InvalidArgument, "the query tries to write; a source is only read"),
            SqliteCorrupt or SqliteNotADatabase => (ErrorCode.CorruptInput, $"the file is not a readable SQLite database ({message})"),
            SqliteCantOpen => (ErrorCode.SourceUnavailable, $"the file cannot be opened ({message})"),
            _ => (ErrorCode.SourceUnavailable, $"the database cannot be read ({message})"),
        };
    }

    // "SQLite Error 1: 'no such table: orders'." → "no such table: orders"
    private static string Message(SqliteException e)
    {
        var text = e.Message;
        var start = text.IndexOf('\'', StringComparison.Ordinal);
        var end = text.LastIndexOf('\'');
        return start >= 0 && end > start ? text[(start + 1)..end] : text.TrimEnd('.');
    }
}
