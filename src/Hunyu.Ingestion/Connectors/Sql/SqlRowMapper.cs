using System.Data.Common;
using System.Globalization;
using System.Text;
using Hunyu.Core.Errors;
using Hunyu.Core.Security;
using Hunyu.Ingestion.Parsing;

namespace Hunyu.Ingestion.Connectors.Sql;

/// <summary>One row as a document, with the row's own ACL when the source has an ACL column.</summary>
/// <param name="Document">The document.</param>
/// <param name="Acl">The row's ACL; null when the source has no ACL column or the row's is NULL or blank (the ingest's ACL applies).</param>
internal sealed record SqlRecord(ParsedDocument Document, Acl? Acl);

/// <summary>
/// Maps the rows of one result onto documents. Built once per result from its columns, which it checks against the
/// configured ones; then <see cref="Map"/> per row, which reports a bad row as a <see cref="ParseProblem"/>.
/// </summary>
internal sealed class SqlRowMapper
{
    /// <summary>Longest metadata value; longer values are cut and end with "…" (their full text is in the blocks).</summary>
    public const int MaxMetadataValueLength = RecordBuilder.MaxMetadataValueLength;

    private const int MaxColumnsListed = 20;

    private readonly string _name;
    private readonly Column[] _columns;
    private readonly int[] _keyOrdinals;
    private readonly int _titleOrdinal;

    private SqlRowMapper(string name, Column[] columns, int[] keyOrdinals, int titleOrdinal)
    {
        _name = name;
        _columns = columns;
        _keyOrdinals = keyOrdinals;
        _titleOrdinal = titleOrdinal;
    }

    private enum Role
    {
        Field,
        Key,
        Title,
        Text,
        Version,
        Acl,
    }

    /// <summary>The result's column names in order.</summary>
    public IReadOnlyList<string> ColumnNames => [.. _columns.Select(c => c.Name)];

    /// <summary>Resolves the configured columns in the result of <paramref name="reader"/> (case-insensitively when not exact).</summary>
    /// <exception cref="HunyuException">A configured column is not in the result, or two result columns share a name (<c>invalid_argument</c>).</exception>
    public static SqlRowMapper Create(DbDataReader reader, SqlSourceOptions options, string name, string location)
    {
        var columns = new Column[reader.FieldCount];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < columns.Length; i++)
        {
            var columnName = reader.GetName(i);
            if (!seen.Add(columnName))
            {
                throw new HunyuException(ErrorCode.InvalidArgument, $"{location}: the result has two columns named '{columnName}'; alias one of them in the query");
            }

            columns[i] = new Column(columnName, i, reader.GetDataTypeName(i).ToLowerInvariant(), Role.Field);
        }

        int Resolve(string configured, string option)
        {
            var exact = Array.FindIndex(columns, c => string.Equals(c.Name, configured, StringComparison.Ordinal));
            var index = exact >= 0 ? exact : Array.FindIndex(columns, c => string.Equals(c.Name, configured, StringComparison.OrdinalIgnoreCase));
            if (index < 0)
            {
                var listed = string.Join(", ", columns.Take(MaxColumnsListed).Select(c => c.Name)) + (columns.Length > MaxColumnsListed ? ", …" : string.Empty);
                throw new HunyuException(ErrorCode.InvalidArgument, $"{location}: column '{configured}' ({option}) is not in the result; its columns are {listed}");
            }

            return index;
        }

        void Assign(string? configured, string option, Role role)
        {
            if (configured is null)
            {
                return;
            }

            var index = Resolve(configured, option);
            if (columns[index].Role != Role.Field && !(columns[index].Role == Role.Key && role == Role.Title))
            {
                throw new HunyuException(ErrorCode.InvalidArgument, $"{location}: column '{columns[index].Name}' is given twice ({option} and {columns[index].Role})");
            }

            // A key may also be the title; it stays a key.
            if (columns[index].Role == Role.Field)
            {
                columns[index] = columns[index] with { Role = role };
            }
        }

        var keyOrdinals = new int[options.KeyColumns.Count];
        for (var i = 0; i < keyOrdinals.Length; i++)
        {
            Assign(options.KeyColumns[i], "KeyColumns", Role.Key);
            keyOrdinals[i] = Resolve(options.KeyColumns[i], "KeyColumns");
        }

        Assign(options.TitleColumn, "TitleColumn", Role.Title);
        var titleOrdinal = options.TitleColumn is null ? -1 : Resolve(options.TitleColumn, "TitleColumn");
        foreach (var text in options.TextColumns)
        {
            Assign(text, "TextColumns", Role.Text);
        }

        Assign(options.UpdatedAtColumn, "UpdatedAtColumn", Role.Version);
        Assign(options.AclColumn, "AclColumn", Role.Acl);
        return new SqlRowMapper(name, columns, keyOrdinals, titleOrdinal);
    }

    /// <summary>The current row of <paramref name="reader"/> as a record, or null with its problem added to <paramref name="problems"/>.</summary>
    /// <param name="reader">A reader positioned on a row.</param>
    /// <param name="rowNumber">The 1-based row number, for problems of rows without a readable key.</param>
    /// <param name="problems">Where a bad row is reported.</param>
    public SqlRecord? Map(DbDataReader reader, long rowNumber, ICollection<ParseProblem> problems)
    {
        var rowLocation = string.Create(CultureInfo.InvariantCulture, $"row {rowNumber}");
        var keyParts = new string[_keyOrdinals.Length];
        for (var i = 0; i < _keyOrdinals.Length; i++)
        {
            var column = _columns[_keyOrdinals[i]];
            if (!TryRead(reader, column, out var value, out var error))
            {
                problems.Add(Problem(rowLocation, error ?? $"key column '{column.Name}' is NULL"));
                return null;
            }

            if (string.IsNullOrWhiteSpace(value.Text) || value.IsBinary)
            {
                problems.Add(Problem(rowLocation, $"key column '{column.Name}' is {(value.IsBinary ? "binary" : "blank")}"));
                return null;
            }

            keyParts[i] = value.Text.Trim();
        }

        var key = keyParts.Length == 1 ? keyParts[0] : string.Join('/', keyParts.Select(EscapeKeyPart));
        var location = "key " + key;
        var blocks = new BlockCollector();
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        string? title = null;
        Acl? acl = null;
        foreach (var column in _columns)
        {
            if (!TryRead(reader, column, out var value, out var error))
            {
                if (error is not null)
                {
                    problems.Add(Problem(location, error) with { RecordKey = key });
                    return null;
                }

                continue;
            }

            if (column.Role == Role.Acl)
            {
                // SECURITY: a row whose ACL cannot be read is not indexed at all, rather than indexed more widely.
                if (string.IsNullOrWhiteSpace(value.Text))
                {
                    continue;
                }

                if (value.IsBinary)
                {
                    problems.Add(Problem(location, $"column '{column.Name}': an ACL cannot be binary") with { RecordKey = key });
                    return null;
                }

                if (!SqlAclParser.TryParse(value.Text, out var parsed, out var aclError))
                {
                    problems.Add(Problem(location, $"column '{column.Name}': {aclError}") with { RecordKey = key });
                    return null;
                }

                acl = parsed;
                continue;
            }

            metadata.TryAdd(column.Name, SqlValueFormatter.Cap(value.IsBinary ? value.Text : value.Text.Trim(), MaxMetadataValueLength));
            if (value.IsBinary)
            {
                continue;
            }

            switch (column.Role)
            {
                case Role.Text:
                    blocks.Add(BlockKind.Paragraph, value.Text);
                    break;
                case Role.Field:
                    blocks.Add(BlockKind.Paragraph, $"{column.Name}: {value.Text.Trim()}");
                    break;
                default:
                    break;
            }

            if (column.Ordinal == _titleOrdinal && !string.IsNullOrWhiteSpace(value.Text))
            {
                title = InlineText.Collapse(value.Text);
            }
        }

        title ??= $"{_name} {key}";
        if (blocks.Blocks.Count == 0)
        {
            // A row of a title and keys only is still findable by its title.
            blocks.Add(BlockKind.Paragraph, title);
        }

        return new SqlRecord(new ParsedDocument(key, title, blocks.Blocks, metadata), acl);
    }

    // False with error null for NULL; false with the reason when the driver cannot convert the value.
    private static bool TryRead(DbDataReader reader, Column column, out SqlValue value, out string? error)
    {
        value = default;
        error = null;
        try
        {
            if (reader.IsDBNull(column.Ordinal))
            {
                return false;
            }

            value = SqlValueFormatter.Format(reader.GetValue(column.Ordinal), column.DataTypeName);
            return true;
        }
        catch (Exception e) when (e is InvalidCastException or OverflowException or FormatException or NotSupportedException or ArgumentException)
        {
            error = $"column '{column.Name}': cannot read the {column.DataTypeName} value ({Parsing.ParserErrors.OneLine(e.Message)})";
            return false;
        }
    }

    // Composite keys join with '/', so a '/' (and the escape '%') inside a part is percent-encoded.
    private static string EscapeKeyPart(string part) =>
        part.Contains('/', StringComparison.Ordinal) || part.Contains('%', StringComparison.Ordinal)
            ? new StringBuilder(part).Replace("%", "%25").Replace("/", "%2F").ToString()
            : part;

    private ParseProblem Problem(string location, string reason) => new(_name, location, reason, ErrorCode.CorruptInput);

    private sealed record Column(string Name, int Ordinal, string DataTypeName, Role Role);
}
