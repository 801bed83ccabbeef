using System.Globalization;
using System.Text;
using Hunyu.Core.Audit;
using Hunyu.Core.Errors;
using Microsoft.Data.Sqlite;

namespace Hunyu.Storage.Sqlite;

/// <summary>
/// The embedded audit log: table <c>audit_log</c> of the catalog database (schema version 3), one hash-chained row
/// per event.
/// </summary>
/// <remarks>
/// Thread-safe. Appends are serialised in-process by a gate and across processes by SQLite's write lock
/// (<c>BEGIN IMMEDIATE</c>): the head is read and the next entry inserted in one transaction, so the chain cannot fork
/// even when the server and the CLI append to the same file. Reads use their own connections (WAL) and never block
/// appends. Dispose once, after the last operation.
/// </remarks>
public sealed class SqliteAuditLog : IAuditLog, IDisposable
{
    private const string Columns = "sequence, occurred_at, tenant, user_id, groups, client, action, target, outcome, code, detail, previous_hash, hash";

    private static readonly string ConnectionPragmas = string.Create(
        CultureInfo.InvariantCulture,
        $"PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = {SqliteCatalog.BusyTimeoutMilliseconds};");

    private readonly string _connectionString;
    private readonly TimeProvider _timeProvider;
    private readonly SemaphoreSlim _appendGate = new(1, 1);
    private volatile bool _disposed;

    private SqliteAuditLog(string databasePath, string connectionString, TimeProvider timeProvider)
    {
        DatabasePath = databasePath;
        _connectionString = connectionString;
        _timeProvider = timeProvider;
    }

    /// <summary>The full path of the database file.</summary>
    public string DatabasePath { get; }

    /// <summary>Where the anchor of this log is kept by default: <c>audit.anchor</c> next to the database.</summary>
    public string DefaultAnchorPath => Path.Combine(Path.GetDirectoryName(DatabasePath)!, AuditAnchor.FileName);

    /// <summary>Opens the audit log in the catalog database at <paramref name="databasePath"/>, creating and migrating it if needed.</summary>
    /// <param name="databasePath">The catalog file, e.g. <c>data/hunyu.db</c>.</param>
    /// <param name="timeProvider">The clock that stamps entries; the system clock when null.</param>
    /// <exception cref="HunyuException"><see cref="ErrorCode.StoreUnavailable"/> when the file cannot be opened or is not a Hunyu catalog.</exception>
    public static SqliteAuditLog Open(string databasePath, TimeProvider? timeProvider = null)
    {
        // Opening the catalog creates the file and brings the schema (with the audit table) to the latest version.
        using var catalog = SqliteCatalog.Open(databasePath, timeProvider);
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = catalog.DatabasePath,
            Mode = SqliteOpenMode.ReadWrite,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
        }.ToString();
        return new SqliteAuditLog(catalog.DatabasePath, connectionString, timeProvider ?? TimeProvider.System);
    }

    /// <inheritdoc />
    public async Task<AuditRecord> AppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default)
    {
        AuditChain.Validate(auditEvent);
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _appendGate.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await OpenConnectionAsync(cancellationToken);
            await using var transaction = connection.BeginTransaction(deferred: false);
            long last = 0;
            var previousHash = AuditChain.GenesisHash;
            using (var head = Command(connection, transaction, "SELECT sequence, hash FROM audit_log ORDER BY sequence DESC LIMIT 1;"))
            using (var reader = head.ExecuteReader())
            {
                if (reader.Read())
                {
                    last = reader.GetInt64(0);
                    previousHash = reader.GetString(1);
                }
            }

            var record = AuditChain.Seal(last + 1, _timeProvider.GetUtcNow(), auditEvent, previousHash);
            using (var insert = Command(connection, transaction, $"INSERT INTO audit_log ({Columns}) VALUES ($p0, $p1, $p2, $p3, $p4, $p5, $p6, $p7, $p8, $p9, $p10, $p11, $p12);"))
            {
                object?[] values = [record.Sequence, record.Time, record.Tenant, record.UserId, record.Groups, record.Client, record.Action, record.Target, record.Outcome, record.Code, record.Detail, record.PreviousHash, record.Hash];
                for (var i = 0; i < values.Length; i++)
                {
                    insert.Parameters.AddWithValue("$p" + i.ToString(CultureInfo.InvariantCulture), values[i] ?? DBNull.Value);
                }

                insert.ExecuteNonQuery();
            }

            transaction.Commit();
            return record;
        }
        catch (SqliteException e)
        {
            throw new HunyuException(ErrorCode.StoreUnavailable, $"{DatabasePath}: cannot append to the audit log: {e.Message}", e);
        }
        finally
        {
            _appendGate.Release();
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<AuditRecord>> SearchAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(query.Limit);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.Limit, AuditQuery.MaxLimit);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        var sql = new StringBuilder($"SELECT {Columns} FROM audit_log WHERE 1 = 1");
        using var command = connection.CreateCommand();
        if (query.Tenant is not null)
        {
            sql.Append(" AND tenant = $tenant");
            command.Parameters.AddWithValue("$tenant", query.Tenant);
        }

        if (query.UserId is not null)
        {
            sql.Append(" AND user_id = $user");
            command.Parameters.AddWithValue("$user", query.UserId);
        }

        if (query.Action is not null)
        {
            sql.Append(" AND action = $action");
            command.Parameters.AddWithValue("$action", query.Action);
        }

        if (query.Since is { } since)
        {
            sql.Append(" AND occurred_at >= $since");
            command.Parameters.AddWithValue("$since", AuditChain.FormatTime(since));
        }

        if (query.Until is { } until)
        {
            sql.Append(" AND occurred_at < $until");
            command.Parameters.AddWithValue("$until", AuditChain.FormatTime(until));
        }

        sql.Append(" ORDER BY sequence DESC LIMIT $limit;");
        command.Parameters.AddWithValue("$limit", query.Limit);
        command.CommandText = sql.ToString();
        var records = new List<AuditRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            records.Add(Read(reader));
        }

        return records;
    }

    /// <inheritdoc />
    public async Task<AuditVerification> VerifyAsync(AuditAnchor? anchor = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: true);
        using var command = Command(connection, transaction, $"SELECT {Columns} FROM audit_log ORDER BY sequence;");
        var verifier = new AuditChainVerifier(anchor);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            verifier.Add(Read(reader));
        }

        return verifier.Result();
    }

    /// <summary>Releases this file's pooled connections; the log cannot be used afterwards.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
        _appendGate.Dispose();
    }

    private static AuditRecord Read(SqliteDataReader reader) => new(
        reader.GetInt64(0),
        Text(reader, 1),
        Text(reader, 2),
        Text(reader, 3),
        Text(reader, 4),
        Text(reader, 5),
        Text(reader, 6),
        Text(reader, 7),
        Text(reader, 8),
        reader.IsDBNull(9) ? null : Text(reader, 9),
        Text(reader, 10),
        Text(reader, 11),
        Text(reader, 12));

    // A tampered row may hold a number or NULL where text belongs; read it as text so verification reports it.
    private static string Text(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? string.Empty : Convert.ToString(reader.GetValue(ordinal), CultureInfo.InvariantCulture) ?? string.Empty;

    private async Task<SqliteConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            using var pragmas = Command(connection, null, ConnectionPragmas);
            pragmas.ExecuteNonQuery();
            return connection;
        }
        catch (SqliteException e)
        {
            await connection.DisposeAsync();
            throw new HunyuException(ErrorCode.StoreUnavailable, $"{DatabasePath}: cannot open the audit log: {e.Message}", e);
        }
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }
}
