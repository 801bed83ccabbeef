using System.Text.Json;

namespace Hunyu.Ingestion.Parsing;

/// <summary>Reads the properties of a JSON object as record fields, and names JSON value kinds for messages.</summary>
internal static class JsonRecord
{
    /// <summary>The object's properties in order: strings as their value, numbers and booleans as written, nested objects and arrays as JSON text; nulls are left out.</summary>
    public static List<RecordField> Fields(JsonElement element)
    {
        var fields = new List<RecordField>();
        foreach (var property in element.EnumerateObject())
        {
            var value = property.Value;
            switch (value.ValueKind)
            {
                case JsonValueKind.String:
                    fields.Add(new RecordField(property.Name, value.GetString() ?? string.Empty, IsScalar: true));
                    break;
                case JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False:
                    fields.Add(new RecordField(property.Name, value.GetRawText(), IsScalar: true));
                    break;
                case JsonValueKind.Object or JsonValueKind.Array:
                    fields.Add(new RecordField(property.Name, value.GetRawText(), IsScalar: false));
                    break;
                default:
                    break;
            }
        }

        return fields;
    }

    /// <summary>"an object", "a string", … for messages.</summary>
    public static string KindName(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    /// <summary>The first line of a <see cref="JsonException"/> message, without System.Text.Json's position suffix when the caller gives its own.</summary>
    public static string Reason(JsonException exception)
    {
        var message = ParserErrors.OneLine(exception.Message);
        var suffix = message.IndexOf(" Path: ", StringComparison.Ordinal);
        if (suffix < 0)
        {
            suffix = message.IndexOf(" LineNumber: ", StringComparison.Ordinal);
        }

        return "invalid JSON: " + (suffix > 0 ? message[..suffix].TrimEnd('.', ' ') : message);
    }
}
