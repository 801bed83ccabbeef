using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Hunyu.Core.Audit;
using Hunyu.Core.Errors;
using Npgsql;

namespace Hunyu.Storage.Postgres;

/// <summary>
/// The audit log in PostgreSQL (server mode): one table (by default <c>audit_log</c>), created on first use, with the
/// same columns, texts and hashes as the embedded log, so a chain verifies the same in either store.
/// </summary>
/// <remarks>
/// Thread-safe. An append locks the table against other appenders (<c>SHARE ROW EXCLUSIVE</c>, readers are not
/// blocked), reads the head and inserts the next entry in one transaction: appends from any number of threads,
/// processes or servers form one chain. UPDATE, DELETE and TRUNCATE are refused by triggers; the chain, not the
/// triggers, is what detects someone who disables them. The connection string is never printed.
/// </remarks>
public sealed partial class PostgresAuditLog : IAuditLog, IDisposable
{
    /// <summary>The default table name.</summary>
    public const string DefaultTable = "audit_log";

    private const string Columns = "sequence, occurred_at, tenant, user_id, groups, client, action, target, outcome, code, detail, previous_hash, hash";

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _table;
    private readonly string _location;
    private readonly TimeProvider _timeProvider;

    private PostgresAuditLog(NpgsqlDataSource dataSource, string table, string location, TimeProvider timeProvider)
    {
        _dataSource = dataSource;
        _table = table;
        _location = location;
        _timeProvider = timeProvider;
    }

    /// <summary>Connects, creates the table and its triggers if they do not exist, and returns the log.</summary>
    /// <param name="connectionString">An Npgsql connection string (from the environment; never stored or printed).</param>
    /// <param name="table">The table name: lowercase letters, digits and '_'.</param>
    /// <param name="timeProvider">The clock that stamps entries; the system clock when null.</param>
    /// <param name="cancellationToken">Cancels the connection.</param>
    /// <exception cref="HunyuException"><c>invalid_argument</c> for a bad table name or connection string; <c>store_unavailable</c> when the server does not answer.</exception>
    public static async Task<PostgresAuditLog> OpenAsync(string connectionString, string table = DefaultTable, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        if (!TableName().IsMatch(table ?? string.Empty))
        {
            throw new HunyuException(ErrorCode.InvalidArgument, $"audit table '{table}': use 1-48 characters of a-z, 0-9 and '_', starting with a letter");
        }

        NpgsqlDataSource dataSource;
        string location;
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            location = $"postgres://{builder.Host}:{builder.Port}/{builder.Database}/{table}";
            dataSource = NpgsqlDataSource.Create(builder);
        }
        catch (ArgumentException e)
        {
            // SECURITY: the message of a bad connection string is not repeated; it may hold the password.
            throw new HunyuException(ErrorCode.InvalidArgument, "audit connection string: not a valid PostgreSQL connection string", e);
        }

        var log = new PostgresAuditLog(dataSource, table!, location, timeProvider ?? TimeProvider.System);
        try
        {
            await log.ExecuteAsync(log.Schema(), cancellationToken);
        }
        catch
        {
            log.Dispose();
            throw;
        }

        return log;
    }

    /// <inheritdoc />
    public async Task<AuditRecord> AppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default)
    {
        AuditChain.Validate(auditEvent);
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using (var lockTable = new NpgsqlCommand($"LOCK TABLE {_table} IN SHARE ROW EXCLUSIVE MODE;", connection, transaction))
            {
                await lockTable.ExecuteNonQueryAsync(cancellationToken);
            }

            long last = 0;
            var previousHash = AuditChain.GenesisHash;
            await using (var head = new NpgsqlCommand($"SELECT sequence, hash FROM {_table} ORDER BY sequence DESC LIMIT 1;", connection, transaction))
            await using (var reader = await head.ExecuteReaderAsync(cancellationToken))
            {
                if (await reader.ReadAsync(cancellationToken))
                {
                    last = reader.GetInt64(0);
                    previousHash = reader.GetString(1);
                }
            }

            var record = AuditChain.Seal(last + 1, _timeProvider.GetUtcNow(), auditEvent, previousHash);
            await using (var insert = new NpgsqlCommand($"INSERT INTO {_table} ({Columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13);", connection, transaction))
            {
                object?[] values = [record.Sequence, record.Time, record.Tenant, record.UserId, record.Groups, record.Client, record.Action, record.Target, record.Outcome, record.Code, record.Detail, record.PreviousHash, record.Hash];
                foreach (var value in values)
                {
                    insert.Parameters.Add(value is null ? new NpgsqlParameter<string?> { TypedValue = null, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text } : new NpgsqlParameter { Value = value });
                }

                await insert.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            return record;
        }
        catch (NpgsqlException e)
        {
            throw Unavailable("cannot append to the audit log", e);
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<AuditRecord>> SearchAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(query.Limit);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.Limit, AuditQuery.MaxLimit);
        var sql = new StringBuilder($"SELECT {Columns} FROM {_table} WHERE TRUE");
        var parameters = new List<object>();
        void Filter(string condition, object value)
        {
            parameters.Add(value);
            sql.Append(CultureInfo.InvariantCulture, $" AND {condition} ${parameters.Count}");
        }

        if (query.Tenant is not null)
        {
            Filter("tenant =", query.Tenant);
        }

        if (query.UserId is not null)
        {
            Filter("user_id =", query.UserId);
        }

        if (query.Action is not null)
        {
            Filter("action =", query.Action);
        }

        if (query.Since is { } since)
        {
            Filter("occurred_at >=", AuditChain.FormatTime(since));
        }

        if (query.Until is { } until)
        {
            Filter("occurred_at <", AuditChain.FormatTime(until));
        }

        parameters.Add(query.Limit);
        sql.Append(CultureInfo.InvariantCulture, $" ORDER BY sequence DESC LIMIT ${parameters.Count};");
        try
        {
            await using var command = _dataSource.CreateCommand(sql.ToString());
            foreach (var value in parameters)
            {
                command.Parameters.Add(new NpgsqlParameter { Value = value });
            }

            var records = new List<AuditRecord>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                records.Add(Read(reader));
            }

            return records;
        }
        catch (NpgsqlException e)
        {
            throw Unavailable("cannot read the audit log", e);
        }
    }

    /// <inheritdoc />
    public async Task<AuditVerification> VerifyAsync(AuditAnchor? anchor = null, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);

            // One snapshot for the whole walk, so entries appended meanwhile are not half seen.
            await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
            await using var command = new NpgsqlCommand($"SELECT {Columns} FROM {_table} ORDER BY sequence;", connection, transaction);
            var verifier = new AuditChainVerifier(anchor);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                verifier.Add(Read(reader));
            }

            return verifier.Result();
        }
        catch (NpgsqlException e)
        {
            throw Unavailable("cannot read the audit log", e);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _dataSource.Dispose();

    private static AuditRecord Read(NpgsqlDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetString(3),
        reader.GetString(4),
        reader.GetString(5),
        reader.GetString(6),
        reader.GetString(7),
        reader.GetString(8),
        reader.IsDBNull(9) ? null : reader.GetString(9),
        reader.GetString(10),
        reader.GetString(11),
        reader.GetString(12));

    private string Schema() => $$"""
        CREATE TABLE IF NOT EXISTS {{_table}} (
            sequence      bigint NOT NULL PRIMARY KEY,
            occurred_at   text NOT NULL,
            tenant        text NOT NULL,
            user_id       text NOT NULL,
            groups        text NOT NULL,
            client        text NOT NULL,
            action        text NOT NULL,
            target        text NOT NULL,
            outcome       text NOT NULL,
            code          text NULL,
            detail        text NOT NULL,
            previous_hash text NOT NULL,
            hash          text NOT NULL);
        CREATE INDEX IF NOT EXISTS ix_{{_table}}_user ON {{_table}} (user_id, sequence);
        CREATE INDEX IF NOT EXISTS ix_{{_table}}_action ON {{_table}} (action, sequence);
        CREATE INDEX IF NOT EXISTS ix_{{_table}}_time ON {{_table}} (occurred_at);
        CREATE OR REPLACE FUNCTION hunyu_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $fn$
        BEGIN
            RAISE EXCEPTION 'the audit log is append-only';
        END
        $fn$;
        DROP TRIGGER IF EXISTS {{_table}}_append_only ON {{_table}};
        CREATE TRIGGER {{_table}}_append_only BEFORE UPDATE OR DELETE ON {{_table}} FOR EACH ROW EXECUTE FUNCTION hunyu_audit_append_only();
        DROP TRIGGER IF EXISTS {{_table}}_no_truncate ON {{_table}};
        CREATE TRIGGER {{_table}}_no_truncate BEFORE TRUNCATE ON {{_table}} FOR EACH STATEMENT EXECUTE FUNCTION hunyu_audit_append_only();
        """;

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        try
        {
            await using var command = _dataSource.CreateCommand(sql);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (NpgsqlException e)
        {
            throw Unavailable("cannot create the audit table", e);
        }
    }

    private HunyuException Unavailable(string what, NpgsqlException e)
    {
        var state = e is PostgresException postgres ? $" ({postgres.SqlState})" : string.Empty;
        var message = e is PostgresException server ? server.MessageText : e.Message;
        return new HunyuException(ErrorCode.StoreUnavailable, $"{_location}: {what}: {message}{state}", e);
    }

    [GeneratedRegex("^[a-z][a-z0-9_]{0,47}$", RegexOptions.CultureInvariant)]
    private static partial Regex TableName();
}
