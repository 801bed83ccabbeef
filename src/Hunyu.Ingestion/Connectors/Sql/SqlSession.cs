using System.Data;
using System.Data.Common;

namespace Hunyu.Ingestion.Connectors.Sql;

/// <summary>An open connection, read-only transaction, command and reader over one result; disposes them in order.</summary>
/// <remarks>
/// Disposed before the result is read to the end (a cancelled or failed ingest), it cancels the command first, so the
/// driver does not drain the rest of a large result.
/// </remarks>
internal sealed class SqlSession : IDisposable
{
    private readonly DbConnection _connection;
    private readonly DbTransaction? _transaction;
    private readonly DbCommand _command;
    private bool _completed;

    private SqlSession(DbConnection connection, DbTransaction? transaction, DbCommand command, DbDataReader reader)
    {
        _connection = connection;
        _transaction = transaction;
        _command = command;
        Reader = reader;
    }

    /// <summary>The reader over the result.</summary>
    public DbDataReader Reader { get; }

    /// <summary>Connects and executes <paramref name="sql"/>; throws the driver's exception on failure, leaving nothing open.</summary>
    public static SqlSession Open(SqlDialect dialect, string sql, int commandTimeoutSeconds, CommandBehavior behavior)
    {
        dialect.CheckReachable();
        var connection = dialect.CreateConnection();
        DbTransaction? transaction = null;
        DbCommand? command = null;
        try
        {
            connection.Open();
            transaction = dialect.BeginReadOnly(connection);
            command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            command.CommandTimeout = commandTimeoutSeconds;
            var reader = command.ExecuteReader(behavior);
            return new SqlSession(connection, transaction, command, reader);
        }
        catch
        {
            command?.Dispose();
            transaction?.Dispose();
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Marks the result as read to the end, so disposing does not cancel.</summary>
    public void Complete() => _completed = true;

    /// <inheritdoc />
    public void Dispose()
    {
        if (!_completed)
        {
            try
            {
                _command.Cancel();
            }
            catch (DbException)
            {
                // Best effort: the connection is closed below either way.
            }
        }

        try
        {
            Reader.Dispose();
        }
        catch (DbException)
        {
            // A cancelled command reports its cancellation while the reader closes; nothing is left to read.
        }

        try
        {
            _command.Dispose();
            _transaction?.Dispose();
        }
        catch (DbException)
        {
            // A broken connection cannot roll back; closing it ends the transaction on the server.
        }

        _connection.Dispose();
    }
}
