using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Net.Sockets;
using Hunyu.Core.Errors;
using Npgsql;

namespace Hunyu.Ingestion.Connectors.Sql;

/// <summary>PostgreSQL through Npgsql: reads run in a read-only transaction; errors are told apart by SQLSTATE.</summary>
internal sealed class PostgresDialect : SqlDialect
{
    private readonly string _connectionString;

    public PostgresDialect(SqlSourceOptions options, string sourceName)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException or OverflowException or KeyNotFoundException)
        {
            // SECURITY: the driver's message may quote part of the string; say only which provider rejected it.
            throw new HunyuException(ErrorCode.InvalidArgument, $"sql source '{sourceName}': the connection string is not a valid PostgreSQL connection string (check its keywords and values)");
        }

        if (string.IsNullOrWhiteSpace(builder.Database))
        {
            throw new HunyuException(ErrorCode.InvalidArgument, $"sql source '{sourceName}': the connection string names no database; add Database=NAME");
        }

        builder.CommandTimeout = options.CommandTimeoutSeconds;
        if (string.IsNullOrEmpty(builder.ApplicationName))
        {
            builder.ApplicationName = "hunyu";
        }

        Password = builder.Password;
        var host = string.IsNullOrWhiteSpace(builder.Host) ? "localhost" : builder.Host;
        host = host switch
        {
            _ when host.StartsWith('/') => Uri.EscapeDataString(host), // a Unix socket directory
            _ when host.Contains(':', StringComparison.Ordinal) && !host.Contains('[', StringComparison.Ordinal) && !host.Contains(',', StringComparison.Ordinal) => "[" + host + "]", // IPv6
            _ => host,
        };
        Location = string.Create(CultureInfo.InvariantCulture, $"postgres://{host}:{builder.Port}/{Uri.EscapeDataString(builder.Database)}");
        _connectionString = builder.ConnectionString;
    }

    public override string Location { get; }

    public override string? Password { get; }

    public override CommandBehavior SchemaBehavior => CommandBehavior.SchemaOnly;

    public override DbConnection CreateConnection() => new NpgsqlConnection(_connectionString);

    public override DbTransaction? BeginReadOnly(DbConnection connection)
    {
        var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SET TRANSACTION READ ONLY";
        command.ExecuteNonQuery();
        return transaction;
    }

    public override (ErrorCode Error, string Reason)? Classify(Exception exception, int commandTimeoutSeconds)
    {
        if (exception is PostgresException postgres)
        {
            return Classify(postgres, commandTimeoutSeconds);
        }

        if (FindInner<TimeoutException>(exception) is not null)
        {
            return (ErrorCode.Timeout, TimedOut(commandTimeoutSeconds));
        }

        if (FindInner<SocketException>(exception) is { } socket)
        {
            return (ErrorCode.SourceUnavailable, $"cannot connect ({Describe(socket.SocketErrorCode)})");
        }

        return exception switch
        {
            NpgsqlException npgsql => (ErrorCode.SourceUnavailable, $"the server cannot be read ({Npgsql(npgsql)})"),
            InvalidOperationException or IOException => (ErrorCode.SourceUnavailable, $"the server cannot be read ({exception.GetType().Name}: {exception.Message})"),
            _ => null,
        };
    }

    private static (ErrorCode, string) Classify(PostgresException e, int commandTimeoutSeconds)
    {
        var state = e.SqlState;
        return state switch
        {
            // The server's own text names the user; the reason here names neither user nor password.
            PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification
                => (ErrorCode.SourceUnavailable, $"authentication failed; check the user name and password ({state})"),
            PostgresErrorCodes.InvalidCatalogName => (ErrorCode.InvalidArgument, $"{e.MessageText} ({state})"),
            PostgresErrorCodes.UndefinedTable => (ErrorCode.InvalidArgument, $"the table does not exist: {e.MessageText} ({state})"),
            PostgresErrorCodes.UndefinedColumn => (ErrorCode.InvalidArgument, $"the query names a missing column: {e.MessageText} ({state})"),
            PostgresErrorCodes.InsufficientPrivilege => (ErrorCode.InvalidArgument, $"the user may not read it: {e.MessageText} ({state})"),
            PostgresErrorCodes.QueryCanceled => (ErrorCode.Timeout, TimedOut(commandTimeoutSeconds)),
            PostgresErrorCodes.ReadOnlySqlTransaction => (ErrorCode.InvalidArgument, $"the query tries to write; a source is only read ({state})"),
            _ when state.StartsWith("42", StringComparison.Ordinal) || state.StartsWith("22", StringComparison.Ordinal)
                => (ErrorCode.InvalidArgument, $"the query is invalid: {e.MessageText} ({state})"),
            _ => (ErrorCode.SourceUnavailable, $"the server refused: {e.MessageText} ({state})"),
        };
    }

    private static string TimedOut(int seconds) =>
        string.Create(CultureInfo.InvariantCulture, $"the query timed out after {seconds} s (SqlSourceOptions.CommandTimeoutSeconds, 1-{SqlSourceOptions.MaxCommandTimeoutSeconds})");

    private static string Describe(SocketError error) => error switch
    {
        SocketError.ConnectionRefused => "connection refused; is the server running and is the port right?",
        SocketError.HostNotFound or SocketError.NoData => "host not found",
        SocketError.TimedOut => "timed out",
        SocketError.NetworkUnreachable or SocketError.HostUnreachable => "host unreachable",
        _ => error.ToString(),
    };

    private static string Npgsql(NpgsqlException e) => e.InnerException is { } inner ? $"{e.Message} {inner.Message}" : e.Message;

    private static T? FindInner<T>(Exception exception)
        where T : Exception
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (current is T found)
            {
                return found;
            }
        }

        return null;
    }
}
