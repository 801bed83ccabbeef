using System.Globalization;
using System.Text.Json;
using Hunyu.Core.Errors;

namespace Hunyu.Ingestion.Parsing;

/// <summary>
/// Reads JSON (.json): an array of objects gives one record per object, like <see cref="JsonLinesParser"/>'s lines
/// (keyed by id, else the 1-based element number); a single object gives one document (RecordKey = its id, else
/// null). An object whose only content
/// is one array of objects (<c>{"data": [...]}</c>) is read as that array.
/// </summary>
/// <remarks>
/// The file is parsed whole (comments and trailing commas allowed); JSON that does not parse at all is
/// <c>corrupt_input</c>. Elements that are not objects, or hold no text, are reported as described on
/// <see cref="IRecordParser"/> while the rest are read. Thread-safe.
/// </remarks>
public sealed class JsonParser : RecordFileParser
{
    private static readonly JsonDocumentOptions Options = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    /// <summary>Creates the parser with the default record limit (<see cref="IngestionLimits.MaxRecordsPerFile"/>).</summary>
    public JsonParser()
        : this(IngestionLimits.MaxRecordsPerFile)
    {
    }

    /// <summary>Creates the parser reading at most <paramref name="maxRecords"/> records per file.</summary>
    public JsonParser(int maxRecords)
        : base(maxRecords)
    {
    }

    /// <inheritdoc/>
    public override IReadOnlyCollection<string> Extensions { get; } = [".json"];

    private protected override IEnumerable<RecordOutcome> ReadRecords(Stream content, string fileName)
    {
        var decoded = TextDecoder.Decode(content, fileName);
        if (string.IsNullOrWhiteSpace(decoded.Text))
        {
            throw ParserErrors.Empty(fileName);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(decoded.Text, Options);
        }
        catch (JsonException ex)
        {
            throw ParserErrors.Corrupt(fileName, $"not valid JSON: {ParserErrors.OneLine(ex.Message)}", ex);
        }

        return Read(document, fileName);
    }

    private static IEnumerable<RecordOutcome> Read(JsonDocument document, string fileName)
    {
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && WrappedArray(root) is { } wrapped)
            {
                root = wrapped;
            }

            if (root.ValueKind == JsonValueKind.Object)
            {
                var single = RecordBuilder.Build(JsonRecord.Fields(root), fallbackKey: null, Path.GetFileName(fileName), fieldsAsText: false, out var problem);
                yield return new RecordOutcome(single ?? throw ParserErrors.Empty(fileName, problem), null);
                yield break;
            }

            if (root.ValueKind != JsonValueKind.Array)
            {
                throw ParserErrors.Corrupt(fileName, $"the JSON is {JsonRecord.KindName(root.ValueKind)}; expected an object or an array of objects");
            }

            var shortName = Path.GetFileName(fileName);
            var number = 0;
            foreach (var element in root.EnumerateArray())
            {
                number++;
                var location = string.Create(CultureInfo.InvariantCulture, $"element {number}");
                if (element.ValueKind != JsonValueKind.Object)
                {
                    yield return new RecordOutcome(null, new ParseProblem(fileName, location, $"is {JsonRecord.KindName(element.ValueKind)}, not an object", ErrorCode.CorruptInput));
                    continue;
                }

                var parsed = RecordBuilder.Build(
                    JsonRecord.Fields(element),
                    number.ToString(CultureInfo.InvariantCulture),
                    $"{shortName} {location}",
                    fieldsAsText: false,
                    out var problem);
                yield return parsed is not null
                    ? new RecordOutcome(parsed, null)
                    : new RecordOutcome(null, new ParseProblem(fileName, location, problem!, ErrorCode.CorruptInput));
            }
        }
    }

    // {"data": [{...}, ...]} and similar wrappers: exactly one property, an array whose items are objects.
    private static JsonElement? WrappedArray(JsonElement root)
    {
        JsonElement? only = null;
        foreach (var property in root.EnumerateObject())
        {
            if (only is not null)
            {
                return null;
            }

            only = property.Value;
        }

        return only is { ValueKind: JsonValueKind.Array } array && array.GetArrayLength() > 0 && array.EnumerateArray().All(item => item.ValueKind == JsonValueKind.Object)
            ? array
            : null;
    }
}
