using System.Collections.Frozen;

namespace Hunyu.Ingestion.Parsing;

/// <summary>One named value of a record: a CSV cell or a JSON property (nested objects and arrays as JSON text).</summary>
internal readonly record struct RecordField(string Name, string Value, bool IsScalar);

/// <summary>A record parser's output for one record: a document, or the problem that kept it from being one.</summary>
internal readonly record struct RecordOutcome(ParsedDocument? Document, ParseProblem? Problem);

/// <summary>
/// Turns the fields of one record into a <see cref="ParsedDocument"/>, the same way for CSV, JSON and JSON Lines:
/// <c>id</c> is the record key, <c>title</c> / <c>标题</c> / <c>name</c> the title, <c>text</c> / <c>content</c> /
/// <c>body</c> / <c>正文</c> / <c>内容</c> plain paragraphs; other fields go to metadata (capped at
/// <see cref="MaxMetadataValueLength"/> characters) and, for CSV always and for JSON when the record has no text field,
/// also become "<c>name: value</c>" paragraphs. Field names match case-insensitively.
/// </summary>
internal static class RecordBuilder
{
    /// <summary>The longest metadata value kept; longer values are cut and end with "…" (their full text is in the blocks or the source).</summary>
    public const int MaxMetadataValueLength = 256;

    private static readonly FrozenSet<string> IdFields = FrozenSet.ToFrozenSet(["id", "_id"], StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenSet<string> TextFields = FrozenSet.ToFrozenSet(["text", "content", "body", "正文", "内容"], StringComparer.OrdinalIgnoreCase);

    // In order of preference.
    private static readonly string[] TitleFields = ["title", "标题", "name"];

    /// <summary>Builds the document, or returns null with a reason when the record holds no text.</summary>
    /// <param name="fields">The record's fields in source order.</param>
    /// <param name="fallbackKey">The key when there is no id (row or line number); null for a file that is one document.</param>
    /// <param name="fallbackTitle">The title when there is no title field.</param>
    /// <param name="fieldsAsText">True to turn every other field into a "name: value" paragraph (CSV); false to do so only when the record has no text field (JSON).</param>
    /// <param name="problem">Why no document was built.</param>
    public static ParsedDocument? Build(IReadOnlyList<RecordField> fields, string? fallbackKey, string fallbackTitle, bool fieldsAsText, out string? problem)
    {
        var idIndex = IndexOf(fields, field => IdFields.Contains(field.Name) && !string.IsNullOrWhiteSpace(field.Value));
        var titleIndex = TitleFields
            .Select(name => IndexOf(fields, field => string.Equals(field.Name, name, StringComparison.OrdinalIgnoreCase) && field.IsScalar && !string.IsNullOrWhiteSpace(field.Value)))
            .FirstOrDefault(index => index >= 0, -1);
        var hasTextField = fields.Any(field => TextFields.Contains(field.Name) && !string.IsNullOrWhiteSpace(field.Value));
        var listFields = fieldsAsText || !hasTextField;

        var blocks = new BlockCollector();
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < fields.Count; i++)
        {
            var field = fields[i];
            if (string.IsNullOrWhiteSpace(field.Value) || IdFields.Contains(field.Name) || i == titleIndex)
            {
                continue;
            }

            if (TextFields.Contains(field.Name))
            {
                blocks.Add(BlockKind.Paragraph, field.Value);
                continue;
            }

            if (listFields && field.IsScalar)
            {
                blocks.Add(BlockKind.Paragraph, $"{field.Name}: {field.Value.Trim()}");
            }

            metadata.TryAdd(field.Name, Cap(field.Value.Trim()));
        }

        if (blocks.Blocks.Count == 0)
        {
            problem = "has no text (no text/content/body field and no other values)";
            return null;
        }

        problem = null;
        var key = idIndex >= 0 ? fields[idIndex].Value.Trim() : fallbackKey;
        var title = titleIndex >= 0 ? InlineText.Collapse(fields[titleIndex].Value) : fallbackTitle;
        return new ParsedDocument(key, title, blocks.Blocks, metadata);
    }

    private static int IndexOf(IReadOnlyList<RecordField> fields, Func<RecordField, bool> predicate)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (predicate(fields[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static string Cap(string value)
    {
        if (value.Length <= MaxMetadataValueLength)
        {
            return value;
        }

        var cut = MaxMetadataValueLength - 1;
        if (char.IsHighSurrogate(value[cut - 1]))
        {
            cut--;
        }

        return string.Concat(value.AsSpan(0, cut), "…");
    }
}
