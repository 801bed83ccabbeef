using System.Data.Common;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Hunyu.Core.Errors;
using Hunyu.Ingestion.Parsing;

namespace Hunyu.Ingestion.Connectors.Sql;

/// <summary>
/// A table or SELECT query of a SQLite file or PostgreSQL database as one source item whose rows are documents (see
/// <see cref="SqlSourceOptions"/> for the mapping). Rows stream through one data reader, so memory stays flat however
/// many there are; a row that cannot be read is a <see cref="ParseProblem"/> and the others continue.
/// </summary>
/// <remarks>
/// <para>
/// Sync: every run reads every row, and the ingestion job skips the unchanged ones by content hash. So an edit is
/// picked up even when it forgot to bump <see cref="SqlSourceOptions.UpdatedAtColumn"/>, and a deleted row is removed
/// because its key is not seen; the price is reading and hashing every row each run.
/// </para>
/// <para>
/// Errors name <see cref="Location"/> and the reason in one line: <c>source_unavailable</c> for an unreachable server or
/// a failed login; <c>timeout</c> for a query over <see cref="SqlSourceOptions.CommandTimeoutSeconds"/> or a file locked
/// that long; <c>invalid_argument</c> for a missing table or column, an invalid query or one that writes;
/// <c>path_not_found</c> for a missing SQLite file; <c>corrupt_input</c> for a file that is not a SQLite database.
/// SECURITY: the connection string never appears in the location, a message or an exception. The connector is
/// immutable and thread-safe; each read opens its own connection.
/// </para>
/// </remarks>
public sealed class SqlConnector : ISourceConnector
{
    /// <summary>The <see cref="Kind"/> of every SQL source.</summary>
    public const string SourceKind = "sql";

    /// <summary>Longest <see cref="SqlSourceOptions.Name"/>.</summary>
    public const int MaxNameLength = 128;

    private readonly SqlSourceOptions _options;
    private readonly SqlDialect _dialect;
    private readonly string _sql;

    /// <summary>Checks <paramref name="options"/> and parses its connection string; does not connect.</summary>
    /// <exception cref="HunyuException">An option is missing or invalid, or the connection string cannot be parsed (<c>invalid_argument</c>).</exception>
    public SqlConnector(SqlSourceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = Snapshot(options);
        Name = Validate(_options);
        _dialect = SqlDialect.Create(_options, Name);
        _sql = _options.Table is { } table
            ? "SELECT * FROM " + SqlDialect.QuoteQualified(table)
            : _options.Query!.Trim().TrimEnd(';').TrimEnd();
        Location = _options.Table is not null ? $"{_dialect.Location}/{_options.Table}" : $"{_dialect.Location}/query/{Name}";
    }

    /// <inheritdoc />
    public string Kind => SourceKind;

    /// <inheritdoc />
    /// <value><c>postgres://host:port/db/table</c>, <c>sqlite:/abs/file.db/table</c>, or <c>…/query/NAME</c> for a query; never credentials.</value>
    public string Location { get; }

    /// <summary>The item's key in the source (the table or query name); document keys are <c>Name#key</c>.</summary>
    public string Name { get; }

    /// <inheritdoc />
    /// <remarks>Yields the one item without connecting; connecting and reading happen as its documents are read.</remarks>
    public async IAsyncEnumerable<SourceItem> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.CompletedTask;
        cancellationToken.ThrowIfCancellationRequested();
        yield return new SourceItem(Name, Location, 0) { ReadDocuments = ReadRows };
    }

    /// <summary>Connects, prepares the table or query and checks the configured columns against its result, without reading rows.</summary>
    /// <returns>The result's column names.</returns>
    /// <exception cref="HunyuException">The source cannot be reached or read, or a configured column is missing; the message names <see cref="Location"/> and the reason.</exception>
    public async Task<IReadOnlyList<string>> CheckAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            _dialect.CheckReachable();
            await using var connection = _dialect.CreateConnection();
            await connection.OpenAsync(cancellationToken);
            using var transaction = _dialect.BeginReadOnly(connection);
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = _sql;
            command.CommandTimeout = _options.CommandTimeoutSeconds;
            await using var reader = await command.ExecuteReaderAsync(_dialect.SchemaBehavior, cancellationToken);
            return SqlRowMapper.Create(reader, _options, Name, Location).ColumnNames;
        }
        catch (Exception e) when (IsDriverFailure(e) && !cancellationToken.IsCancellationRequested)
        {
            throw Translate(e);
        }
    }

    /// <summary>The table, provider and location; never the connection string.</summary>
    public override string ToString() => $"{SourceKind} {Location}";

    private IEnumerable<ParsedDocument> ReadRows(ICollection<ParseProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        using var session = Execute();
        var mapper = SqlRowMapper.Create(session.Reader, _options, Name, Location);
        long row = 0;
        while (Next(session))
        {
            row++;
            if (mapper.Map(session.Reader, row, problems) is { } record)
            {
                yield return record.Acl is null ? record.Document : record.Document with { Acl = record.Acl };
            }
        }

        session.Complete();
    }

    private SqlSession Execute()
    {
        try
        {
            return SqlSession.Open(_dialect, _sql, _options.CommandTimeoutSeconds, System.Data.CommandBehavior.Default);
        }
        catch (Exception e) when (IsDriverFailure(e))
        {
            throw Translate(e);
        }
    }

    private bool Next(SqlSession session)
    {
        try
        {
            return session.Reader.Read();
        }
        catch (Exception e) when (IsDriverFailure(e))
        {
            throw Translate(e);
        }
    }

    private static bool IsDriverFailure(Exception e) =>
        e is DbException or TimeoutException or SocketException or IOException or InvalidOperationException or UnauthorizedAccessException;

    private HunyuException Translate(Exception e)
    {
        var (error, reason) = _dialect.Classify(e, _options.CommandTimeoutSeconds)
            ?? (ErrorCode.SourceUnavailable, $"the source cannot be read ({e.GetType().Name})");
        // SECURITY: drivers never put the password in their messages; scrub it anyway in case a server echoes it.
        var message = Scrub($"{Location}: {ParserErrors.OneLine(reason)}");
        return new HunyuException(error, message, e);
    }

    private string Scrub(string text) =>
        _dialect.Password is { Length: >= 4 } password ? text.Replace(password, "***", StringComparison.Ordinal) : text;

    private static SqlSourceOptions Snapshot(SqlSourceOptions options) => new()
    {
        Provider = options.Provider,
        ConnectionString = options.ConnectionString,
        Table = string.IsNullOrWhiteSpace(options.Table) ? null : options.Table.Trim(),
        Query = string.IsNullOrWhiteSpace(options.Query) ? null : options.Query,
        Name = string.IsNullOrWhiteSpace(options.Name) ? null : options.Name.Trim(),
        KeyColumns = [.. options.KeyColumns ?? []],
        TitleColumn = string.IsNullOrWhiteSpace(options.TitleColumn) ? null : options.TitleColumn.Trim(),
        TextColumns = [.. options.TextColumns ?? []],
        UpdatedAtColumn = string.IsNullOrWhiteSpace(options.UpdatedAtColumn) ? null : options.UpdatedAtColumn.Trim(),
        AclColumn = string.IsNullOrWhiteSpace(options.AclColumn) ? null : options.AclColumn.Trim(),
        CommandTimeoutSeconds = options.CommandTimeoutSeconds,
    };

    // Returns the item name.
    private static string Validate(SqlSourceOptions options)
    {
        var label = options.Name ?? options.Table ?? "query";
        HunyuException Invalid(string reason) => new(ErrorCode.InvalidArgument, $"sql source '{label}': {reason}");

        if (!Enum.IsDefined(options.Provider))
        {
            throw Invalid("the provider is not one of sqlite, postgres (SqlSourceOptions.Provider)");
        }

        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            throw Invalid("the connection string is empty (SqlSourceOptions.ConnectionString)");
        }

        if ((options.Table is null) == (options.Query is null))
        {
            throw Invalid("give a table or a query, not both and not neither (SqlSourceOptions.Table, SqlSourceOptions.Query)");
        }

        if (options.Query is not null && options.Name is null)
        {
            throw Invalid("a query needs a name for its location and document keys (SqlSourceOptions.Name)");
        }

        var name = options.Name ?? options.Table!;
        if (name.Length > MaxNameLength || name.Contains('#', StringComparison.Ordinal) || name.Any(char.IsControl))
        {
            throw Invalid($"the name must be 1-{MaxNameLength} characters without '#' or control characters (SqlSourceOptions.Name)");
        }

        if (options.KeyColumns.Count == 0 || options.KeyColumns.Any(string.IsNullOrWhiteSpace))
        {
            throw Invalid("give the column or columns that identify a row (SqlSourceOptions.KeyColumns)");
        }

        if (options.TextColumns.Any(string.IsNullOrWhiteSpace))
        {
            throw Invalid("a text column name is blank (SqlSourceOptions.TextColumns)");
        }

        if (options.CommandTimeoutSeconds is < 1 or > SqlSourceOptions.MaxCommandTimeoutSeconds)
        {
            throw Invalid($"the command timeout is {options.CommandTimeoutSeconds} s; allowed is 1-{SqlSourceOptions.MaxCommandTimeoutSeconds} (SqlSourceOptions.CommandTimeoutSeconds)");
        }

        return name;
    }
}
