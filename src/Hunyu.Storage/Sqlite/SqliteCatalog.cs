using System.Globalization;
using Hunyu.Core.Catalog;
using Hunyu.Core.Errors;
using Microsoft.Data.Sqlite;

namespace Hunyu.Storage.Sqlite;

/// <summary>
/// The embedded catalog: domains, sources, document and chunk metadata, ingestion runs and identities in one SQLite file
/// (by default <c>&lt;data&gt;/hunyu.db</c>). Chunk text is not stored here; it lives in the search index.
/// </summary>
/// <remarks>
/// Thread-safe. Every operation opens its own connection from the Microsoft.Data.Sqlite pool, so readers run
/// concurrently (WAL journal). Writes are serialised in-process by a gate and take the database write lock up front
/// (<c>BEGIN IMMEDIATE</c>); another process writing the same file is waited for up to <see cref="BusyTimeoutMilliseconds"/>.
/// Every write that touches more than one row is one transaction. Dispose once, after the last operation:
/// it clears this file's connection pool and later calls throw <see cref="ObjectDisposedException"/>.
/// </remarks>
public sealed partial class SqliteCatalog : IKnowledgeCatalog, IDocumentCatalog, IIngestionRunLog, IDisposable
{
    /// <summary>The catalog's file name inside the data directory.</summary>
    public const string DefaultFileName = "hunyu.db";

    /// <summary>How long an operation waits for another connection's write lock before failing.</summary>
    public const int BusyTimeoutMilliseconds = 5_000;

    // Per-connection settings; cheap to repeat on a pooled connection. foreign_keys cascades chunk rows.
    private static readonly string ConnectionPragmas = string.Create(
        CultureInfo.InvariantCulture,
        $"PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = {BusyTimeoutMilliseconds};");

    // SQLite primary result codes for a file that is not a database or is damaged.
    private const int SqliteCorrupt = 11;
    private const int SqliteNotADatabase = 26;

    private readonly string _connectionString;
    private readonly TimeProvider _timeProvider;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private volatile bool _disposed;

    private SqliteCatalog(string databasePath, string connectionString, TimeProvider timeProvider)
    {
        DatabasePath = databasePath;
        _connectionString = connectionString;
        _timeProvider = timeProvider;
    }

    /// <summary>The schema version this code creates and reads.</summary>
    public static int SchemaVersion => SchemaMigrator.LatestVersion;

    /// <summary>The full path of the database file.</summary>
    public string DatabasePath { get; }

    /// <summary>Opens the catalog at <paramref name="databasePath"/>, creating the file and its folder if needed and migrating the schema to <see cref="SchemaVersion"/>.</summary>
    /// <param name="databasePath">The database file, e.g. <c>data/hunyu.db</c>.</param>
    /// <param name="timeProvider">The clock for created, started, finished and deleted times; the system clock when null.</param>
    /// <exception cref="HunyuException">
    /// <see cref="ErrorCode.StoreUnavailable"/> when the file cannot be opened, is not a Hunyu catalog, is corrupt,
    /// or has a newer schema than this code knows.
    /// </exception>
    public static SqliteCatalog Open(string databasePath, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        var fullPath = Path.GetFullPath(databasePath);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HunyuException(ErrorCode.StoreUnavailable, $"{fullPath}: cannot create its folder: {e.Message}", e);
        }

        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = fullPath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
        }.ToString();

        using var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
            Execute(connection, null, ConnectionPragmas);
            SchemaMigrator.Migrate(connection, fullPath, SchemaMigrator.Scripts);
        }
        catch (Exception e) when (e is SqliteException or HunyuException)
        {
            // Do not leave a pooled handle on a file we refused.
            SqliteConnection.ClearPool(connection);
            if (e is HunyuException)
            {
                throw;
            }

            var sqlite = (SqliteException)e;
            var reason = sqlite.SqliteErrorCode is SqliteNotADatabase or SqliteCorrupt
                ? "is not a SQLite database or is corrupt"
                : "cannot be opened";
            throw new HunyuException(ErrorCode.StoreUnavailable, $"{fullPath}: {reason}: {sqlite.Message}", sqlite);
        }

        return new SqliteCatalog(fullPath, connectionString, timeProvider ?? TimeProvider.System);
    }

    /// <summary>Releases this file's pooled connections; the catalog cannot be used afterwards.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    private string Now() => TimestampText.Format(_timeProvider.GetUtcNow());

    private async Task<SqliteConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            Execute(connection, null, ConnectionPragmas);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs <paramref name="write"/> in one immediate transaction, one writer at a time.</summary>
    private async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, T> write, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await OpenConnectionAsync(cancellationToken);
            await using var transaction = connection.BeginTransaction(deferred: false);
            var result = write(connection, transaction);
            cancellationToken.ThrowIfCancellationRequested();
            transaction.Commit();
            return result;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>Runs <paramref name="read"/> on its own connection in a read transaction, so its queries see one snapshot.</summary>
    private async Task<T> ReadAsync<T>(Func<SqliteConnection, SqliteTransaction, T> read, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: true);
        return read(connection, transaction);
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using var command = Command(connection, transaction, sql);
        command.ExecuteNonQuery();
    }

    private static object DbValue(object? value) => value ?? DBNull.Value;
}
