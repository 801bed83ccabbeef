using System.Globalization;
using System.Text.Json;
using Hunyu.Core.Errors;

namespace Hunyu.Ingestion.Parsing;

/// <summary>
/// Reads JSON Lines (.jsonl, .ndjson), one record per line, streamed: a line is read, parsed and yielded before the
/// next is read, so a large file is read in flat memory. BEIR corpus lines (<c>{"id", "title", "text"}</c>) become one
/// document each with RecordKey = id, Title = title and one paragraph = text.
/// </summary>
/// <remarks>
/// Field rules are those of <see cref="CsvParser"/>'s records, except that other scalar fields go to metadata only
/// (they become "name: value" paragraphs only when the record has no text field), and nested objects and arrays are
/// kept as JSON text in metadata. Records without an id are keyed by their line number; blank lines are skipped.
/// A bad line (invalid JSON, not an object, no text) does not stop the file: see <see cref="IRecordParser"/> for how it
/// is reported. The caller must keep the stream open while enumerating. Thread-safe.
/// </remarks>
public sealed class JsonLinesParser : RecordFileParser
{
    /// <summary>Creates the parser with the default record limit (<see cref="IngestionLimits.MaxRecordsPerFile"/>).</summary>
    public JsonLinesParser()
        : this(IngestionLimits.MaxRecordsPerFile)
    {
    }

    /// <summary>Creates the parser reading at most <paramref name="maxRecords"/> records per file.</summary>
    public JsonLinesParser(int maxRecords)
        : base(maxRecords)
    {
    }

    /// <inheritdoc/>
    public override IReadOnlyCollection<string> Extensions { get; } = [".jsonl", ".ndjson"];

    private protected override IEnumerable<RecordOutcome> ReadRecords(Stream content, string fileName)
    {
        using var reader = TextDecoder.OpenReader(content, fileName, out _);
        var shortName = Path.GetFileName(fileName);
        long lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var location = string.Create(CultureInfo.InvariantCulture, $"line {lineNumber}");
            yield return Parse(line, fileName, location, string.Create(CultureInfo.InvariantCulture, $"{lineNumber}"), $"{shortName} {location}");
        }
    }

    private static RecordOutcome Parse(string line, string fileName, string location, string fallbackKey, string fallbackTitle)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException ex)
        {
            return new RecordOutcome(null, new ParseProblem(fileName, location, JsonRecord.Reason(ex), ErrorCode.CorruptInput));
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return new RecordOutcome(null, new ParseProblem(fileName, location, $"is {JsonRecord.KindName(root.ValueKind)}, not an object", ErrorCode.CorruptInput));
            }

            var parsed = RecordBuilder.Build(JsonRecord.Fields(root), fallbackKey, fallbackTitle, fieldsAsText: false, out var problem);
            return parsed is not null
                ? new RecordOutcome(parsed, null)
                : new RecordOutcome(null, new ParseProblem(fileName, location, problem!, ErrorCode.CorruptInput));
        }
    }
}
